"""What the Hub says about a model: the JSON of `GET /api/models/{id}` (WIRE.md 1.8), built from
the catalog. Pure functions, no HTTP: the hub handlers render what these return.

Which ids exist? Every id the catalog knows (built-in and plugin cards), every id a name rule
recognises (``bge``, ``whisper``, ``sst-2``, ...: WIRE.md 1.6 step 5), and ids named like a
generative language model (``...-Instruct``, ``llama``, ``qwen``, ...), so that an app calling an
arbitrary real model id keeps working. Anything else (``nobody/nothing-here``) is unknown: the
Hub's 404 with ``X-Error-Code: RepoNotFound``, so a typo still fails as it would for real.

Every value that is not a fact of the catalog (``_id``, ``sha``, dates, downloads, likes) is
derived from the id, so the same id gives the same bytes in any process.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable

from .catalog import Catalog, ModelCard
from .synth.seed import seed_bytes, seed_int

PROVIDER = "hf-inference"

# Ids named like generative language models. Instruct/chat variants are conversational (the real
# Hub maps them to the `conversational` task); the rest are base text-generation models.
_LLM_NAME = re.compile(
    r"llama|mistral|mixtral|qwen|gemma|phi-?\d|gpt|falcon|zephyr|deepseek|smollm|olmo|starcoder|"
    r"codegen|bloom|opt-\d|pythia|tinyllama|vicuna|hermes|command-r|granite|glm-|kimi|instruct|(^|[/_-])chat([/_-]|$)",
    re.IGNORECASE,
)
_CONVERSATIONAL_NAME = re.compile(r"instruct|(^|[/_-])chat([/_-]|$)|(^|[/_-])it([/_-]|$)|zephyr|hermes", re.IGNORECASE)

_EMBEDDING_TASKS = ("feature-extraction", "sentence-similarity")
_EPOCH = datetime(2022, 1, 1, tzinfo=timezone.utc)

# The keys a model-info answer can hold, in the Hub's order; `expand` may ask for any of them.
EXPANDABLE = (
    "author", "cardData", "config", "createdAt", "disabled", "downloads", "downloadsAllTime", "gated",
    "inference", "inferenceProviderMapping", "lastModified", "library_name", "likes", "mask_token",
    "model-index", "pipeline_tag", "private", "safetensors", "sha", "siblings", "spaces", "tags",
    "transformersInfo", "trendingScore", "widgetData", "resourceGroup", "baseModels",
    "childrenModelCount", "usedStorage", "gguf", "evalResults",
)


def find_card(catalog: Catalog, model_id: str) -> ModelCard | None:
    """The card of an id the Hub would know (see the module docstring), or None."""
    card = catalog.get(model_id)
    if card is not None:
        return card
    if not _is_repo_id(model_id):
        return None
    task = catalog.task_by_name(model_id)
    if task is not None:
        tags = ("sentence-transformers", *_EMBEDDING_TASKS) if task in _EMBEDDING_TASKS else ()
        library = "sentence-transformers" if task in _EMBEDDING_TASKS else "transformers"
        return ModelCard(id=model_id, task=task, tags=tags, library=library, known=False)
    if _LLM_NAME.search(model_id):
        tags = ("conversational", "text-generation-inference") if _CONVERSATIONAL_NAME.search(model_id) else ("text-generation-inference",)
        return catalog.within_limits(ModelCard(id=model_id, task="text-generation", tags=tags, known=False))
    return None


def _is_repo_id(model_id: str) -> bool:
    # `name` or `org/name`, the Hub's character set.
    return re.fullmatch(r"[\w.-]+(/[\w.-]+)?", model_id) is not None and ".." not in model_id


def pipeline_tag(card: ModelCard) -> str:
    # The catalog's task is the Hub's pipeline tag; for embedding models the other embedding
    # task is in `tags`, which is what hf_hub checks (WIRE.md 1.8).
    return card.task


def mapping_task(card: ModelCard) -> str:
    """The task of the hf-inference mapping entry: `conversational` for chat models."""
    if card.task == "text-generation" and "conversational" in card.tags:
        return "conversational"
    return card.task


def tags(card: ModelCard) -> list[str]:
    found = [card.library, pipeline_tag(card), *card.tags]
    if card.task in _EMBEDDING_TASKS:
        found.extend(_EMBEDDING_TASKS)
    found.extend(("endpoints_compatible", "region:us"))
    return list(dict.fromkeys(t for t in found if t))


def mapping_entry(card: ModelCard) -> dict[str, Any]:
    return {"status": "live", "providerId": card.id, "task": mapping_task(card), "isModelAuthor": False}


def provider_mapping(card: ModelCard, *, as_list: bool = False) -> Any:
    """An object keyed by provider (model info) or an array with `provider` (listings)."""
    entry = mapping_entry(card)
    if as_list:
        return [{"provider": PROVIDER, "hfModelId": card.id, **entry}]
    return {PROVIDER: entry}


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _siblings(card: ModelCard) -> list[dict[str, str]]:
    names = [".gitattributes", "README.md", "config.json", "model.safetensors"]
    if card.task not in ("text-to-image", "text-to-speech", "automatic-speech-recognition"):
        names += ["tokenizer.json", "tokenizer_config.json"]
    if card.library == "sentence-transformers":
        names += ["modules.json", "sentence_bert_config.json"]
    return [{"rfilename": name} for name in sorted(names)]


def model_info(card: ModelCard, *, mapping_as_list: bool = False) -> dict[str, Any]:
    """Every field the Hub can answer for ``card``, in the Hub's order."""
    model_id = card.id
    created = _EPOCH + timedelta(seconds=seed_int("hub-created", model_id) % (3 * 365 * 86400))
    modified = created + timedelta(seconds=seed_int("hub-modified", model_id) % (365 * 86400))
    info: dict[str, Any] = {
        "_id": seed_bytes("hub-object-id", model_id, size=12).hex(),
        "id": model_id,
        "modelId": model_id,
        "author": model_id.split("/")[0] if "/" in model_id else None,
        "sha": seed_bytes("hub-sha", model_id, size=20).hex(),
        "lastModified": _iso(modified),
        "createdAt": _iso(created),
        "private": False,
        "gated": False,
        "disabled": False,
        "inference": "warm",
        "downloads": seed_int("hub-downloads", model_id) % 5_000_000 + 1000,
        "downloadsAllTime": seed_int("hub-downloads-all", model_id) % 50_000_000 + 10_000,
        "likes": seed_int("hub-likes", model_id) % 5000 + 10,
        "trendingScore": seed_int("hub-trending", model_id) % 100,
        "library_name": card.library,
        "pipeline_tag": pipeline_tag(card),
        "tags": tags(card),
        "siblings": _siblings(card),
        "spaces": [],
        "inferenceProviderMapping": provider_mapping(card, as_list=mapping_as_list),
        "usedStorage": seed_int("hub-storage", model_id) % 10_000_000_000 + 1_000_000,
    }
    if card.task == "fill-mask":
        info["mask_token"] = card.mask_token
    return {key: value for key, value in info.items() if value is not None}


# The fields of a plain `GET /api/models/{id}` (no expand): everything but the expand-only ones.
_EXPAND_ONLY = ("inferenceProviderMapping", "downloadsAllTime", "trendingScore", "usedStorage")


def plain_info(card: ModelCard) -> dict[str, Any]:
    return {k: v for k, v in model_info(card).items() if k not in _EXPAND_ONLY}


def expanded_info(card: ModelCard, fields: Iterable[str], *, mapping_as_list: bool = False) -> dict[str, Any]:
    """Only `_id`, `id` and the asked-for fields, as the Hub answers an `expand` query."""
    full = model_info(card, mapping_as_list=mapping_as_list)
    wanted = set(fields)
    answer = {"_id": full["_id"], "id": full["id"]}
    answer.update({k: v for k, v in full.items() if k in wanted})
    return answer
