"""How feature-extraction (sentence embeddings, or token vectors for token-level models) and
sentence-similarity (the cosine of the same embeddings) answer; ``feature_extraction.py``
registers them (``lazy.LazyTask``) and this module is imported on the first run of one of them,
or by the TEI and OpenAI embedding routes.

Vectors are hashed word features in integer lanes, written with 7 fixed decimals
(``synth.embedding``): texts sharing words are closer than texts sharing none, and row i of a
batch equals the single-input vector of input i.

Options (WIRE.md 2.3, 3.2, 8), read from the body root (where both SDKs put them) or
``parameters``: ``normalize`` (default true), ``truncate`` (null = auto-truncate, as TEI >= 1.9),
``truncation_direction`` (`left`/`right`), ``prompt_name`` (a prompt the model defines, prepended),
``dimensions`` (a prefix of the full vector, renormalised). ``embed_texts`` is the one entry point
other surfaces (TEI ``/embed``, ``/v1/embeddings``) can share.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Mapping

from hf_tornado import errors, fast
from hf_tornado.catalog import ModelCard
from hf_tornado.synth.text import tokenize
from hf_tornado.synth import embedding
from hf_tornado.synth.vectors import cosine
from hf_tornado.tasks import InferenceRequest, Task

# sentence-transformers `prompts` of the model families that define them (fake's choice of the
# families; unknown models define none). `prompt_name` must be one of these keys.
_PROMPTS_BY_NAME: tuple[tuple[re.Pattern[str], Mapping[str, str]], ...] = (
    (re.compile(r"(^|[/_-])e5([/_-]|$)", re.I), {"query": "query: ", "passage": "passage: "}),
    (re.compile(r"bge-(small|base|large)-en", re.I), {"query": "Represent this sentence for searching relevant passages: "}),
    (re.compile(r"nomic-embed", re.I), {"query": "search_query: ", "document": "search_document: ", "classification": "classification: ", "clustering": "clustering: "}),
    (re.compile(r"mxbai-embed", re.I), {"query": "Represent this sentence for searching relevant passages: "}),
)


def prompts_of(card: ModelCard) -> Mapping[str, str]:
    if "prompts" in card.extra:
        return card.extra["prompts"]
    for pattern, prompts in _PROMPTS_BY_NAME:
        if pattern.search(card.id):
            return prompts
    return {}


# An embedding model's input limit when the catalog gives none (the catalog default is a chat
# model's context): BERT-sized, as TEI's /info reports for such models.
DEFAULT_EMBEDDING_TOKENS = 512


def token_limit(card: ModelCard) -> int:
    if card.known and card.max_input_tokens != ModelCard.max_input_tokens:
        return card.max_input_tokens
    return DEFAULT_EMBEDDING_TOKENS


def _validation(message: str) -> errors.ServiceError:
    """TEI's Validation error (422 since TEI 1.9), which the embedding routes pass through."""
    return errors.ServiceError(422, message, error_type="Validation", tei_type="Validation")


@dataclass(frozen=True)
class EmbeddingOptions:
    normalize: bool = True
    truncate: bool = True
    direction: str = "right"
    prompt_name: str | None = None
    dimensions: int | None = None

    @classmethod
    def from_request(cls, request: InferenceRequest) -> "EmbeddingOptions":
        """The pipeline's options (TEI's routes read the same ones with serde's errors:
        ``handlers.tei_request.embed_options``)."""
        get = request.param
        do_normalize = get("normalize", True)
        if not isinstance(do_normalize, bool):
            raise errors.invalid_field("normalize", "input should be a valid boolean")
        truncate = get("truncate", True)
        if not isinstance(truncate, bool):
            raise errors.invalid_field("truncate", "input should be a valid boolean")
        direction = get("truncation_direction", "right")
        if not isinstance(direction, str) or direction.lower() not in ("left", "right"):
            raise errors.invalid_field("truncation_direction", "input should be 'left' or 'right'")
        prompt_name = get("prompt_name", None)
        if prompt_name is not None and not isinstance(prompt_name, str):
            raise errors.invalid_field("prompt_name", "input should be a valid string")
        dimensions = get("dimensions", None)
        if dimensions is not None and (isinstance(dimensions, bool) or not isinstance(dimensions, int)):
            raise errors.invalid_field("dimensions", "input should be a valid integer")
        return cls(do_normalize, truncate, direction.lower(), prompt_name, dimensions)


def prepare_text(card: ModelCard, text: str, options: EmbeddingOptions) -> list[str]:
    """The tokens the model embeds: prompt prepended, then truncated to the model's limit."""
    if options.prompt_name is not None:
        prompts = prompts_of(card)
        if options.prompt_name not in prompts:
            available = ", ".join(sorted(prompts)) or "none"
            raise _validation(f"Prompt name `{options.prompt_name}` was not found in the model's prompts (available: {available})")
        text = prompts[options.prompt_name] + text
    tokens = tokenize(text)
    limit = token_limit(card)
    if len(tokens) > limit:
        if not options.truncate:
            raise _validation(f"Input validation error: `inputs` must have less than {limit} tokens. Given: {len(tokens)}")
        tokens = tokens[:limit] if options.direction == "right" else tokens[-limit:]
    return tokens


