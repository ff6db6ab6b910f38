"""TEI's own routes over raw HTTP (WIRE.md section 8): shapes, options and consistency with the
pipeline tasks they are built on."""
from __future__ import annotations

import math

import pytest

from tei_support import EMBEDDER, RERANKER, call, cosine, embed_rows as embed, norm

PROMPT = "Represent this sentence for searching relevant passages: "


def test_embed_is_always_two_dimensional_with_tei_headers(hf_url):
    r = call(hf_url, "POST", "/embed", {"inputs": "What is deep learning?"})
    assert r.status == 200
    assert r.content_type.startswith("application/json")
    rows = r.json()
    assert len(rows) == 1 and len(rows[0]) == 384  # bge-small-en-v1.5
    assert abs(norm(rows[0]) - 1.0) < 1e-5  # normalize defaults to true
    assert r.headers["x-compute-type"] == "gpu+optimized"
    assert int(r.headers["x-compute-tokens"]) == 7  # [CLS] What is deep learning ? [SEP]
    assert r.headers["x-compute-characters"] == "22"
    for name in ("x-compute-time", "x-total-time", "x-tokenization-time", "x-queue-time", "x-inference-time"):
        assert r.headers[name].isdigit(), name  # integer milliseconds
    assert call(hf_url, "POST", "/embed", {"inputs": "What is deep learning?"}).body == r.body


def test_batch_rows_equal_single_rows_and_the_pipeline_vectors(hf_url, http):
    texts = ["the cat sat on the mat", "stock markets fell sharply", "a cat on a mat"]
    batch = embed(hf_url, {"inputs": texts})
    assert len(batch) == 3
    for text, row in zip(texts, batch):
        assert embed(hf_url, {"inputs": text}) == [row]
    pipeline = http("POST", f"/models/{EMBEDDER}", {"inputs": texts}).json()
    assert pipeline == batch
    # Shared words make vectors closer than unrelated texts.
    assert cosine(batch[0], batch[2]) > cosine(batch[0], batch[1])


def test_normalize_false_and_dimensions(hf_url):
    raw = embed(hf_url, {"inputs": "hello world", "normalize": False})[0]
    unit = embed(hf_url, {"inputs": "hello world"})[0]
    assert abs(norm(raw) - 1.0) > 0.1
    assert all(abs(u - r / norm(raw)) < 1e-5 for u, r in zip(unit, raw))
    short = embed(hf_url, {"inputs": "hello world", "dimensions": 64})[0]
    assert len(short) == 64 and abs(norm(short) - 1.0) < 1e-5
    prefix = raw[:64]
    assert all(abs(s - p / norm(prefix)) < 1e-5 for s, p in zip(short, prefix))
    assert len(embed(hf_url, {"inputs": "hello world", "dimensions": 64, "normalize": False})[0]) == 64


def test_token_id_inputs_embed_their_decoded_text(hf_url):
    from hf_tornado.synth.text import token_id

    ids = [token_id("the"), token_id("river"), token_id("city")]
    assert call(hf_url, "POST", "/decode", {"ids": ids}).json() == ["the river city"]
    assert embed(hf_url, {"inputs": ids}) == embed(hf_url, {"inputs": "the river city"})
    assert embed(hf_url, {"inputs": [ids, "light"]}) == embed(hf_url, {"inputs": ["the river city", "light"]})


def test_prompt_name_prepends_the_models_prompt(hf_url, http):
    with_prompt = embed(hf_url, {"inputs": "what is a river", "prompt_name": "query"})
    assert with_prompt == embed(hf_url, {"inputs": PROMPT + "what is a river"})
    assert with_prompt != embed(hf_url, {"inputs": "what is a river"})
    # The pipeline's feature-extraction agrees.
    assert http("POST", f"/models/{EMBEDDER}", {"inputs": ["what is a river"], "prompt_name": "query"}).json() == with_prompt


def test_truncation_keeps_512_tokens_from_the_chosen_side(hf_url):
    words = [f"w{i}" for i in range(600)]
    text = " ".join(words)
    right = embed(hf_url, {"inputs": text})  # truncate: null means auto-truncate (TEI >= 1.9)
    assert right == embed(hf_url, {"inputs": " ".join(words[:510])})  # 510 words + [CLS] + [SEP]
    left = embed(hf_url, {"inputs": text, "truncate": True, "truncation_direction": "Left"})
    assert left == embed(hf_url, {"inputs": " ".join(words[-510:])})
    assert left == embed(hf_url, {"inputs": text, "truncation_direction": "left"})
    assert left != right


