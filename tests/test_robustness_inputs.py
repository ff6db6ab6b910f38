"""Hostile input to every route: arbitrary JSON, wrong types, huge numbers, deep nesting,
invalid UTF-8, empty and enormous bodies. Never a 5xx, never a traceback or HTML, and the next
valid request gets exactly the answer it got before.
"""
from __future__ import annotations

import http.client
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hf_tornado import HuggingfaceInferenceServer
from hf_tornado.app import make_state, routes
from hf_tornado import openapi

AUTH = {"Authorization": "Bearer hf_test_token"}
_PARAMS = {"model": "gpt2", "task": "text-generation", "item_id": "1", "revision": "main", "action": "warm"}


def _operations() -> list[tuple[str, str]]:
    doc = openapi.document(routes(make_state()))
    out = []
    for template, methods in doc["paths"].items():
        path = re.sub(r"\{(\w+)\}", lambda m: _PARAMS[m.group(1)], template)
        out += [(method.upper(), path) for method in methods if method in ("post", "put")]
    return out


OPERATIONS = _operations()

_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
_json = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)
_fields = st.sampled_from(["inputs", "parameters", "messages", "prompt", "input", "model", "stream", "query", "texts", "ids", "max_tokens", "options"])
_wrong_types = st.dictionaries(_fields, _json, max_size=4)
_huge_numbers = st.dictionaries(
    _fields, st.sampled_from([10**400, -(2**64), 2**63, 1e308, -1e308, 0, -1, 1.5, "1e400"]), min_size=1, max_size=3
)
HOSTILE = [
    b"",
    b"   ",
    b"{",
    b'{"inputs": "\xff\xfe\xfd"}',
    b"\xff\xfe\x00\x01",
    b"[" * 5000 + b"]" * 5000,
    b'{"inputs":' + b'{"a":' * 3000 + b"1" + b"}" * 3000 + b"}",
    b'{"inputs": NaN, "parameters": {"max_new_tokens": Infinity}}',
    b'{"inputs": "a", "parameters": {"max_new_tokens": ' + b"9" * 5000 + b"}}",
    b'{"messages": [{"role": "user", "content": "hi"}], "max_tokens": 99999999999999999999}',
    b'{"inputs": ["a"], "parameters": {"top_k": -1, "temperature": -5}}',
]
_bodies = st.one_of(
    _json.map(lambda v: json.dumps(v).encode()),
    _wrong_types.map(lambda v: json.dumps(v).encode()),
    _huge_numbers.map(lambda v: json.dumps(v).encode()),
    st.sampled_from(HOSTILE),
)


def _send(port: int, method: str, path: str, body: bytes, content_type: str = "application/json") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body, {**AUTH, "Content-Type": content_type})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _valid(port: int) -> tuple[int, bytes]:
    return _send(port, "POST", "/models/gpt2", b'{"inputs": "The next request still works"}')


@pytest.fixture(scope="module")
def server():
    with HuggingfaceInferenceServer(port=0) as srv:
        yield srv


def _assert_sane(status: int, data: bytes, where: str) -> None:
    assert status < 500, f"{where}: {status} {data[:300]!r}"
    assert b"Traceback" not in data, where
    assert not re.search(rb"<html", data[:300], re.I), where


@pytest.mark.parametrize("method,path", OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_hostile_bodies_never_break_a_route(server, method, path):
    reference = _valid(server.port)
    assert reference[0] == 200
    for body in HOSTILE:  # every hand-made case on every route, then hypothesis's
        try:
            _assert_sane(*_send(server.port, method, path, body), f"{method} {path} {body[:80]!r}")
        finally:
            server.reset()

    @given(body=_bodies, content_type=st.sampled_from(["application/json", "text/plain", "application/octet-stream"]))
    @settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), database=None)
    def check(body, content_type):
        try:
            status, data = _send(server.port, method, path, body, content_type)
            _assert_sane(status, data, f"{method} {path} {body[:80]!r}")
        finally:
            server.reset()

    check()
    assert _valid(server.port) == reference


def test_deep_nesting_gets_the_services_parse_error(server):
    deep = b'{"inputs":' + b"[" * 200 + b"]" * 200 + b"}"
    status, data = _send(server.port, "POST", "/models/gpt2", deep)
    assert status == 400
    assert json.loads(data)["error"].startswith("Failed to parse the request body as JSON: recursion limit exceeded at line 1 column ")
    status, data = _send(server.port, "POST", "/generate", deep)  # TGI: axum's text/plain framework error
    assert (status, data[:60]) == (400, b"Failed to parse the request body as JSON: recursion limit ex")
    shallow = b'{"inputs":' + b"[" * 100 + b"]" * 100 + b"}"  # under the limit: the route's own answer
    assert _send(server.port, "POST", "/models/gpt2", shallow)[0] in (400, 422)


def test_too_many_inputs_get_the_batch_size_error(server):
    status, data = _send(server.port, "POST", "/models/sentence-transformers/all-MiniLM-L6-v2", json.dumps({"inputs": ["a"] * 4097}).encode())
    assert status == 422
    assert json.loads(data)["error"] == "batch size 4097 > maximum allowed batch size 4096"
    status, data = _send(server.port, "POST", "/models/sentence-transformers/all-MiniLM-L6-v2", json.dumps({"inputs": ["a"] * 1000}).encode())
    assert status == 200 and len(json.loads(data)) == 1000


def test_limits_are_configurable():
    with HuggingfaceInferenceServer(port=0, max_json_depth=4, max_batch_size=2, max_body_bytes=65536) as small:
        assert _send(small.port, "POST", "/models/gpt2", b'{"inputs": [[[["x"]]]]}')[0] == 400
        status, data = _send(small.port, "POST", "/models/sentence-transformers/all-MiniLM-L6-v2", b'{"inputs": ["a", "b", "c"]}')
        assert status == 422 and b"maximum allowed batch size 2" in data
        # Enormous bodies, on every route that takes one: 413 in the route's dialect.
        enormous = b'{"inputs": "' + b"x" * 200_000 + b'"}'
        for method, path in OPERATIONS:
            status, data = _send(small.port, method, path, enormous)
            _assert_sane(status, data, f"{method} {path}")
            assert status == 413, f"{method} {path} -> {status}"
        assert _valid(small.port)[0] == 200


def test_media_bodies_full_of_bracket_bytes_are_not_json(server):
    """A WAV or PNG body may hold thousands of `[` bytes; only JSON bodies are depth-checked."""
    import io
    import wave

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(16000)
        wav.writeframes(b"[{" * 8000)
    for content_type in ("audio/wav", "application/octet-stream"):
        status, data = _send(server.port, "POST", "/models/openai/whisper-large-v3", buffer.getvalue(), content_type)
        assert status == 200, data[:200]
        assert "text" in json.loads(data)
