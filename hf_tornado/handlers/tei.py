"""Text Embeddings Inference's own routes (TEI 1.9.x, WIRE.md section 8), served from the
registry's tasks.

- `/embed`, `/embed_all`, `/similarity`, `/decode` (and `/invocations` for an embedding model)
  serve ``config.default_embedding_model``, as a TEI container serves its one model;
- `/rerank` serves ``config.tei_reranker_model`` and `/predict` ``config.tei_classifier_model``,
  so an app's separate TEI base URLs can all point at one hf-tornado; a route whose model is of
  the wrong kind answers TEI's 424 (set the model to an embedding model to see it);
- `/embed_sparse` answers only when the embedding model is a SPLADE model (424 otherwise).

Vectors come from the feature-extraction task, similarities from sentence-similarity, labels
from text-classification; a re-ranker's score is a sigmoid of the cosine of its own
embeddings, so `/rerank` orders texts as the embeddings' similarity does. `tei_info` and
`tei_tokenize` (tei_format) serve `/info` and `/tokenize` through the TGI handlers.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from .. import errors
from ..builtin_tasks.feature_extraction_tasks import EmbeddingOptions, mean_pooled
from ..catalog import ModelCard
from ..synth.scores import sigmoid
from ..synth.sparse import densify, sparse_embedding
from . import tei_format as tei
from . import tei_routes
from .container import ContainerHandler
from .tei_request import (
    Fields,
    check_batch_size,
    embed_inputs,
    embed_options,
    parse_body,
    predict_inputs,
    prepare_pair,
    prepare_text,
)

# A cross-encoder's logit from the cosine of the pair's embeddings: unrelated texts (cosine near
# 0) score about 0.02 after the sigmoid, a text sharing most words with the query above 0.9.
_RERANK_SCALE = 12.0
_RERANK_OFFSET = -4.0

Answer = tuple[Any, int, int]  # (JSON result, characters, tokens)


class TEIHandler(ContainerHandler):
    surface = "tei"
    route_kind = "tei"

    def initialize(self, state: Any, operation: str) -> None:  # type: ignore[override]
        super().initialize(state)
        self.operation = operation

    def body_limit(self) -> int:
        # TEI's --payload-limit (2 MB) unless the server-wide limit is smaller.
        return min(tei.PAYLOAD_LIMIT, self.state.config.max_body_bytes)

    def get(self, *args: Any, **kwargs: Any) -> None:
        # axum answers a wrong method with a bare 405.
        raise errors.ServiceError(405, "", plain_text=True)

    def post(self, model: str | None = None) -> None:
        operation = self.operation
        card = self.card_for(operation, model)
        self.model = card.id  # journaled even when the request is refused
        if operation == "invocations":
            operation = _INVOCATION_BY_KIND[tei.model_kind(card)]
        fields = parse_body(self.body, self.request.headers.get("Content-Type", ""), _STRUCTS[operation])
        result, characters, tokens = _OPERATIONS[operation](self, fields, card)
        self.write_tei(result, characters, tokens)

    # --- models ------------------------------------------------------------------------------
    def card_for(self, operation: str, model: str | None = None) -> ModelCard:
        """The model in the path (one model for every route, as one TEI container), else the
        configured model of the route's role."""
        if not model:
            config = self.state.config
            model = {"rerank": config.tei_reranker_model, "predict": config.tei_classifier_model}.get(operation, config.default_embedding_model)
        return self.state.registry.catalog.card(model)

    # --- calls into the tasks ----------------------------------------------------------------
    def embed_rows(self, card: ModelCard, texts: list[str], *, normalize: bool, dimensions: int | None = None) -> list[list[float]]:
        request = self.make_request(card.id, "feature-extraction", inputs=texts, parameters={"normalize": normalize, "dimensions": dimensions}, body={})
        return [_pooled(row) for row in self.run(request)]

    def token_rows(self, card: ModelCard, texts: list[str]) -> list[Any]:
        request = self.make_request(card.id, "feature-extraction", inputs=texts, parameters={"normalize": False}, body={})
        request.card = replace(request.card, token_level=True)
        return [row[0] if len(row) == 1 and row and isinstance(row[0][0], list) else row for row in self.run(request)]

    def similarities(self, card: ModelCard, source: str, sentences: list[str]) -> list[float]:
        request = self.make_request(
            card.id, "sentence-similarity", inputs={"source_sentence": source, "sentences": sentences}, parameters={}, body={}
        )
        return list(self.run(request))

    def pair_logits(self, card: ModelCard, query: str, texts: list[str]) -> list[float]:
        return [round(_RERANK_SCALE * cos + _RERANK_OFFSET, 6) for cos in self.similarities(card, query, texts)]

    def classify(self, card: ModelCard, items: list[tuple[str, str | None]], raw_scores: bool) -> list[list[dict[str, Any]]]:
        labels = tei.classifier_labels(card)
        # TEI: softmax over several labels, a sigmoid for one, nothing with raw_scores.
        function = "none" if raw_scores else ("softmax" if len(labels) > 1 else "sigmoid")
        inputs = [text if pair is None else {"text": text, "text_pair": pair} for text, pair in items]
        request = self.make_request(card.id, "text-classification", inputs=inputs, parameters={"function_to_apply": function}, body={})
        return [[{"score": p["score"], "label": p["label"]} for p in predictions] for predictions in self.run(request)]

    # --- answer ------------------------------------------------------------------------------
    def write_tei(self, result: Any, characters: int, tokens: int) -> None:
        self.set_service_headers(characters)
        # TEI's timing headers are integer milliseconds; derived from the size so they are stable.
        tokenization = 1 + tokens // 2000
        inference = 2 + tokens // 100
        self.set_header("x-compute-type", "gpu+optimized")
        self.set_header("x-compute-time", str(tokenization + inference))
        self.set_header("x-compute-tokens", str(tokens))
        self.set_header("x-total-time", str(tokenization + inference))
        self.set_header("x-tokenization-time", str(tokenization))
        self.set_header("x-queue-time", "0")
        self.set_header("x-inference-time", str(inference))
        self.write_json(result)