def test_embed_all_gives_token_vectors(hf_url):
    from hf_tornado.catalog import ModelCard
    from hf_tornado.handlers.tei_format import tei_tokenize

    texts = ["hello world", "The river, the city. ", "a b c"]
    rows = call(hf_url, "POST", "/embed_all", {"inputs": texts}).json()
    assert len(rows) == 3  # batch x tokens x hidden: a vector per word token (no special tokens)
    card = ModelCard(id=EMBEDDER, task="feature-extraction")
    assert [len(row) for row in rows] == [len(tokens) - 2 for tokens in tei_tokenize(card, {"inputs": texts})] == [2, 6, 3]
    assert all(len(vector) == 384 for row in rows for vector in row)
    assert call(hf_url, "POST", "/embed_all", {"inputs": "hello world"}).json() == rows[:1]


def test_rerank_sorts_by_score_and_follows_embedding_similarity(hf_url, http):
    query = "how do rivers reach the sea"
    texts = ["stock prices and market data", "rivers flow down to the sea", "the sea is large", "garden light"]
    r = call(hf_url, "POST", "/rerank", {"query": query, "texts": texts})
    assert r.status == 200 and r.headers["x-compute-type"] == "gpu+optimized"
    ranks = r.json()
    assert sorted(rank["index"] for rank in ranks) == [0, 1, 2, 3]
    scores = [rank["score"] for rank in ranks]
    assert scores == sorted(scores, reverse=True) and all(0 < s < 1 for s in scores)
    assert ranks[0]["index"] == 1 and "text" not in ranks[0]
    # The order is the re-ranker's own embedding similarity (the pipeline's sentence-similarity).
    cosines = http("POST", f"/models/{RERANKER}/pipeline/sentence-similarity", {"inputs": {"source_sentence": query, "sentences": texts}}).json()
    assert [rank["index"] for rank in ranks] == sorted(range(4), key=lambda i: -cosines[i])

    with_text = call(hf_url, "POST", "/rerank", {"query": query, "texts": texts, "return_text": True, "raw_scores": True}).json()
    assert [rank["index"] for rank in with_text] == [rank["index"] for rank in ranks]
    assert all(rank["text"] == texts[rank["index"]] for rank in with_text)
    assert min(rank["score"] for rank in with_text) < 0  # logits
    for raw, score in zip(with_text, ranks):
        assert abs(1 / (1 + math.exp(-raw["score"])) - score["score"]) < 1e-6


def test_predict_single_pair_and_batch(hf_url):
    single = call(hf_url, "POST", "/predict", {"inputs": "I love this, thank you!"}).json()
    assert len(single) == 28  # go_emotions: every label
    assert [p["score"] for p in single] == sorted((p["score"] for p in single), reverse=True)
    assert abs(sum(p["score"] for p in single) - 1) < 1e-4
    assert set(single[0]) == {"score", "label"}
    pair = call(hf_url, "POST", "/predict", {"inputs": ["I love this", "so do I"]}).json()
    assert isinstance(pair[0], dict) and len(pair) == 28
    batch = call(hf_url, "POST", "/predict", {"inputs": [["I love this, thank you!"], ["I love this", "so do I"], "plain"]}).json()
    assert len(batch) == 3 and batch[0] == single and batch[1] == pair
    raw = call(hf_url, "POST", "/predict", {"inputs": "I love this, thank you!", "raw_scores": True}).json()
    assert [p["label"] for p in raw] == [p["label"] for p in single]
    assert abs(sum(p["score"] for p in raw) - 1) > 0.01


def test_similarity_is_the_cosine_of_embed_rows(hf_url):
    source, sentences = "a cat sat on the mat", ["a cat sat on the mat", "the cat is on a mat", "interest rates"]
    r = call(hf_url, "POST", "/similarity", {"inputs": {"source_sentence": source, "sentences": sentences}})
    assert r.status == 200
    scores = r.json()
    assert scores[0] == 1.0 and scores[1] > scores[2]
    rows = embed(hf_url, {"inputs": [source, *sentences]})
    assert all(abs(s - cosine(rows[0], row)) < 1e-5 for s, row in zip(scores, rows[1:]))
    prompted = call(hf_url, "POST", "/similarity", {"inputs": {"source_sentence": source, "sentences": sentences}, "parameters": {"prompt_name": "query"}}).json()
    assert prompted[0] == 1.0 and prompted[1:] != scores[1:]


def test_decode_and_tokenize_round_trip(hf_url):
    from hf_tornado.handlers.tei_format import tei_tokenize
    from hf_tornado.catalog import ModelCard

    card = ModelCard(id=EMBEDDER, task="feature-extraction")
    [tokens] = tei_tokenize(card, {"inputs": "The river, the city"})
    assert tokens[0] == {"id": 101, "text": "[CLS]", "special": True, "start": None, "stop": None}
    assert tokens[-1]["text"] == "[SEP]"
    assert [t["text"] for t in tokens[1:-1]] == ["The", "river", ",", "the", "city"]
    assert [(t["start"], t["stop"]) for t in tokens[1:-1]] == [(0, 3), (4, 9), (9, 10), (11, 14), (15, 19)]
    ids = [t["id"] for t in tokens]
    assert call(hf_url, "POST", "/decode", {"ids": ids}).json() == ["The river, the city"]
    both = call(hf_url, "POST", "/decode", {"ids": [ids, ids[1:3]], "skip_special_tokens": False}).json()
    assert both == ["[CLS] The river, the city [SEP]", "The river"]
    # UTF-8 byte offsets, as TEI's tokenizer reports them.
    [accented] = tei_tokenize(card, {"inputs": "café au lait", "add_special_tokens": False})
    assert [(t["text"], t["start"], t["stop"]) for t in accented] == [("café", 0, 5), ("au", 6, 8), ("lait", 9, 13)]


