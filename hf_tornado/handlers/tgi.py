"""TGI's native routes: `POST /generate`, `/generate_stream`, `/tokenize`; `GET /info`, `/ping`,
`/metrics` (WIRE.md 4.1-4.6). The compat routes (`POST /`, `/models/{id}`) live in pipeline.py and
render through the same ``tgi_format`` helpers.

`/info` and `/tokenize` answer in TGI's form when the default model generates text, and in TEI's
form (``tei_format``) when it is an embedding, ranking or classification model.
"""
from __future__ import annotations

from typing import Any

from .. import __version__, errors
from ..builtin_tasks.generation_params import deserialize_error
from ..synth.text import token_id, tokenize
from ..tasks import Generation
from . import axum, tei_format, tgi_format
from .base import BaseHandler
from .container import ContainerHandler
from .inference import InferenceHandler, characters_of


def framework_body(handler: BaseHandler) -> dict[str, Any]:
    """The JSON object of a TGI route, with axum's text/plain framework errors (WIRE.md 4.1)."""
    axum.require_json_content_type(handler.request.headers.get("Content-Type", ""))
    body = axum.parse_json(handler.body)
    if not isinstance(body, dict):
        raise deserialize_error("", "invalid type: expected struct GenerateRequest")
    return body


def generation_request_fields(body: dict[str, Any]) -> dict[str, Any]:
    if "inputs" not in body:
        raise deserialize_error("", "missing field `inputs`")
    if not isinstance(body["inputs"], str):
        raise deserialize_error("inputs", "invalid type: expected a string")
    parameters = body.get("parameters")
    if parameters is not None and not isinstance(parameters, dict):
        raise deserialize_error("parameters", "invalid type: expected struct GenerateParameters")
    return {"inputs": body["inputs"], "parameters": dict(parameters or {}), "body": body}


def tgi_headers(handler: InferenceHandler, gen: Generation) -> None:
    """TGI's timing and token headers, derived from the request so that they are stable."""
    per_token = 12 + gen.prompt_tokens % 7
    inference = per_token * max(gen.generated_tokens, 1)
    handler.set_header("x-compute-type", "gpu+optimized")
    handler.set_header("x-compute-time", f"{inference / 1000:.9f}")
    handler.set_header("x-total-time", str(inference + 2))
    handler.set_header("x-validation-time", "1")
    handler.set_header("x-queue-time", "1")
    handler.set_header("x-inference-time", str(inference))
    handler.set_header("x-time-per-token", str(per_token))
    handler.set_header("x-prompt-tokens", str(gen.prompt_tokens))
    handler.set_header("x-generated-tokens", str(gen.generated_tokens))


async def send_stream_error(handler: InferenceHandler, exc: errors.ServiceError, characters: int) -> None:
    """A streamed generation's validation error: one SSE error event, as TGI sends (WIRE.md 4.3)."""
    handler.start_event_stream(characters)
    handler.journal_extra["error"] = exc.message
    await handler.send_events([tgi_format.stream_error_event(exc)], done=False)


class TGINativeHandler(ContainerHandler):
    """TGI's own POST routes: a TGI container's auth (``container``)."""

    surface = "tgi"
    route_kind = "tgi"


class GenerateHandler(TGINativeHandler):
    """`POST /generate` (one object) and `POST /generate_stream` (SSE, no `[DONE]`)."""

    def initialize(self, state: Any, stream: bool = False) -> None:  # type: ignore[override]
        super().initialize(state)
        self.stream = stream

    async def post(self) -> None:
        fields = generation_request_fields(framework_body(self))
        parameters = fields["parameters"]
        request = self.make_request(self.state.config.default_model, "text-generation", stream=self.stream, **fields)
        characters = characters_of(request.inputs)
        with_details = bool(parameters.get("details"))
        full_text = bool(parameters.get("return_full_text"))
        if self.stream:
            try:
                gen = self.run(request)
            except errors.ServiceError as exc:
                if exc.plain_text:
                    raise
                await send_stream_error(self, exc, characters)
                return
            self.journal_extra.update(prompt_tokens=gen.prompt_tokens, generated_tokens=gen.generated_tokens)
            self.start_event_stream(characters)
            await self.send_events(tgi_format.stream_events(gen, full_text=full_text, with_details=with_details), done=False)
            return
        gen = self.run(request)
        self.journal_extra.update(prompt_tokens=gen.prompt_tokens, generated_tokens=gen.generated_tokens)
        self.set_service_headers(characters)
        tgi_headers(self, gen)
        self.write_json(tgi_format.response(gen, full_text=full_text, with_details=with_details))


def _default_card(handler: BaseHandler) -> Any:
    return handler.state.registry.catalog.card(handler.state.config.default_model)


class InfoHandler(BaseHandler):
    surface = "tgi"
    route_kind = "tgi"

    def get(self) -> None:
        card = _default_card(self)
        self.model = card.id
        if card.task != "text-generation":
            self.write_json(tei_format.tei_info(card))
            return
        self.write_json(tgi_format.info(card, __version__))


class TokenizeHandler(TGINativeHandler):
    def post(self) -> None:
        body = framework_body(self)
        card = _default_card(self)
        self.model = card.id
        if card.task != "text-generation":
            self.write_json(tei_format.tei_tokenize(card, body))
            return
        inputs = generation_request_fields(body)["inputs"]  # a string, or a deserialisation error
        self.write_json(tokens_with_offsets(inputs))


def tokens_with_offsets(text: str) -> list[dict[str, Any]]:
    """TGI `/tokenize`: each token with its id and code-point offsets in ``text``."""
    out = []
    start = 0
    for piece in tokenize(text):
        out.append({"id": token_id(piece), "text": piece, "start": start, "stop": start + len(piece)})
        start += len(piece)
    return out


class PingHandler(BaseHandler):
    """`GET /ping`: 200 with an empty body while the server is healthy."""

    surface = "tgi"

    def get(self) -> None:
        self.set_status(200)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish()


class MetricsHandler(BaseHandler):
    """`GET /metrics`: Prometheus text with TGI's metric names, counted from the journal."""

    surface = "tgi"

    def get(self) -> None:
        entries = self.state.journal.entries()
        generations = [e for e in entries if e.task == "text-generation"]
        succeeded = [e for e in generations if e.status < 400]
        generated = sum(int(e.extra.get("generated_tokens", 0)) for e in succeeded)
        prompt = sum(int(e.extra.get("prompt_tokens", 0)) for e in succeeded)
        lines = [
            "# TYPE tgi_request_count counter",
            f"tgi_request_count {len(generations)}",
            "# TYPE tgi_request_success counter",
            f"tgi_request_success {len(succeeded)}",
            "# TYPE tgi_request_failure counter",
            f"tgi_request_failure {len(generations) - len(succeeded)}",
            "# TYPE tgi_queue_size gauge",
            "tgi_queue_size 0",
            "# TYPE tgi_batch_current_size gauge",
            "tgi_batch_current_size 0",
            "# TYPE tgi_request_generated_tokens_sum counter",
            f"tgi_request_generated_tokens_sum {generated}",
            "# TYPE tgi_request_input_length_sum counter",
            f"tgi_request_input_length_sum {prompt}",
            "",
        ]
        self.set_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        self.finish("\n".join(lines))