def _pooled(row: Any) -> list[float]:
    """TEI's /embed is always one vector per input: a token-level model's mean-pooled (and
    rounded as TEI's floats are); a sentence vector as it is."""
    if row and isinstance(row[0], list):
        return [round(value, 7) for value in mean_pooled(row)]
    return row


def _require_embedding(card: ModelCard) -> str:
    kind = tei.model_kind(card)
    if kind in ("classifier", "reranker"):
        raise tei.backend("Model is not an embedding model")
    return kind


# --- operations: (handler, fields, card) -> (result, characters, tokens) -------------------

def embed(h: TEIHandler, fields: Fields, card: ModelCard) -> Answer:
    texts, _ = embed_inputs(fields, card)
    options = embed_options(fields)
    kind = tei.model_kind(card)
    if kind == "splade" and options.normalize:
        raise tei.backend("`normalize` is not available for SPLADE models")
    if options.dimensions == 0:
        raise tei.input_validation("`dimensions` should be positive")
    _require_embedding(card)
    prepared = [prepare_text(card, text, options) for text in texts]
    if options.dimensions is not None and options.dimensions > card.embedding_dim:
        raise tei.input_validation("`dimensions` should be smaller than the maximum embedding dimension.")
    if kind == "splade":
        rows = [densify(sparse_embedding(card.id, text), card.embedding_dim)[: options.dimensions] for text in prepared]
    else:
        rows = h.embed_rows(card, prepared, normalize=options.normalize, dimensions=options.dimensions)
    return rows, _characters(texts), _tokens(card, prepared)


def embed_all(h: TEIHandler, fields: Fields, card: ModelCard) -> Answer:
    texts, _ = embed_inputs(fields, card)
    options = embed_options(fields)
    if tei.model_kind(card) == "splade":
        raise tei.backend("`embed_all` is not available for SPLADE models")
    _require_embedding(card)
    prepared = [prepare_text(card, text, options) for text in texts]
    # White space is no token for TEI's tokenizer: one vector per /tokenize word token.
    return h.token_rows(card, [text.rstrip() for text in prepared]), _characters(texts), _tokens(card, prepared)


