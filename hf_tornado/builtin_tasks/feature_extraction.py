"""Built-in plugin: feature-extraction (sentence embeddings, or token vectors for token-level
models) and sentence-similarity (the cosine of the same embeddings).

It registers its model cards and tasks; how the tasks answer is in ``feature_extraction_tasks.py``,
imported on the first run of one of them (``lazy.LazyTask``) or by the TEI and OpenAI embedding
routes, so start-up does not pay for it (docs/performance.md).
"""
from __future__ import annotations

from hf_tornado.catalog import ModelCard
from hf_tornado.hookspecs import hookimpl
from hf_tornado.tasks import Task

from .lazy import LazyTask

_ST_TAGS = ("sentence-transformers", "feature-extraction", "sentence-similarity", "endpoints_compatible")


def _st(model_id: str, dim: int, max_tokens: int = 512, task: str = "feature-extraction") -> ModelCard:
    return ModelCard(id=model_id, task=task, embedding_dim=dim, max_input_tokens=max_tokens, tags=_ST_TAGS, library="sentence-transformers")


# Popular embedding models beyond the foundation catalog (@huggingface/tasks data, MTEB regulars).
CARDS: tuple[ModelCard, ...] = (
    _st("sentence-transformers/all-MiniLM-L12-v2", 384, 256),
    _st("sentence-transformers/multi-qa-MiniLM-L6-cos-v1", 384, 512),
    _st("sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2", 384, 128, task="sentence-similarity"),
    _st("thenlper/gte-large", 1024),
    _st("thenlper/gte-small", 384),
    _st("BAAI/bge-m3", 1024, 8192),
    _st("intfloat/e5-base-v2", 768),
    _st("intfloat/e5-small-v2", 384),
    _st("intfloat/multilingual-e5-base", 768),
    _st("intfloat/multilingual-e5-small", 384),
    _st("mixedbread-ai/mxbai-embed-large-v1", 1024),
    _st("nomic-ai/nomic-embed-text-v1.5", 768, 8192),
    _st("Alibaba-NLP/gte-Qwen1.5-7B-instruct", 4096, 32768),
    # @huggingface/tasks' sentence-similarity example: Qwen2-0.5B's hidden size.
    _st("HIT-TMG/KaLM-embedding-multilingual-mini-instruct-v1.5", 896, 512, task="sentence-similarity"),
)

_TASKS = "hf_tornado.builtin_tasks.feature_extraction_tasks"


@hookimpl
def hf_tornado_register_tasks() -> list[Task]:
    return [
        LazyTask("feature-extraction", f"{_TASKS}:FeatureExtraction"),
        LazyTask("sentence-similarity", f"{_TASKS}:SentenceSimilarity"),
    ]


@hookimpl
def hf_tornado_register_models() -> list[ModelCard]:
    return list(CARDS)
