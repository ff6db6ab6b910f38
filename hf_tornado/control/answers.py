"""Writing a rule's answer: raw bodies and streams directly, task outputs through the surface.

A rule's ``output`` is what the task would have returned; ``as_task_result`` turns the JSON form
into that (a string for text-generation becomes a ``Generation`` through the project's
tokenizer), so the surface renders it like any result: `/models/{id}`, `/v1/chat/completions`
and TGI streams alike.
"""
from __future__ import annotations

import asyncio
import base64
from typing import Any

from .. import errors
from ..synth.seed import rng
from ..synth.text import EOS_ID, EOS_TEXT, count_tokens, token_id, tokenize
from ..tasks import MISSING, Generation, InferenceRequest, MediaResult, Token

_FINISH_REASONS = ("eos_token", "length", "stop_sequence")


def as_task_result(output: Any, request: InferenceRequest) -> Any:
    """The task result a rule's ``output`` stands for, on ``request``'s task."""
    if request.task != "text-generation":
        if isinstance(output, dict) and "body_base64" in output:
            return MediaResult(base64.b64decode(output["body_base64"]), str(output.get("content_type", "application/octet-stream")))
        return output
    if isinstance(output, str):
        output = {"text": output}
    if not isinstance(output, dict) or not isinstance(output.get("text", ""), str):
        raise errors.ServiceError(500, "the rule's `output` for text-generation must be a string or {\"text\", \"finish_reason\"}")
    text = output.get("text", "")
    if request.chat:  # a chat answer starts a new message: no leading space, as the real ones
        text = text.lstrip()
    return generation_of(request, text, output.get("finish_reason", "eos_token"), output.get("extras") or {})


def generation_of(request: InferenceRequest, text: str, finish_reason: str, extras: dict[str, Any]) -> Generation:
    prompt = request.inputs if isinstance(request.inputs, str) and request.inputs is not MISSING else ""
    if finish_reason not in _FINISH_REASONS:
        finish_reason = "eos_token"
    draw = rng("stub-logprobs", request.model, prompt, text)
    tokens = [Token(token_id(piece), piece, -round(draw.uniform(0.005, 1.5), 4)) for piece in tokenize(text)]
    if finish_reason == "eos_token":
        tokens.append(Token(EOS_ID, EOS_TEXT, -round(draw.uniform(0.005, 0.5), 4), special=True))
    seed = request.parameters.get("seed")
    return Generation(
        prompt=prompt,
        prompt_tokens=count_tokens(prompt),
        tokens=tokens,
        finish_reason=finish_reason,
        seed=seed if isinstance(seed, int) and not isinstance(seed, bool) else None,
        extras=dict(extras),
    )


async def write_raw(handler: Any, response: dict[str, Any]) -> None:
    """Answer with the rule's own status, headers and body (JSON, text, bytes or SSE chunks)."""
    if "error" in response:
        raise errors.ServiceError(
            int(response.get("status", 500)), str(response["error"]), error_type=response.get("error_type"),
            headers=response.get("headers"), extra={},
        )
    handler.set_status(int(response.get("status", 200)))
    for name, value in (response.get("headers") or {}).items():
        handler.set_header(name, str(value))
    if "stream_chunks" in response:
        await _write_stream(handler, response)
        return
    if "body_base64" in response:
        data = base64.b64decode(response["body_base64"])
        handler.set_header("Content-Type", response.get("content_type", "application/octet-stream"))
    elif "text" in response:
        data = str(response["text"]).encode("utf-8")
        handler.set_header("Content-Type", response.get("content_type", "text/plain; charset=utf-8"))
    elif "body" in response:
        from ..handlers.base import dumps

        data = dumps(response["body"])
        handler.set_header("Content-Type", response.get("content_type", "application/json"))
    else:
        data = b""
    handler.finish(data)


async def _write_stream(handler: Any, response: dict[str, Any]) -> None:
    handler.streamed = True
    handler.set_header("Content-Type", response.get("content_type", "text/event-stream"))
    handler.set_header("Cache-Control", "no-cache")
    interval = float(response.get("chunk_interval", 0.0))
    done = response.get("done", handler.route_kind in ("chat", "completions"))
    for index, chunk in enumerate(response["stream_chunks"]):
        if index and interval:
            await asyncio.sleep(interval)
        await handler._send_event(chunk if not isinstance(chunk, str) else chunk.encode("utf-8"))
    if done:
        handler.write(b"data: [DONE]\n\n")
    handler.finish()
