"""Helpers for the TEI tests: raw HTTP against any server, vector maths, extra servers."""
from __future__ import annotations

import contextlib
import json
import math
import urllib.error
import urllib.request
from typing import Any, Iterator

RERANKER = "BAAI/bge-reranker-base"
EMBEDDER = "BAAI/bge-small-en-v1.5"
SPLADE = "naver/splade-cocondenser-ensembledistil"


class Response:
    def __init__(self, status: int, headers: Any, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")


def call(base: str, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Response:
    """Like the `http` fixture, without a token (apps talk to a TEI container without one)."""
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    all_headers = {"Content-Type": "application/json"} if not isinstance(body, (bytes, type(None))) else {}
    all_headers.update(headers or {})
    request = urllib.request.Request(base + path, data=data, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return Response(resp.status, resp.headers, resp.read())
    except urllib.error.HTTPError as err:
        return Response(err.code, err.headers, err.read())


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
