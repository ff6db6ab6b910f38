"""How a ``Generation`` looks on the OpenAI-compatible surface (chat and completions objects,
their stream chunks, logprobs, tool calls, usage)."""
from __future__ import annotations

from typing import Any

from ..builtin_tasks.text_generation_tasks import top_alternatives
from ..synth.seed import seed_bytes, seed_int
from ..synth.text import tokenize
from ..tasks import Generation

SYSTEM_FINGERPRINT = "3.3.6-native"
# `created` is derived from the request, never read from the clock: same request, same bytes.
_CREATED_BASE = 1735689600  # 2025-01-01T00:00:00Z
_CREATED_SPAN = 365 * 24 * 3600


def created_for(*parts: Any) -> int:
    return _CREATED_BASE + seed_int("created", *parts) % _CREATED_SPAN


def completion_id(prefix: str, *parts: Any) -> str:
    return f"{prefix}-{seed_bytes('completion-id', *parts, size=12).hex()}"


def identity(prefix: str, model: str, *parts: Any) -> dict[str, Any]:
    """`id`, `created`, `model` and `system_fingerprint`: what every completion object and chunk
    of one request share, derived from the request's ``parts``."""
    return {"id": completion_id(prefix, *parts), "created": created_for(*parts), "model": model, "system_fingerprint": SYSTEM_FINGERPRINT}


def tool_call_id(*parts: Any) -> str:
    return f"call_{seed_bytes('tool-call-id', *parts, size=12).hex()}"


def finish_reason(gen: Generation) -> str:
    """OpenAI's reason: TGI's `eos_token` and `stop_sequence` are both `stop` (strict SDK
    validation rejects `stop_sequence`); a complete tool call is `tool_calls`."""
    if gen.finish_reason == "length":
        return "length"
    return "tool_calls" if gen.extras.get("tool_call") else "stop"


def visible_text(gen: Generation, stops: list[str]) -> str:
    """The answer text: the generation cut before the first stop sequence (OpenAI leaves the
    stop sequence out; TGI keeps it)."""
    text = gen.text
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
    if taken < len(content):  # never expected: keep the invariant "pieces join to content"
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


def _bytes(text: str) -> list[int]:
    return list(text.encode("utf-8"))


def chat_logprob_entries(gen: Generation, model: str, top: int) -> list[dict[str, Any]]:
    """`choices[].logprobs.content`: one entry per generated token, with ``top`` alternatives."""
    entries = []
    for position, token in enumerate(gen.tokens):
        alternatives = top_alternatives(model, position, token, top) if top else []
        entries.append(
            {
                "token": token.text,
                "logprob": token.logprob,
                "bytes": _bytes(token.text),
                "top_logprobs": [{"token": a["text"], "logprob": a["logprob"], "bytes": _bytes(a["text"])} for a in alternatives],
            }
        )
    return entries


def completion_logprobs(gen: Generation, model: str, top: int, *, echo_prompt: str | None) -> dict[str, Any]:
    """The legacy completions `logprobs` object; with `echo` the prompt's tokens come first
    (the very first with a null logprob, as OpenAI sends it)."""
    tokens: list[str] = []
    logprobs: list[float | None] = []
    tops: list[dict[str, float] | None] = []
    if echo_prompt is not None:
        from ..builtin_tasks.text_generation_tasks import prefill

        for entry in prefill(echo_prompt, 0, model):
            tokens.append(entry["text"])
            logprobs.append(entry["logprob"])
            tops.append(None if entry["logprob"] is None else {entry["text"]: entry["logprob"]})
    for position, token in enumerate(gen.tokens):
        tokens.append(token.text)
        logprobs.append(token.logprob)
        tops.append({a["text"]: a["logprob"] for a in top_alternatives(model, position, token, max(top, 1))})
    offsets = []
    offset = 0
    for text in tokens:
        offsets.append(offset)
        offset += len(text)
    return {"tokens": tokens, "token_logprobs": logprobs, "top_logprobs": tops, "text_offset": offsets}


def tool_call(gen: Generation, arguments: str, *, with_id: str) -> dict[str, Any]:
    return {"id": with_id, "type": "function", "function": {"name": gen.extras["tool_call"], "arguments": arguments}}


def count(text: str) -> int:
    return len(tokenize(text))
