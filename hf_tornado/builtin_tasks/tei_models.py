"""Built-in plugin: the model cards only TEI serves (re-rankers and SPLADE models).

A re-ranker is a sequence-classification model with one label (TEI reports it as
``model_type.reranker``); a SPLADE model is a masked-LM embedding model with SPLADE pooling,
whose embedding size is its vocabulary. The feature-extraction and text-classification modules
register the embedding and classifier models TEI also serves.
"""
from __future__ import annotations

from hf_tornado.catalog import ModelCard
from hf_tornado.hookspecs import hookimpl
from hf_tornado.synth.sparse import SPLADE_VOCAB_SIZE

_RERANKER_TAGS = ("text-classification", "sentence-transformers", "text-embeddings-inference", "endpoints_compatible")
_SPLADE_TAGS = ("feature-extraction", "sentence-transformers", "text-embeddings-inference", "endpoints_compatible")


def _reranker(model_id: str, max_tokens: int = 512) -> ModelCard:
    return ModelCard(id=model_id, task="text-classification", labels=("LABEL_0",), max_input_tokens=max_tokens, tags=_RERANKER_TAGS, library="sentence-transformers")


def _splade(model_id: str) -> ModelCard:
    return ModelCard(
        id=model_id,
        task="feature-extraction",
        embedding_dim=SPLADE_VOCAB_SIZE,
        max_input_tokens=512,
        tags=_SPLADE_TAGS,
        library="sentence-transformers",
        extra={"pooling": "splade"},
    )


CARDS: tuple[ModelCard, ...] = (
    _reranker("BAAI/bge-reranker-base"),
    _reranker("BAAI/bge-reranker-large"),
    _reranker("BAAI/bge-reranker-v2-m3", 8192),
    _reranker("Alibaba-NLP/gte-multilingual-reranker-base", 8192),
    _reranker("mixedbread-ai/mxbai-rerank-base-v1"),
    _reranker("cross-encoder/ms-marco-MiniLM-L-12-v2"),
    _reranker("cross-encoder/ms-marco-MiniLM-L6-v2"),
    _reranker("Alibaba-NLP/gte-reranker-modernbert-base", 8192),
    _splade("naver/splade-cocondenser-ensembledistil"),
    _splade("naver/efficient-splade-VI-BT-large-query"),
    _splade("prithivida/Splade_PP_en_v1"),
)


@hookimpl
def hf_tornado_register_models() -> list[ModelCard]:
    return list(CARDS)
