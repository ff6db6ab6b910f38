"""Built-in plugin: feature-extraction (sentence embeddings, or token vectors for token-level
models).

Vectors are hashed word features (``synth.vectors``): texts sharing words are closer than texts
sharing none, and row i of a batch equals the single-input vector of input i.
"""
from __future__ import annotations

from typing import Any

from hf_tornado import errors
from hf_tornado.catalog import ModelCard
from hf_tornado.hookspecs import hookimpl
from hf_tornado.synth.text import tokenize
from hf_tornado.synth.vectors import normalize, round_vector, text_vector
from hf_tornado.tasks import InferenceRequest, Task


class FeatureExtraction(Task):
    name = "feature-extraction"

    def run(self, request: InferenceRequest) -> Any:
        inputs = request.require_inputs()
        do_normalize = request.param("normalize", True)
        if isinstance(inputs, str):
            return embed(request.card, inputs, normalized=bool(do_normalize))
        if isinstance(inputs, list) and inputs and all(isinstance(i, str) for i in inputs):
            return [embed(request.card, text, normalized=bool(do_normalize)) for text in inputs]
        if isinstance(inputs, list) and not inputs:
            raise errors.bad_request("`inputs` cannot be empty")
        raise errors.invalid_field("inputs", "input should be a string or a list of strings")


def sentence_embedding(card: ModelCard, text: str, *, normalized: bool = True) -> list[float]:
    vector = text_vector(card.id, text, card.embedding_dim)
    return round_vector(normalize(vector) if normalized else vector)


def embed(card: ModelCard, text: str, *, normalized: bool = True) -> Any:
    """``[D]`` for a pooled model, ``[1][T][H]`` for a token-level one."""
    if not card.token_level:
        return sentence_embedding(card, text, normalized=normalized)
    tokens = tokenize(text) or [""]
    return [[round_vector(normalize(text_vector(card.id, f"{i}:{tok}", card.embedding_dim))) for i, tok in enumerate(tokens)]]


@hookimpl
def hf_tornado_register_tasks() -> list[Task]:
    return [FeatureExtraction()]
