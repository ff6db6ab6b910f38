"""The Hub API routes the inference clients read (WIRE.md 1.8), and the legacy status route.

- `GET /api/models/{id}` (and `/revision/{rev}`): model info; `expand` / `expand[]` narrow it to
  `_id`, `id` and the expanded fields, `inferenceProviderMapping` as an object keyed by provider.
- `GET /api/models`: a listing of the catalog, the mapping as an array (the listing form).
- `GET /api/tasks`: `{task: {"widgetModels": [id, ...], "models": [{"id"}], ...}}`, the first id
  being what hf_hub and the JS SDK call when no model is given.
- `GET /api/agent-harnesses`: hf_hub's telemetry probe, an empty registry.
- `GET /status/{id}`: the legacy model status.

No auth: the Hub answers public model info to anonymous clients. Which ids exist is decided in
hub_info.find_card.
"""
from __future__ import annotations

from typing import Any

from .. import errors, hub_info
from ..control.warmup import model_state
from ..catalog import ModelCard
from .base import BaseHandler

HUB_JSON = "application/json; charset=utf-8"

# Tasks' default models when no catalog card serves the task (WIRE.md 1.6, the clients' docs).
_DEFAULT_MODELS: dict[str, str] = {
    "text-generation": "meta-llama/Llama-3.1-8B-Instruct",
    "feature-extraction": "sentence-transformers/all-MiniLM-L6-v2",
    "sentence-similarity": "sentence-transformers/paraphrase-xlm-r-multilingual-v1",
    "text-classification": "distilbert/distilbert-base-uncased-finetuned-sst-2-english",
    "token-classification": "dslim/bert-base-NER",
    "question-answering": "deepset/roberta-base-squad2",
    "table-question-answering": "google/tapas-base-finetuned-wtq",
    "summarization": "facebook/bart-large-cnn",
    "translation": "Helsinki-NLP/opus-mt-en-fr",
    "text2text-generation": "google/flan-t5-base",
    "fill-mask": "google-bert/bert-base-uncased",
    "zero-shot-classification": "facebook/bart-large-mnli",
    "text-to-image": "black-forest-labs/FLUX.1-schnell",
    "image-to-image": "timbrooks/instruct-pix2pix",
    "image-to-text": "Salesforce/blip-image-captioning-base",
    "image-classification": "google/vit-base-patch16-224",
    "object-detection": "facebook/detr-resnet-50",
    "image-segmentation": "nvidia/segformer-b0-finetuned-ade-512-512",
    "zero-shot-image-classification": "openai/clip-vit-large-patch14",
    "visual-question-answering": "dandelin/vilt-b32-finetuned-vqa",
    "document-question-answering": "impira/layoutlm-document-qa",
    "automatic-speech-recognition": "openai/whisper-large-v3",
    "audio-classification": "superb/hubert-base-superb-er",
    "audio-to-audio": "speechbrain/sepformer-wham",
    "text-to-speech": "facebook/mms-tts-eng",
    "text-to-audio": "facebook/musicgen-small",
    "tabular-classification": "julien-c/wine-quality",
    "tabular-regression": "scikit-learn/Fish-Weight",
    "text-to-video": "genmo/mochi-1-preview",
}

_AGENT_HARNESSES = {"standardEnvVars": [], "harnesses": {}}
_LISTING_LIMIT = 1000


class HubHandler(BaseHandler):
    surface = "hub"
    route_kind = "hub"

    def write_hub(self, value: Any) -> None:
        self.write_json(value, content_type=HUB_JSON)

    def expand_fields(self) -> list[str]:
        """`expand=X` and `expand[]=X` are equivalent and repeatable; unknown names are a 400."""
        fields = [value.decode("utf-8", "replace") for key in ("expand", "expand[]") for value in self.request.query_arguments.get(key, [])]
        for name in fields:
            if name not in hub_info.EXPANDABLE:
                allowed = ", ".join(hub_info.EXPANDABLE)
                raise errors.bad_request(f'"expand" must be one of [{allowed}]; got "{name}"')
        return fields

    def card_or_404(self, model: str) -> ModelCard:
        card = hub_info.find_card(self.state.registry.catalog, model)
        if card is None:
            raise errors.not_found("Repository not found", headers={"X-Error-Code": "RepoNotFound", "X-Error-Message": "Repository not found"})
        return card


