"""Properties of the TEI answers over arbitrary text (hypothesis), through the running server."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hf_tornado.catalog import ModelCard
from hf_tornado.handlers.tei_format import encode
from tei_support import EMBEDDER, call, norm

CARD = ModelCard(id=EMBEDDER, task="feature-extraction")
texts = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=40, deadline=None)
@given(text=texts)
def test_token_offsets_are_utf8_byte_spans_of_the_input(text):
    data = text.encode("utf-8")
    tokens = encode(CARD, text)
    assert tokens[0]["special"] and tokens[-1]["special"]
    for token in tokens[1:-1]:
        assert data[token["start"]:token["stop"]].decode("utf-8") == token["text"] and token["text"].strip() == token["text"]


@settings(max_examples=25, deadline=None)
@given(batch=st.lists(texts, min_size=1, max_size=4))
def test_embed_rows_are_unit_vectors_equal_to_single_answers(hf_server_session, batch):
    base = hf_server_session.url
    r = call(base, "POST", "/embed", {"inputs": batch})
    assert r.status == 200, r.body
    rows = r.json()
    assert len(rows) == len(batch) and all(len(row) == 384 for row in rows)
    for text, row in zip(batch, rows):
        assert abs(norm(row) - 1.0) < 1e-5
        assert call(base, "POST", "/embed", {"inputs": text}).json() == [row]
    ranks = call(base, "POST", "/rerank", {"query": batch[0], "texts": batch}).json()
    scores = [rank["score"] for rank in ranks]
    assert scores == sorted(scores, reverse=True) and sorted(rank["index"] for rank in ranks) == list(range(len(batch)))