def embed_sparse(h: TEIHandler, fields: Fields, card: ModelCard) -> Answer:
    texts, _ = embed_inputs(fields, card)
    options = embed_options(fields)
    if tei.model_kind(card) != "splade":
        raise tei.backend("Model is not an embedding model with SPLADE pooling")
    prepared = [prepare_text(card, text, options) for text in texts]
    rows = [[{"index": index, "value": value} for index, value in sparse_embedding(card.id, text)] for text in prepared]
    return rows, _characters(texts), _tokens(card, prepared)


def rerank(h: TEIHandler, fields: Fields, card: ModelCard) -> Answer:
    query = fields.text("query")
    texts = fields.required("texts")
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        raise fields.error("texts: invalid type: expected a sequence of strings")
    raw_scores = fields.flag("raw_scores", False)
    return_text = fields.flag("return_text", False)
    truncate, direction = fields.truncation()
    if not texts:
        raise tei.empty("`texts` cannot be empty")
    if tei.model_kind(card) != "reranker":
        raise tei.backend("model is not a re-ranker model")
    check_batch_size(len(texts))
    prepared = [prepare_pair(card, query, text, truncate, direction) for text in texts]
    logits = h.pair_logits(card, query, prepared)
    ranks = []
    for index, logit in enumerate(logits):
        rank: dict[str, Any] = {"index": index}
        if return_text:
            rank["text"] = texts[index]
        rank["score"] = logit if raw_scores else round(sigmoid(logit), 7)
        ranks.append(rank)
    ranks.sort(key=lambda r: -r["score"])
    characters = len(query) * len(texts) + _characters(texts)
    tokens = sum(tei.token_count(card, query) + tei.token_count(card, text) - 1 for text in prepared)
    return ranks, characters, tokens


def predict(h: TEIHandler, fields: Fields, card: ModelCard) -> Answer:
    items, single = predict_inputs(fields)
    raw_scores = fields.flag("raw_scores", False)
    truncate, direction = fields.truncation()
    kind = tei.model_kind(card)
    if kind not in ("classifier", "reranker"):
        raise tei.backend("Model is not a classifier model")
    options = EmbeddingOptions(truncate=truncate, direction=direction)
    prepared: list[tuple[str, str | None]] = []
    for text, pair in items:
        if pair is None:
            prepared.append((prepare_text(card, text, options), None))
        else:
            prepared.append((text, prepare_pair(card, text, pair, truncate, direction)))
    if kind == "reranker":
        # A re-ranker scores a pair exactly as /rerank does.
        results = []
        for text, pair in prepared:
            if pair is None:
                results.extend(h.classify(card, [(text, None)], raw_scores))
            else:
                logit = h.pair_logits(card, text, [pair])[0]
                results.append([{"score": logit if raw_scores else round(sigmoid(logit), 7), "label": tei.classifier_labels(card)[0]}])
    else:
        results = h.classify(card, prepared, raw_scores)
    characters = sum(len(text) + len(pair or "") for text, pair in items)
    tokens = sum(tei.token_count(card, text) + (tei.token_count(card, pair) - 1 if pair else 0) for text, pair in prepared)
    return (results[0] if single else results), characters, tokens


