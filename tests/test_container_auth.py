"""TGI's and TEI's own routes share a container's auth (handlers/container.py): open without a
token list; with one, a POST without a listed token gets a bare 401 (no body, no Content-Type),
as a container started with `--api-key` answers (WIRE.md 4.4, 8)."""
from __future__ import annotations

from tei_support import call

ROUTES = (("/generate", {"inputs": "Hi", "parameters": {"max_new_tokens": 2}}), ("/tokenize", {"inputs": "Hi"}), ("/embed", {"inputs": "a"}))


def test_tgi_and_tei_routes_answer_a_bare_401_once_tokens_are_listed(hf_url, hf_tokens):
    for path, body in ROUTES:
        assert call(hf_url, "POST", path, body).status == 200, path  # no token list: open
    hf_tokens([{"name": "ci", "token": "hf_ci"}])
    for path, body in ROUTES:
        for headers in ({}, {"Authorization": "Bearer wrong"}):
            r = call(hf_url, "POST", path, body, headers)
            assert (r.status, r.body, r.headers.get("Content-Type")) == (401, b"", None), path
        assert call(hf_url, "POST", path, body, {"Authorization": "Bearer hf_ci"}).status == 200, path
    assert call(hf_url, "GET", "/info").status == 200  # GETs stay open
