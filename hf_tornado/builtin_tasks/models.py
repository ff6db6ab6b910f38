"""Built-in plugin: the model catalog and the default task resolution.

Resolution order for a request that named no task (WIRE.md section 1.6): the catalog (where
feature-extraction and sentence-similarity swap by body shape), an unambiguous body shape, name
rules on the id, and finally text-generation.
"""
from __future__ import annotations

from typing import Any

from hf_tornado.catalog import BUILTIN_MODELS, DEFAULT_TASK, Catalog, ModelCard
from hf_tornado.hookspecs import hookimpl
from hf_tornado.media import decode_base64, kind, sniff

_EMBEDDING_TASKS = ("feature-extraction", "sentence-similarity")
_GENERATION_PARAMETERS = ("max_new_tokens", "details", "return_full_text", "do_sample")
# The tasks that take a raw body of each kind, keyed by the task a raw body of that kind implies.
_MEDIA_TASKS = {
    "image-classification": frozenset({
        "image-classification", "object-detection", "image-segmentation", "image-to-text",
        "image-to-image", "image-to-video",
    }),
    "automatic-speech-recognition": frozenset({"automatic-speech-recognition", "audio-classification", "audio-to-audio"}),
    # The JS SDK sends VQA as `inputs: {question, image}`, like document-QA.
    "document-question-answering": frozenset({"document-question-answering", "visual-question-answering"}),
}


@hookimpl
def hf_tornado_register_models() -> list[ModelCard]:
    return list(BUILTIN_MODELS)


@hookimpl(trylast=True)
def hf_tornado_resolve_task(model: str, body: Any, catalog: Catalog) -> str:
    shape = task_from_shape(body, embeddings_by_default=card_is_embedding(catalog.get(model)))
    card = catalog.get(model)
    if card is not None:
        if card.task in _EMBEDDING_TASKS and shape in _EMBEDDING_TASKS:
            return shape
        return card.task
    by_name = catalog.task_by_name(model)
    # Raw image or audio bytes say "some image (audio) task"; the id's name picks which one
    # (an unknown `org/detr-finetuned` detects objects, it does not classify).
    if shape in _MEDIA_TASKS and by_name in _MEDIA_TASKS[shape]:
        return by_name
    # A bare `{"inputs": "text"}` is as much a prompt as a sentence to embed: for an unknown id
    # it does not outrank the name rules, and the last resort stays text-generation.
    return shape or by_name or DEFAULT_TASK


def card_is_embedding(card: ModelCard | None) -> bool:
    return card is not None and card.task in _EMBEDDING_TASKS


_MEDIA_SHAPES = {"image": "image-classification", "audio": "automatic-speech-recognition"}


def base64_media_kind(value: Any) -> str | None:
    """'image' or 'audio' when ``value`` is base64 (or a data: URL) of one, from its first bytes."""
    if not isinstance(value, str) or len(value) < 16:
        return None
    text = value.partition(",")[2] if value.startswith("data:") else value
    head = decode_base64(text[:64])
    return kind(sniff(head)) if head else None


def task_from_shape(body: Any, *, embeddings_by_default: bool = False) -> str | None:
    """The task an unambiguous body shape implies, or None.

    ``embeddings_by_default`` also reads ``{"inputs": str | [str]}`` without ``parameters`` as
    feature-extraction (the TGI compat route `POST /` does, WIRE.md 1.7).
    """
    if isinstance(body, (bytes, bytearray)):
        return _MEDIA_SHAPES.get(kind(sniff(bytes(body))) or "")
    if not isinstance(body, dict):
        return None
    inputs = body.get("inputs")
    parameters = body.get("parameters") if isinstance(body.get("parameters"), dict) else {}
    # hf_hub sends an image or audio as base64 `inputs` when it has parameters (WIRE.md 2.4).
    media = base64_media_kind(inputs)
    if isinstance(inputs, dict):
        if "source_sentence" in inputs:
            return "sentence-similarity"
        if "table" in inputs and ("query" in inputs or "question" in inputs):
            return "table-question-answering"
        if "data" in inputs:
            return "tabular-classification"
        if "question" in inputs and "context" in inputs:
            return "question-answering"
        if "question" in inputs and "image" in inputs:
            return "document-question-answering"
    if "table" in body:
        return "tabular-classification"
    if "question" in body and "image" in body:
        return "visual-question-answering"
    if "candidate_labels" in parameters:
        text_input = isinstance(inputs, str) and media is None
        return "zero-shot-classification" if text_input else "zero-shot-image-classification"
    if media in _MEDIA_SHAPES:
        return _MEDIA_SHAPES[media]
    if "stream" in body or any(p in parameters for p in _GENERATION_PARAMETERS):
        return "text-generation"
    if embeddings_by_default and "parameters" not in body and (
        isinstance(inputs, str) or (isinstance(inputs, list) and inputs and all(isinstance(i, str) for i in inputs))
    ):
        return "feature-extraction"
    return None
