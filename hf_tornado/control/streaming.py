"""Stream faults and pacing: how a stream is sent when a fault or a rule shapes it.

``InferenceHandler.send_events`` hands its events here when the request has a ``StreamPlan``:
time to first token, tokens per second, an error event after N chunks (TGI's
``{"error", "error_type"}``, the OpenAI envelope on `/v1`), a connection cut after N chunks, or
an endless stream of filler chunks bounded by ``max_chunks``.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, AsyncIterator, Iterable

from tornado.iostream import StreamClosedError

from .. import errors


@dataclass
class StreamPlan:
    time_to_first_token: float = 0.0
    interval: float = 0.0
    error_after: int | None = None
    error: errors.ServiceError | None = None
    cut_after: int | None = None
    endless_max: int | None = None
    source: str = ""

    @classmethod
    def from_fault(cls, fault: Any, model: str) -> "StreamPlan":
        s = fault.spec
        tps = s.get("tokens_per_second")
        plan = cls(time_to_first_token=float(s.get("time_to_first_token", 0.0)),
                   interval=1.0 / tps if tps else 0.0, source=fault.id)
        if fault.kind == "stream_error":
            plan.error_after = int(s.get("after_chunks", 1))
            plan.error = errors.ServiceError(
                int(s.get("status", 424)),
                s.get("message") or "Request failed during generation: Server error: CUDA out of memory. Tried to allocate 2.00 GiB",
                error_type=s.get("error_type", "generation"),
            )
        elif fault.kind == "stream_cut":
            plan.cut_after = int(s.get("after_chunks", 1))
        elif fault.kind == "stream_endless":
            plan.endless_max = int(s["max_chunks"])
        return plan

    def merge_pacing(self, other: "StreamPlan") -> None:
        """Latency faults add their pacing to the plan of a decisive fault."""
        self.time_to_first_token = max(self.time_to_first_token, other.time_to_first_token)
        self.interval = max(self.interval, other.interval)

    async def send(self, handler: Any, events: Iterable[Any] | AsyncIterator[Any], *, done: bool) -> None:
        items = [e async for e in events] if hasattr(events, "__aiter__") else list(events)  # type: ignore[union-attr]
        # The endless fault ends as it was asked to (cut at max_chunks), unless the server's stream
        # limit comes first: then it ends as the real service ends a generation at its token
        # limit, finish_reason "length" and the closing events (Config.max_stream_events).
        limited = False
        if self.endless_max is not None:
            limit = handler.state.config.max_stream_events
            if 0 < limit < self.endless_max:
                items, limited = ended_by_length(list(_endless(items, limit)), items), True
            else:
                items = _endless(items, self.endless_max)
        sent = 0
        try:
            for event in items:
                await asyncio.sleep(self.time_to_first_token if sent == 0 else self.interval)
                if self.error_after is not None and sent >= self.error_after:
                    break
                if self.cut_after is not None and sent >= self.cut_after:
                    break
                await handler._send_event(event)
                sent += 1
            if self.error is not None:
                handler.journal_extra["stream_error_after"] = sent
                await handler._send_event(self.error.body("openai" if handler.surface == "openai" else "tgi"))
                handler.finish()
                return
            if self.cut_after is not None or (self.endless_max is not None and not limited):
                handler.journal_extra["stream_cut_after"] = sent
                cut(handler)
                return
            if done:
                handler.write(b"data: [DONE]\n\n")
            handler.finish()
        except StreamClosedError:
            # The client gave up (the usual end of an endless stream): still journal it.
            handler.journal_extra["client_closed_after"] = sent
            if not handler._finished:
                handler.finish()


def _endless(items: list[Any], maximum: int) -> Iterable[Any]:
    """The events that do not end the stream, again and again, renumbered, up to ``maximum``."""
    body = [e for e in items if not _is_final(e)] or items[:1]
    if not body:
        return
    for number in range(maximum):
        event = body[number % len(body)]
        if isinstance(event, dict) and "index" in event and "token" in event:
            event = {**event, "index": number + 1}
        yield event


def ended_by_length(sent: list[Any], original: list[Any]) -> list[Any]:
    """``sent`` (the endless body events, cut at the server's limit) closed like a generation
    that reached its token limit: the last token event carries finish_reason "length" (TGI: the
    whole text and details; OpenAI: the choice's reason, and usage on completions), then the
    original usage-only chunk, its counts made to agree with what was sent."""
    if not sent or not isinstance(sent[-1], dict):
        return sent
    count = len(sent)
    finals = [e for e in original if _is_final(e)]
    last = dict(sent[-1])
    if "token" in last:  # TGI
        texts = [e["token"].get("text", "") for e in sent if isinstance(e, dict) and isinstance(e.get("token"), dict) and not e["token"].get("special")]
        final = finals[-1] if finals else {}
        whole = "".join(e["token"].get("text", "") for e in original if isinstance(e, dict) and isinstance(e.get("token"), dict) and not e["token"].get("special"))
        generated = final.get("generated_text") if isinstance(final.get("generated_text"), str) else ""
        prompt = generated[: len(generated) - len(whole)] if whole and generated.endswith(whole) else ""  # return_full_text
        last["generated_text"] = prompt + "".join(texts)
        details = final.get("details")
        last["details"] = {**details, "finish_reason": "length", "generated_tokens": count} if isinstance(details, dict) else None
        return sent[:-1] + [last]
    if isinstance(last.get("choices"), list):  # OpenAI chat and completions chunks
        last["choices"] = [{**c, "finish_reason": "length"} if isinstance(c, dict) else c for c in last["choices"]]
        closing: list[Any] = []
        for final in finals:
            usage = final.get("usage")
            if not isinstance(usage, dict):
                continue
            usage = {**usage, "completion_tokens": count, "total_tokens": int(usage.get("prompt_tokens", 0)) + count}
            if final.get("choices"):  # completions: usage rides on the last token's chunk
                last["usage"] = usage
            else:
                closing.append({**final, "usage": usage})
        return sent[:-1] + [last] + closing
    return sent


def _is_final(event: Any) -> bool:
    """A TGI event with the whole text, or an OpenAI chunk with a finish reason or usage only."""
    if not isinstance(event, dict):
        return False
    if event.get("generated_text") is not None:
        return True
    choices = event.get("choices")
    if choices is None:
        return False
    return not choices or any(isinstance(c, dict) and c.get("finish_reason") is not None for c in choices)


def cut(handler: Any) -> None:
    """Close the connection mid-body (no terminating chunk), then let the handler finish so the
    journal still records the request."""
    connection = handler.request.connection
    stream = getattr(connection, "stream", None)
    if stream is not None:
        stream.close()
    if not handler._finished:
        try:
            handler.finish()
        except StreamClosedError:
            pass