def similarity(h: TEIHandler, fields: Fields, card: ModelCard) -> Answer:
    inputs = fields.required("inputs")
    if not isinstance(inputs, dict):
        raise fields.error("inputs: invalid type: expected struct SimilarityInput")
    inner = Fields(inputs, fields.raw, "SimilarityInput")
    source = inner.text("source_sentence")
    sentences = inner.required("sentences")
    if not isinstance(sentences, list) or not all(isinstance(s, str) for s in sentences):
        raise fields.error("inputs.sentences: invalid type: expected a sequence of strings")
    parameters = fields.data.get("parameters") or {}
    if not isinstance(parameters, dict):
        raise fields.error("parameters: invalid type: expected struct SimilarityParameters")
    options_fields = Fields(parameters, fields.raw, "SimilarityParameters")
    truncate, direction = options_fields.truncation()
    options = EmbeddingOptions(truncate=truncate, direction=direction, prompt_name=options_fields.optional_text("prompt_name"))
    if not sentences:
        raise tei.empty("`inputs.sentences` cannot be empty")
    check_batch_size(len(sentences) + 1)
    if _require_embedding(card) == "splade":
        raise tei.backend("`normalize` is not available for SPLADE models")
    prepared_source = prepare_text(card, source, options)
    prepared = [prepare_text(card, sentence, options) for sentence in sentences]
    scores = h.similarities(card, prepared_source, prepared)
    return scores, len(source) + _characters(sentences), _tokens(card, [prepared_source, *prepared])


def decode(h: TEIHandler, fields: Fields, card: ModelCard) -> Answer:
    ids = fields.required("ids")
    skip = fields.flag("skip_special_tokens", True)

    def valid(seq: Any) -> bool:
        return isinstance(seq, list) and all(isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in seq)

    if valid(ids):
        sequences = [ids]
    elif isinstance(ids, list) and all(valid(seq) for seq in ids):
        sequences = ids
    else:
        raise fields.error("ids: data did not match any variant of untagged enum InputIds")
    check_batch_size(len(sequences))
    if not sequences or any(not seq for seq in sequences):
        raise tei.input_validation("`input_ids` cannot be empty")
    texts = [tei.decode(card, seq, skip_special_tokens=skip) for seq in sequences]
    return texts, sum(len(seq) for seq in sequences), sum(len(seq) for seq in sequences)


def tokenize(h: TEIHandler, fields: Fields, card: ModelCard) -> Answer:
    """`/tokenize` of a model-scoped TEI base URL (the root `/tokenize` is the TGI handler's,
    which answers in TEI's form for a TEI-served default model)."""
    if card.task == "text-generation":  # a TGI container's /tokenize: one flat list
        from .tgi import tokens_with_offsets

        inputs = fields.required("inputs")
        if not isinstance(inputs, str):
            raise fields.error("inputs: invalid type: expected a string")
        rows: Any = tokens_with_offsets(inputs)
        return rows, len(inputs), len(rows)
    rows = tei.tei_tokenize(card, fields.data)
    inputs = fields.data["inputs"]
    return rows, _characters([inputs] if isinstance(inputs, str) else inputs), sum(len(row) for row in rows)


def _characters(texts: list[str]) -> int:
    return sum(len(text) for text in texts)


def _tokens(card: ModelCard, texts: list[str]) -> int:
    return sum(tei.token_count(card, text) for text in texts)


_OPERATIONS: dict[str, Callable[[TEIHandler, Fields, ModelCard], Answer]] = {
    "embed": embed,
    "embed_all": embed_all,
    "embed_sparse": embed_sparse,
    "rerank": rerank,
    "predict": predict,
    "similarity": similarity,
    "decode": decode,
    "tokenize": tokenize,
}
_STRUCTS = {
    "embed": "EmbedRequest",
    "embed_all": "EmbedAllRequest",
    "embed_sparse": "EmbedSparseRequest",
    "rerank": "RerankRequest",
    "predict": "PredictRequest",
    "similarity": "SimilarityRequest",
    "decode": "DecodeRequest",
    "tokenize": "TokenizeRequest",
}
# TEI's `POST /invocations` (and `POST /` on a real TEI) by the kind of the served model.
_INVOCATION_BY_KIND = {"embedding": "embed", "splade": "embed_sparse", "classifier": "predict", "reranker": "rerank"}

# The route table's TEI routes live in tei_routes.py (app.py reads them without importing this
# module); tests/test_startup.py checks they name exactly the operations served here, in order.
ROUTES = tei_routes.ROUTES
MODEL_ROUTES = tei_routes.MODEL_ROUTES
