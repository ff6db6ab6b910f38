"""InferenceHandler: the steps every inference surface shares.

Resolve the model's card and task, run the task, and write the result with the service's
response headers. Surfaces subclass it and decide how inputs are read and results rendered.
"""
from __future__ import annotations

import functools
import json
from typing import Any, AsyncIterator, Callable, Iterable

from .. import errors, limits
from ..control.answers import as_task_result
from ..synth.seed import seed_bytes
from ..tasks import InferenceRequest, MediaResult, Task
from .base import BaseHandler, dumps, header

_NO_OUTPUT: Any = object()
# Unpaced stream events written per flush (see send_events).
_EVENTS_PER_FLUSH = 16


def _controlled(post: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(post)
    async def controlled_post(self: "InferenceHandler", *args: Any, **kwargs: Any) -> None:
        control = self.state.control
        if control.active and await control.before_inference(self):
            return
        try:
            result = post(self, *args, **kwargs)
            if result is not None:
                await result
        except (TypeError, ValueError, KeyError, AttributeError, IndexError) as exc:
            if self.control_output is _NO_OUTPUT:
                raise
            # A rule's `output` the surface cannot render is the test's mistake: say so, not "unknown error".
            raise errors.ServiceError(
                500, f"the rule's `output` is not a valid {self.task_name or 'task'} result for this route: {type(exc).__name__}: {exc}",
            ) from None

    controlled_post._controlled = True  # type: ignore[attr-defined]
    return controlled_post


class InferenceHandler(BaseHandler):
    requires_auth = True
    # Set by the control layer (hf_tornado.control) for one request: a rule's task output that
    # ``run`` returns instead of running the task, a plan that shapes ``send_events``, and the
    # name of the caller's token when a token list is configured.
    control_output: Any = _NO_OUTPUT
    control_stream: Any = None
    token_name: str | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Every surface's `post` runs the control step first (stubs, faults, warm-up, tokens):
        # one choke point, so a new surface gets it without remembering to call it.
        super().__init_subclass__(**kwargs)
        post = cls.__dict__.get("post")
        if post is not None and not getattr(post, "_controlled", False):
            cls.post = _controlled(post)  # type: ignore[method-assign]

    def record_in_journal(self) -> None:
        first = not getattr(self, "_journaled", False)
        super().record_in_journal()
        if first and self.request.method == "POST":  # usage totals, at the same moment as the journal
            self.state.control.after_request(self, self.get_status())

    def task_for(self, task_name: str) -> Task:
        task = self.state.registry.get(task_name)
        if task is None:
            known = ", ".join(sorted(self.state.registry.tasks))
            raise errors.bad_request(f"Unknown task {task_name!r}. Known tasks: {known}", code="unknown_task")
        return task

    def make_request(self, model: str, task_name: str, **fields: Any) -> InferenceRequest:
        self.model = model
        self.task_name = task_name
        self.journal_extra.setdefault("parameters", dict(fields.get("parameters") or {}))
        too_many = limits.batch_error(fields.get("inputs"), self.state.config.max_batch_size)
        if too_many is not None:
            raise too_many
        card = self.state.registry.catalog.card(model, task_name)
        return InferenceRequest(
            model=model,
            task=task_name,
            card=card,
            accept=header(self.request.headers, "Accept", "*/*"),
            user_agent=header(self.request.headers, "User-Agent", ""),
            **fields,
        )

    def run(self, request: InferenceRequest) -> Any:
        if self.control_output is not _NO_OUTPUT:
            result = as_task_result(self.control_output, request)
        else:
            result = self.task_for(request.task).run(request)
        # Config.max_stream_events: a longer answer ends with finish_reason "length" on every
        # surface, streamed or not (limits.cap_generation).
        return limits.cap_generation(result, self.state.config.max_stream_events)

    # --- response headers -------------------------------------------------------------------
    def set_service_headers(self, characters: int) -> None:
        number = self.state.next_request_number()
        digest = seed_bytes("request-id", id(self.state), number).hex()
        # Hex digits, numbers and constants: nothing Tornado's per-value check could refuse.
        set_header = self.set_trusted_header
        set_header("x-request-id", f"Root=1-{digest[:8]}-{digest[8:32]}")
        set_header("x-inference-id", digest[32:53])
        set_header("x-compute-type", "cpu")
        set_header("x-compute-time", f"{0.01 + characters / 100000:.3f}")
        set_header("x-compute-characters", str(characters))
        set_header("x-inference-provider", "hf-inference")

    def write_result(self, result: Any, characters: int) -> None:
        self.set_service_headers(characters)
        if isinstance(result, MediaResult):
            self.set_header("Content-Type", result.content_type)
            self.finish(result.data)
        else:
            self.write_json(result)

    # --- server-sent events -----------------------------------------------------------------
    def start_event_stream(self, characters: int) -> None:
        self.streamed = True
        self.set_service_headers(characters)
        self.set_header("Content-Type", "text/event-stream")
        self.set_header("Cache-Control", "no-cache")
        self.set_header("X-Accel-Buffering", "no")

    async def send_events(self, events: Iterable[Any] | AsyncIterator[Any], *, done: bool) -> None:
        """Write each event as one `data:` line and a blank line; `data: [DONE]` when ``done``."""
        if self.control_stream is not None:  # a fault paces, breaks or prolongs this stream
            await self.control_stream.send(self, events, done=done)
            return
        if hasattr(events, "__aiter__"):
            async for event in events:  # type: ignore[union-attr]
                await self._send_event(event)
        else:
            # A plain iterable has every event ready at once: flushing each one cost a write
            # call, a future and a loop turn per token (3/4 of a 1,000-token stream's time,
            # docs/performance.md). Flushing every few events keeps backpressure on slow
            # readers and puts the same bytes on the wire.
            for count, event in enumerate(events, 1):  # type: ignore[arg-type]
                self.write(b"data: " + (event if isinstance(event, bytes) else dumps(event)) + b"\n\n")
                if count % _EVENTS_PER_FLUSH == 0:
                    await self.flush()
        if done:
            self.write(b"data: [DONE]\n\n")
        self.finish()

    async def _send_event(self, event: Any) -> None:
        self.write(b"data: " + (event if isinstance(event, bytes) else dumps(event)) + b"\n\n")
        await self.flush()


def characters_of(value: Any) -> int:
    """x-compute-characters: the length of the text input; -1 for binary input."""
    if isinstance(value, (bytes, bytearray)):
        return -1
    if isinstance(value, str):
        return len(value)
    return len(_ENCODE_TEXT(value)) if value is not None else 0


# json.dumps(value, ensure_ascii=False), its encoder built once: the same text.
_ENCODE_TEXT = json.JSONEncoder(ensure_ascii=False).encode
