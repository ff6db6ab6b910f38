"""Raw HTTP for wire-level assertions, shared by the `http` fixture (conftest.py, with a token)
and the TEI tests (tei_support.py, without one: apps talk to a TEI container without a token)."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any


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
    """``body``: bytes as they are, None for none, anything else as JSON (with its Content-Type,
    which ``headers`` may override)."""
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    all_headers = {"Content-Type": "application/json"} if not isinstance(body, (bytes, type(None))) else {}
    all_headers.update(headers or {})
    request = urllib.request.Request(base + path, data=data, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return Response(resp.status, resp.headers, resp.read())
    except urllib.error.HTTPError as err:
        return Response(err.code, err.headers, err.read())
