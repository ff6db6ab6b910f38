"""TGI and TEI are both Rust routers: a value of the wrong type is named as serde names it, one
wording for both surfaces (errors.serde_describe), strings shown as Rust's `{:?}` shows them."""
from __future__ import annotations

import json

from hf_tornado.errors import serde_describe
from tei_support import call

ODD = 'say "hi"\\ é\n'
RUST_DEBUG = r'string "say \"hi\"\\ é\n"'


def test_serde_describe_names_each_json_type():
    assert [serde_describe(v) for v in (None, True, 7, 0.5, "x", [1], {})] == [
        "null", "boolean `true`", "integer `7`", "floating point `0.5`", 'string "x"', "sequence", "map",
    ]
    assert serde_describe(ODD) == RUST_DEBUG
    assert serde_describe("\x01\x7f") == r'string "\u{1}\u{7f}"'


def test_tgi_and_tei_describe_a_wrong_string_alike(hf_url):
    tgi = call(hf_url, "POST", "/generate", {"inputs": "Hi", "parameters": {"do_sample": ODD}})
    assert tgi.status == 422 and tgi.content_type.startswith("text/plain")
    assert tgi.body.decode() == (
        f"Failed to deserialize the JSON body into the target type: parameters.do_sample: invalid type: {RUST_DEBUG}, expected a boolean"
    )
    raw = json.dumps({"inputs": "a", "normalize": ODD}).encode()
    tei = call(hf_url, "POST", "/embed", raw, {"Content-Type": "application/json"})
    assert tei.status == 422
    assert tei.body.decode().startswith(f"Failed to deserialize the JSON body into the target type: normalize: invalid type: {RUST_DEBUG}, expected a boolean at line 1 column ")
    # and the next request still works
    assert call(hf_url, "POST", "/embed", {"inputs": "a"}).status == 200


def test_tgi_and_tei_answer_a_broken_body_with_the_same_framework_errors(hf_url):
    json_type = {"Content-Type": "application/json", "Authorization": "Bearer hf_test"}
    for body, status, message in (
        (b'{"inputs": ', 400, "Failed to parse the request body as JSON: EOF while parsing a value at line 1 column 11"),
        (b'{"inputs": nope}', 400, "Failed to parse the request body as JSON: expected value at line 1 column 12"),
        (b"", 400, "Failed to parse the request body as JSON: EOF while parsing a value at line 1 column 0"),
    ):
        for path in ("/generate", "/embed", "/models/gpt2/v1/chat/completions"):
            r = call(hf_url, "POST", path, body, json_type)
            assert (r.status, r.body.decode()) == (status, message), path
            assert r.content_type.startswith("text/plain"), path
    for path in ("/generate", "/embed"):
        r = call(hf_url, "POST", path, b'{"inputs": "a"}', {"Content-Type": "text/json"})
        assert (r.status, r.body) == (415, b"Expected request with `Content-Type: application/json`"), path


def test_tgi_names_a_wrong_body_without_an_empty_path(hf_url):
    for body, detail in (([1], "invalid type: expected struct GenerateRequest"), ({"input": "a"}, "missing field `inputs`")):
        r = call(hf_url, "POST", "/generate", body)
        assert (r.status, r.body.decode()) == (422, f"Failed to deserialize the JSON body into the target type: {detail}")