def prepared_texts(card: ModelCard, texts: list[str], options: EmbeddingOptions) -> list[str]:
    """``"".join(prepare_text(...))`` of each text: what the model embeds. A token is at least one
    character, so a text no longer than the limit is never truncated and needs no tokenizing."""
    limit = -1 if options.prompt_name is not None else token_limit(card)
    return [text if len(text) <= limit else "".join(prepare_text(card, text, options)) for text in texts]


def kept_dimensions(card: ModelCard, options: EmbeddingOptions) -> int:
    """How many of the model's dimensions the answer keeps (``dimensions``: a prefix)."""
    if options.dimensions is None:
        return card.embedding_dim
    if options.dimensions <= 0:
        raise _validation("`dimensions` should be positive")
    if options.dimensions > card.embedding_dim:
        raise _validation("`dimensions` should be smaller than the maximum embedding dimension.")
    return options.dimensions


def vectors_json(card: ModelCard, texts: list[str], options: EmbeddingOptions, single: bool = False) -> bytes:
    """The JSON text of the (already prepared) texts' vectors (synth/embedding.py): a list of
    vectors, or the one vector when ``single``."""
    keep = kept_dimensions(card, options)
    if not options.normalize:
        return embedding.unnormalised(card.id, texts, card.embedding_dim, keep, single)
    if fast.AVAILABLE and len(texts) >= fast.MIN_BATCH:  # the `fast` extra: the same bytes, sooner
        return fast.normalised(card.id, texts, card.embedding_dim, keep, single)
    return embedding.normalised(card.id, texts, card.embedding_dim, keep, single)


def sentence_vector(card: ModelCard, text: str, options: EmbeddingOptions = EmbeddingOptions()) -> list[float]:
    """The pooled ``[D]`` vector of ``text`` (or ``[dimensions]``), as floats: the whole text's
    vector, a token-level model's too (embed_text would give its ``[1][T][H]`` token vectors)."""
    texts = prepared_texts(card, [text], options)
    return embedding.EmbeddingRows(vectors_json(card, texts, options, single=True), single=True).floats()


def embed_text(card: ModelCard, text: str, options: EmbeddingOptions = EmbeddingOptions()) -> Any:
    """``[D]`` for a pooled model, ``[1][T][H]`` for a token-level one."""
    if not card.token_level:
        return embedding.EmbeddingRows(vectors_json(card, prepared_texts(card, [text], options), options, single=True), single=True)
    tokens = prepare_text(card, text, options) or [""]
    return [embedding.EmbeddingRows(vectors_json(card, [f"{i}:{tok}" for i, tok in enumerate(tokens)], options)).floats()]


def embed_texts(card: ModelCard, inputs: Any, options: EmbeddingOptions) -> Any:
    """One embedding for a string, a list of them for a list of strings."""
    if isinstance(inputs, str):
        return embed_text(card, inputs, options)
    if isinstance(inputs, list) and not inputs:
        raise errors.bad_request("`inputs` cannot be empty", tei_type="Empty")
    if isinstance(inputs, list) and all(isinstance(i, str) for i in inputs):
        if card.token_level:
            return [embed_text(card, text, options) for text in inputs]
        texts = prepared_texts(card, inputs, options)
        return embedding.EmbeddingRows(vectors_json(card, texts, options))
    raise errors.invalid_field("inputs", "input should be a string or a list of strings")


def mean_pooled(vector: Any) -> list[float]:
    """One vector from a feature-extraction answer: a token-level model's ``[1][T][H]`` (or
    ``[T][H]``) mean-pooled, a sentence vector as it is."""
    if vector and isinstance(vector[0], list):
        rows = vector[0] if isinstance(vector[0][0], list) else vector
        return [sum(r[i] for r in rows) / len(rows) for i in range(len(rows[0]))]
    return vector


class FeatureExtraction(Task):
    name = "feature-extraction"

    def run(self, request: InferenceRequest) -> Any:
        inputs = request.require_inputs()
        return embed_texts(request.card, inputs, EmbeddingOptions.from_request(request))


def similarities(card: ModelCard, source: str, sentences: list[str], options: EmbeddingOptions) -> list[float]:
    """Cosine of the model's own (feature-extraction) vectors: 1.0 for identical sentences."""
    source_vector = sentence_vector(card, source, options)
    return [round(min(1.0, cosine(source_vector, sentence_vector(card, s, options))), 6) for s in sentences]


class SentenceSimilarity(Task):
    name = "sentence-similarity"

    def run(self, request: InferenceRequest) -> Any:
        inputs = request.require_inputs()
        if not isinstance(inputs, dict):
            raise errors.invalid_field("inputs", "input should be an object with `source_sentence` and `sentences`")
        source = inputs.get("source_sentence")
        sentences = inputs.get("sentences")
        if source is None:
            raise errors.missing_field("inputs.source_sentence")
        if sentences is None:
            raise errors.missing_field("inputs.sentences")
        if not isinstance(source, str):
            raise errors.invalid_field("inputs.source_sentence", "input should be a valid string")
        if not isinstance(sentences, list) or not all(isinstance(s, str) for s in sentences):
            raise errors.invalid_field("inputs.sentences", "input should be a list of strings")
        if not sentences:
            raise errors.bad_request("`inputs.sentences` cannot be empty", tei_type="Empty")
        # Similarity compares normalised, full-size vectors whatever `normalize`/`dimensions` say.
        options = replace(EmbeddingOptions.from_request(request), normalize=True, dimensions=None)
        return similarities(request.card, source, sentences, options)