def test_invocations_dispatch_to_embed_for_an_embedding_model(hf_url):
    assert call(hf_url, "POST", "/invocations", {"inputs": ["x y"]}).json() == embed(hf_url, {"inputs": ["x y"]})


def test_tei_info_at_models_info_and_in_tei_info(http):
    info = http("GET", f"/models/{EMBEDDER}/info").json()
    assert info["model_id"] == EMBEDDER and info["model_type"] == {"embedding": {"pooling": "cls"}}
    assert info["max_client_batch_size"] == 32 and info["max_input_length"] == 512 and info["version"] == "1.9.3"
    assert info["auto_truncate"] is True and "max_batch_tokens" in info
    reranker = http("GET", f"/models/{RERANKER}/info").json()
    assert reranker["model_type"] == {"reranker": {"id2label": {"0": "LABEL_0"}, "label2id": {"LABEL_0": 0}}}
    classifier = http("GET", "/models/SamLowe/roberta-base-go_emotions/info").json()
    assert classifier["model_type"]["classifier"]["id2label"]["0"] == "admiration"
    minilm = http("GET", "/models/sentence-transformers/all-MiniLM-L6-v2/info").json()
    assert minilm["model_type"] == {"embedding": {"pooling": "mean"}} and minilm["max_input_length"] == 256
    assert http("GET", "/models/BAAI/bge-m3/info").json()["max_input_length"] == 8192
    # Text-generation models keep TGI's form.
    assert "max_total_tokens" in http("GET", "/models/gpt2/info").json()


@pytest.mark.parametrize("path", ["/embed", "/rerank", "/predict", "/similarity", "/decode", "/embed_all"])
def test_tei_routes_need_no_token_and_refuse_get(hf_url, path):
    r = call(hf_url, "GET", path)
    assert r.status == 405 and r.body == b""


def test_tei_requests_are_journaled_and_preflights_answered(hf_url, hf_requests):
    call(hf_url, "POST", "/rerank", {"query": "q", "texts": ["a"]})
    call(hf_url, "POST", "/embed", {"inputs": []})
    rerank, refused = hf_requests(route_kind="tei")[-2:]
    assert (rerank.path, rerank.model, rerank.status) == ("/rerank", RERANKER, 200)
    assert (refused.path, refused.model, refused.status) == ("/embed", EMBEDDER, 400)
    preflight = call(hf_url, "OPTIONS", "/embed", headers={"Origin": "http://app.test", "Access-Control-Request-Method": "POST"})
    assert preflight.status == 204 and "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert preflight.headers["Access-Control-Allow-Origin"] == "http://app.test"


def test_model_scoped_routes_serve_that_model_for_every_route(hf_url, http, hf_requests):
    large = "BAAI/bge-large-en-v1.5"
    rows = call(hf_url, "POST", f"/models/{large}/embed", {"inputs": ["rivers", "cities"]}).json()
    assert [len(row) for row in rows] == [1024, 1024]
    assert http("POST", f"/models/{large}", {"inputs": ["rivers", "cities"]}).json() == rows
    assert hf_requests(route_kind="tei")[-1].model == large
    # One model per "container": an embedding model is no re-ranker, a re-ranker no embedder.
    wrong = call(hf_url, "POST", f"/models/{large}/rerank", {"query": "q", "texts": ["a"]})
    assert wrong.status == 424 and wrong.json()["error"] == "Backend error: model is not a re-ranker model"
    ranks = call(hf_url, "POST", f"/models/{RERANKER}/rerank", {"query": "rivers", "texts": ["tax", "rivers and lakes"]}).json()
    assert [rank["index"] for rank in ranks] == [1, 0]
    assert call(hf_url, "POST", f"/models/{RERANKER}/invocations", {"query": "rivers", "texts": ["tax", "rivers and lakes"]}).json() == ranks
    assert call(hf_url, "POST", f"/models/{RERANKER}/embed", {"inputs": "a"}).status == 424
    # A one-segment id keeps the pipeline's meaning: model `gpt2/embed`.
    http("POST", "/models/gpt2/embed", {"inputs": "a"})
    assert (hf_requests()[-1].route_kind, hf_requests()[-1].model) == ("pipeline", "gpt2/embed")
