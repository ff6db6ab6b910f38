"""Helpers for the TEI tests: raw HTTP against any server (``http_support``), vector maths, extra
servers."""
from __future__ import annotations

import contextlib
import math
from typing import Any, Iterator

from http_support import Response, call  # noqa: F401 - the TEI tests import them from here

RERANKER = "BAAI/bge-reranker-base"
EMBEDDER = "BAAI/bge-small-en-v1.5"
SPLADE = "naver/splade-cocondenser-ensembledistil"


def embed_rows(base: str, body: dict[str, Any]) -> list[list[float]]:
    """TEI's `/embed` answer for ``body``; a 200 is required."""
    r = call(base, "POST", "/embed", body)
    assert r.status == 200, r.body
    return r.json()


def norm(vector: list[float]) -> float:
    return math.sqrt(sum(v * v for v in vector))


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b)) / (norm(a) * norm(b))


@contextlib.contextmanager
def server(**settings: Any) -> Iterator[str]:
    """Another hf-tornado with different models; yields its base URL."""
    from hf_tornado import HuggingfaceInferenceServer

    srv = HuggingfaceInferenceServer(port=0, **settings)
    srv.start()
    try:
        yield srv.url
    finally:
        srv.stop()
