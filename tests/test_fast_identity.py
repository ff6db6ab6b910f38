"""The optional `fast` extra (numpy + orjson) gives byte-identical answers to the core install.

Runs wherever numpy and orjson are installed (both are in the `test` extra, so in CI too). The
core path is the reference: ``fast.AVAILABLE`` is switched off in-process to get it.
"""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("numpy")
pytest.importorskip("orjson")

from hf_tornado import fast  # noqa: E402
from hf_tornado.handlers.base import dumps  # noqa: E402
from hf_tornado.synth.vectors import normalize, round_vector, text_vector  # noqa: E402

MODEL = "sentence-transformers/all-MiniLM-L6-v2"
EDGE_TEXTS = ["", " ", "a", "a a a a a", "ünïcödé ✓ ☃ 𝔘", "x" * 3000, "Zwölf Boxkämpfer jagen Viktor", "1,000 numbers: 3.14 -2e5", "\n\t"]


def _pure(texts, dim=384, model=MODEL, normalized=True):
    return [round_vector(normalize(text_vector(model, t, dim)) if normalized else text_vector(model, t, dim)) for t in texts]


def _pure_bytes(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


@pytest.mark.parametrize("normalized", [True, False])
@pytest.mark.parametrize("dim", [384, 768, 1024])
def test_vectors_and_json_are_byte_identical(dim, normalized):
    texts = EDGE_TEXTS + [f"text number {i} about the river bank and the stock market" for i in range(200)]
    rows = fast.sentence_rows(MODEL, texts, dim, normalize=normalized)
    reference = _pure(texts, dim, normalized=normalized)
    assert rows == reference
    assert dumps(rows) == _pure_bytes(reference)
    assert b"e-05" in dumps(rows) or b"e-06" in dumps(rows)  # the odd-number rewrite was exercised


@settings(max_examples=30, deadline=None, derandomize=True, database=None)
@given(texts=st.lists(st.text(max_size=60), min_size=1, max_size=12), model=st.sampled_from([MODEL, "BAAI/bge-small-en-v1.5", "x"]))
def test_any_texts_give_the_same_bytes(texts, model):
    rows = fast.sentence_rows(model, texts, 64, normalize=True)
    assert dumps(rows) == _pure_bytes(_pure(texts, 64, model))


def test_the_served_answer_is_the_same_with_and_without_the_extra(http, monkeypatch):
    if not fast.AVAILABLE:
        pytest.skip("HF_TORNADO_PURE is set")
    body = {"inputs": EDGE_TEXTS[1:] + [f"sentence {i} for the batch" for i in range(20)]}  # TEI: at most 32, none empty
    routes = [f"/models/{MODEL}", "/embed", "/models/BAAI/bge-large-en-v1.5"]
    with_extra = [http("POST", route, body).body for route in routes]
    monkeypatch.setattr(fast, "AVAILABLE", False)
    without = [http("POST", route, body).body for route in routes]
    assert with_extra == without
    assert all(len(json.loads(b)) == len(body["inputs"]) for b in without)


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_one_text_is_byte_identical(text):
    row = fast.sentence_row(MODEL, text, 384, normalize=True)
    reference = _pure([text])[0]
    assert row == reference and dumps(row) == _pure_bytes(reference)
    assert dumps([row]) == _pure_bytes([reference])  # nested in a plain list, as other routes do