class ModelInfoHandler(HubHandler):
    def get(self, model: str, revision: str | None = None) -> None:
        self.model = model.rstrip("/")
        fields = self.expand_fields()
        card = self.card_or_404(self.model)
        self.task_name = card.task
        info = hub_info.expanded_info(card, fields) if fields else hub_info.plain_info(card)
        self.set_header("X-Repo-Commit", hub_info.model_info(card)["sha"])
        self.write_hub(info)


class ModelListHandler(HubHandler):
    """`GET /api/models?search=&pipeline_tag=&author=&inference_provider=&limit=&expand[]=`."""

    def get(self) -> None:
        fields = self.expand_fields()
        search = (self.get_query_argument("search", "") or "").lower()
        task = self.get_query_argument("pipeline_tag", None) or self.get_query_argument("filter", None)
        author = self.get_query_argument("author", None)
        provider = self.get_query_argument("inference_provider", None)
        limit_text = self.get_query_argument("limit", str(_LISTING_LIMIT))
        if not limit_text.isdigit():
            raise errors.bad_request('"limit" must be a non-negative integer')
        if provider not in (None, "all", hub_info.PROVIDER):
            self.write_hub([])
            return
        answer = []
        for card in self.state.registry.catalog:
            if search and search not in card.id.lower():
                continue
            if task and hub_info.pipeline_tag(card) != task:
                continue
            if author and not card.id.startswith(author + "/"):
                continue
            if fields:
                answer.append(hub_info.expanded_info(card, fields, mapping_as_list=True))
            else:
                full = hub_info.model_info(card, mapping_as_list=True)
                answer.append({k: full[k] for k in ("_id", "id", "likes", "downloads", "trendingScore", "private", "pipeline_tag", "library_name", "tags", "createdAt") if k in full} | {"modelId": card.id})
            if len(answer) >= int(limit_text):
                break
        self.write_hub(answer)


class TasksHandler(HubHandler):
    def get(self) -> None:
        catalog = self.state.registry.catalog
        by_task: dict[str, list[str]] = {}
        for card in catalog:
            by_task.setdefault(card.task, []).append(card.id)
        answer: dict[str, Any] = {}
        for task in sorted(set(self.state.registry.tasks) | set(by_task)):
            ids = list(by_task.get(task, ()))
            default = _DEFAULT_MODELS.get(task)
            # The well-known default model goes first when the catalog serves it for this task,
            # and stands alone when the catalog has no model for the task.
            if default and default in ids:
                ids = [default, *(i for i in ids if i != default)]
            elif default and not ids:
                ids = [default]
            if not ids:
                continue
            answer[task] = {
                "id": task,
                "label": task.replace("-", " ").capitalize(),
                "widgetModels": ids[:3],
                "models": [{"id": model_id, "description": f"A {task} model."} for model_id in ids],
            }
        self.write_hub(answer)


class AgentHarnessesHandler(HubHandler):
    def get(self) -> None:
        self.write_hub(_AGENT_HARNESSES)


class StatusHandler(HubHandler):
    """Legacy `GET /status/{id}` of api-inference.huggingface.co."""

    surface = "pipeline"

    def get(self, model: str) -> None:
        self.model = model.rstrip("/")
        card = hub_info.find_card(self.state.registry.catalog, self.model)
        if card is None:
            raise errors.not_found(f"Model {self.model} does not exist")
        self.task_name = card.task
        is_tgi = card.task == "text-generation"
        self.write_json(
            {
                # A model declared cold through the control layer reports "Loadable" until warm.
                **model_state(self.state, self.model),
                "compute_type": "gpu" if is_tgi else "cpu",
                "framework": "text-generation-inference" if is_tgi else card.library,
            }
        )
