"""The pipeline API: `POST /models/{id}` and the router's and legacy forms of it.

The task comes from the path, then `?task=`, then a body `task` key (removed), then the
registry. Bodies are JSON (`{"inputs", "parameters", ...}`), raw media bytes, or (legacy) plain
text that is itself the `inputs`.
"""
from __future__ import annotations

from typing import Any

from .. import __version__, errors
from ..builtin_tasks.models import task_from_shape
from ..media import sniff
from ..media_info import compute_headers
from ..tasks import MISSING, Generation
from . import tgi_format
from .base import loads_json
from .inference import InferenceHandler, characters_of
from .tei_format import tei_info
from .tgi import send_stream_error


_TEI_SERVED_TASKS = ("feature-extraction", "sentence-similarity", "text-classification")


class PipelineHandler(InferenceHandler):
    surface = "pipeline"
    route_kind = "pipeline"

    def get(self, model: str | None = None, task: str | None = None) -> None:
        # GET /models/{id}/info and /models/{id}/health are TGI's; POST to the same paths is
        # inference on a model whose id ends in /info.
        model = (model or "").rstrip("/")
        head, _, tail = model.rpartition("/")
        if task is None and head and tail in ("info", "health"):
            self.model = head
            if tail == "health":
                # TGI's and TEI's /health: 200 with an empty body and no Content-Type (Tornado's
                # default would label the empty body text/html).
                self.set_status(200)
                self.clear_header("Content-Type")
                self.finish()
                return
            card = self.state.registry.catalog.card(head)
            if card.task in _TEI_SERVED_TASKS:
                # Embedding, similarity and classifier models run on TEI: its /info form.
                self.write_json(tei_info(card))
                return
            self.write_json(tgi_format.info(card, __version__))
            return
        raise errors.ServiceError(405, "Method GET is not allowed on this route; use POST", code="method_not_allowed")

    async def post(self, model: str | None = None, task: str | None = None) -> None:
        body, raw, media_type = self.decode_body()
        model = (model or "").rstrip("/")
        # (Tornado's query parsing skipped when there is no query: same None.)
        explicit = task or (self.get_query_argument("task", None) if self.request.query else None)
        if isinstance(body, dict) and "task" in body:
            body_task = body.pop("task")
            explicit = explicit or (body_task if isinstance(body_task, str) else None)
        subject = raw if raw is not None else body
        if not model:
            model, explicit = self.default_model_for(subject, explicit)
        task_name = explicit or self.state.registry.resolve(model, subject)
        task_obj = self.task_for(task_name)

        fields: dict[str, Any] = {}
        if raw is not None:
            fields.update(inputs=raw, raw=raw, media_type=media_type)
        elif isinstance(body, dict):
            parameters = body.get("parameters")
            if parameters is not None and not isinstance(parameters, dict):
                raise errors.invalid_field("parameters", "input should be a valid dictionary")
            fields.update(inputs=body.get("inputs", MISSING), parameters=dict(parameters or {}), body=body)
            fields["stream"] = body.get("stream") is True
        else:
            fields.update(inputs=body)
        request = self.make_request(model, task_obj.name, **fields)
        characters = characters_of(request.inputs if request.inputs is not MISSING else None)
        for name, value in (compute_headers(raw) if raw is not None else {}).items():
            self.set_header(name, value)  # x-compute-images / x-compute-audio-length (WIRE.md 7)
        try:
            result = self.run(request)
        except errors.ServiceError as exc:
            if not (request.stream and task_obj.name == "text-generation" and not exc.plain_text):
                raise
            await send_stream_error(self, exc, characters)
            return
        if isinstance(result, Generation):
            await self.write_generation(result, request.parameters, request.stream, request.card.task == "text-generation", characters)
        else:
            self.write_result(result, characters)

    def default_model_for(self, subject: Any, task: str | None) -> tuple[str, str | None]:
        """`POST /` and `POST /v1` serve the default model; a bare `{"inputs": str | [str]}`
        there means embeddings (TGI/TEI compat route)."""
        config = self.state.config
        shape = task_from_shape(subject, embeddings_by_default=True) if task is None else None
        if shape in ("feature-extraction", "sentence-similarity"):
            # hf_hub's feature_extraction and sentence_similarity with base_url=BASE post here.
            return config.default_embedding_model, shape
        if task in ("feature-extraction", "sentence-similarity"):
            return config.default_embedding_model, task
        return config.default_model, task

    async def write_generation(
        self, gen: Generation, parameters: dict[str, Any], stream: bool, full_text_default: bool, characters: int
    ) -> None:
        full_text = parameters.get("return_full_text")
        full_text = full_text_default if full_text is None else bool(full_text)
        with_details = bool(parameters.get("details"))
        self.journal_extra.update(prompt_tokens=gen.prompt_tokens, generated_tokens=gen.generated_tokens)
        if stream:
            self.start_event_stream(characters)
            await self.send_events(tgi_format.stream_events(gen, full_text=full_text, with_details=with_details), done=False)
            return
        self.set_trusted_header("x-prompt-tokens", str(gen.prompt_tokens))
        self.set_trusted_header("x-generated-tokens", str(gen.generated_tokens))
        self.write_result([tgi_format.response(gen, full_text=full_text, with_details=with_details)], characters)

    def decode_body(self) -> tuple[Any, bytes | None, str | None]:
        """(JSON value or text, raw media bytes, media type). Exactly one of the first two is set."""
        raw = self.body
        content_type = self.request.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
        media_type = sniff(raw)
        if media_type is not None:
            return None, raw, content_type if content_type.split("/")[0] in ("image", "audio", "video") else media_type
        if not raw.strip():
            return {}, None, None
        declared_json = content_type.endswith("json")  # is_json_request(), on the type parsed above
        if declared_json or raw.lstrip()[:1] in (b"{", b"[", b'"'):
            try:
                return loads_json(raw), None, None
            except (ValueError, UnicodeDecodeError) as exc:
                if declared_json:
                    raise errors.bad_request(f"Invalid JSON body: {exc}") from None
        try:
            return raw.decode("utf-8"), None, None
        except UnicodeDecodeError:
            return None, raw, content_type or "application/octet-stream"
