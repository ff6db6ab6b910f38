"""How a ``Generation`` looks on the OpenAI-compatible surface (chat and completions objects,
their stream chunks, usage)."""
from __future__ import annotations

from typing import Any

from ..synth.seed import seed_bytes, seed_int
from ..tasks import Generation

SYSTEM_FINGERPRINT = "3.3.6-native"
# `created` is derived from the request, never read from the clock: same request, same bytes.
_CREATED_BASE = 1735689600  # 2025-01-01T00:00:00Z
_CREATED_SPAN = 365 * 24 * 3600


def created_for(*parts: Any) -> int:
    return _CREATED_BASE + seed_int("created", *parts) % _CREATED_SPAN


def completion_id(prefix: str, *parts: Any) -> str:
    return f"{prefix}-{seed_bytes('completion-id', *parts, size=12).hex()}"


def finish_reason(gen: Generation) -> str:
    """OpenAI's reason: TGI's `eos_token` and `stop_sequence` are both `stop` (strict SDK
    validation rejects `stop_sequence`)."""
    if gen.extras.get("tool_calls"):
        return "tool_calls"
    return "length" if gen.finish_reason == "length" else "stop"


def visible_text(gen: Generation, stops: list[str]) -> str:
    """The answer text: the generation cut before the first stop sequence (OpenAI leaves the
    stop sequence out; TGI keeps it)."""
    text = gen.extras.get("content", gen.text)
    if gen.finish_reason == "stop_sequence" and stops:
        cuts = [text.find(s) for s in stops if s in text]
        if cuts:
            text = text[: min(cuts)]
    return text


def deltas(gen: Generation, content: str) -> list[str]:
    """One text piece per generated token, clipped so that the pieces join to ``content``
    exactly (the special end token gives an empty piece)."""
    pieces: list[str] = []
    taken = 0
    for token in gen.tokens:
        if token.special:
            pieces.append("")
            continue
        piece = content[taken : taken + len(token.text)] if taken < len(content) else ""
        pieces.append(piece)
        taken += len(piece)
    if taken < len(content):  # content longer than the tokens (structured output): tail it on
        if pieces:
            pieces[-1] += content[taken:]
        else:
            pieces.append(content[taken:])
    return pieces


def usage(prompt_tokens: int, completion_tokens: int) -> dict[str, int]:
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }


def token_logprobs(gen: Generation, pieces: list[str], top: int) -> dict[str, Any]:
    items = []
    for token, piece in zip(gen.tokens, pieces):
        entry = {"token": piece if not token.special else token.text, "logprob": token.logprob, "bytes": None}
        entry["top_logprobs"] = [{"token": entry["token"], "logprob": token.logprob, "bytes": None}][:top] if top else []
        items.append(entry)
    return {"content": items, "refusal": None}
