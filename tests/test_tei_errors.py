"""TEI's errors over raw HTTP (WIRE.md section 8): `{"error", "error_type"}` with PascalCase
types, Empty 400, Validation 422, Backend 424, and axum's text/plain framework errors; plus the
routes that depend on the served model's kind (SPLADE, re-ranker, classifier)."""
from __future__ import annotations

import socket

import pytest

from tei_support import EMBEDDER, RERANKER, SPLADE, call, server


def assert_tei_error(r, status: int, error_type: str, message: str) -> None:
    assert r.status == status, r.body
    assert r.content_type.startswith("application/json")
    assert r.json() == {"error": message, "error_type": error_type}


@pytest.mark.parametrize(
    "path, body, message",
    [
        ("/embed", {"inputs": []}, "`inputs` cannot be empty"),
        ("/embed", {"inputs": ""}, "`inputs` cannot be empty"),
        ("/embed_all", {"inputs": ["ok", ""]}, "`inputs` cannot be empty"),
        ("/rerank", {"query": "q", "texts": []}, "`texts` cannot be empty"),
        ("/similarity", {"inputs": {"source_sentence": "a", "sentences": []}}, "`inputs.sentences` cannot be empty"),
        ("/predict", {"inputs": []}, "`inputs` cannot be empty"),
    ],
)
def test_empty_inputs_are_400_empty(hf_url, path, body, message):
    assert_tei_error(call(hf_url, "POST", path, body), 400, "Empty", message)


def test_batch_size_limit_is_32(hf_url):
    too_many = ["text"] * 33
    assert_tei_error(call(hf_url, "POST", "/embed", {"inputs": too_many}), 422, "Validation", "batch size 33 > maximum allowed batch size 32")
    assert_tei_error(call(hf_url, "POST", "/rerank", {"query": "q", "texts": ["t"] * 64}), 422, "Validation", "batch size 64 > maximum allowed batch size 32")
    # /similarity counts the source sentence too.
    body = {"inputs": {"source_sentence": "a", "sentences": ["b"] * 32}}
    assert_tei_error(call(hf_url, "POST", "/similarity", body), 422, "Validation", "batch size 33 > maximum allowed batch size 32")
    assert call(hf_url, "POST", "/embed", {"inputs": ["text"] * 32}).status == 200


def test_too_many_tokens_only_without_truncation(hf_url):
    text = " ".join(["word"] * 600)
    assert_tei_error(
        call(hf_url, "POST", "/embed", {"inputs": text, "truncate": False}),
        422, "Validation", "Input validation error: `inputs` must have less than 512 tokens. Given: 602",
    )
    assert call(hf_url, "POST", "/embed", {"inputs": text}).status == 200
    assert call(hf_url, "POST", "/embed", {"inputs": text, "truncate": True}).status == 200
    pair = call(hf_url, "POST", "/rerank", {"query": "q", "texts": [text], "truncate": False})
    assert_tei_error(pair, 422, "Validation", "Input validation error: `inputs` must have less than 512 tokens. Given: 604")


def test_too_many_characters(hf_url):
    text = "a" * 128001  # max_input_length 512 x 250
    assert_tei_error(
        call(hf_url, "POST", "/embed", {"inputs": text, "truncate": False}),
        422, "Validation", "Input validation error: `inputs` must have less than 128000 characters. Given: 128001",
    )
    assert call(hf_url, "POST", "/embed", {"inputs": text}).status == 200  # cut when truncating


def test_dimensions_and_prompt_errors(hf_url):
    assert_tei_error(call(hf_url, "POST", "/embed", {"inputs": "a", "dimensions": 0}), 422, "Validation", "Input validation error: `dimensions` should be positive")
    assert_tei_error(
        call(hf_url, "POST", "/embed", {"inputs": "a", "dimensions": 385}),
        422, "Validation", "Input validation error: `dimensions` should be smaller than the maximum embedding dimension.",
    )
    assert_tei_error(
        call(hf_url, "POST", "/embed", {"inputs": "a", "prompt_name": "passage"}),
        422, "Validation",
        'Input validation error: `default-prompt-name` is set to `passage` but it was not found in the Sentence Transformers prompts. Available prompts: ["query"]',
    )


def test_embed_sparse_needs_a_splade_model(hf_url):
    assert_tei_error(call(hf_url, "POST", "/embed_sparse", {"inputs": "a"}), 424, "Backend", "Backend error: Model is not an embedding model with SPLADE pooling")


@pytest.mark.parametrize(
    "body, headers, status, message",
    [
        (b'{"inputs": ', {"Content-Type": "application/json"}, 400, "Failed to parse the request body as JSON: EOF while parsing a value at line 1 column 11"),
        (b'{"inputs": nope}', {"Content-Type": "application/json"}, 400, "Failed to parse the request body as JSON: expected value at line 1 column 12"),
        (b'{"input": "a"}', {"Content-Type": "application/json"}, 422, "Failed to deserialize the JSON body into the target type: missing field `inputs` at line 1 column 14"),
        (b'{"inputs": 5}', {"Content-Type": "application/json"}, 422, "Failed to deserialize the JSON body into the target type: inputs: data did not match any variant of untagged enum Input at line 1 column 13"),
        (b'{"inputs": "a", "normalize": "yes"}', {"Content-Type": "application/json"}, 422,
         'Failed to deserialize the JSON body into the target type: normalize: invalid type: string "yes", expected a boolean at line 1 column 35'),
        (b'{"inputs": "a", "truncation_direction": "up"}', {"Content-Type": "application/json"}, 422,
         "Failed to deserialize the JSON body into the target type: truncation_direction: unknown variant `up`, expected one of `Left`, `left`, `Right`, `right` at line 1 column 45"),
        (b'["a"]', {"Content-Type": "application/json"}, 422, "Failed to deserialize the JSON body into the target type: invalid type: sequence, expected struct EmbedRequest at line 1 column 5"),
        (b'{"inputs": "a"}', {"Content-Type": "text/plain"}, 415, "Expected request with `Content-Type: application/json`"),
        (b'{"inputs": "a"}', {}, 415, "Expected request with `Content-Type: application/json`"),
    ],
)
def test_framework_errors_are_plain_text_like_axum(hf_url, body, headers, status, message):
    r = call(hf_url, "POST", "/embed", body, headers)
    assert r.status == status
    assert r.content_type.startswith("text/plain")
    assert r.body.decode() == message
    assert call(hf_url, "POST", "/embed", {"inputs": "still fine"}).status == 200


def test_body_over_tei_payload_limit_is_413_plain_text(hf_url, http):
    # TEI's 2 MB limit (--payload-limit 2000000); the answer comes before the body is read, so
    # the request is sent as headers only.
    host, port = hf_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"POST /embed HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2000001\r\n\r\n")
        answer = b""
        while b"length limit exceeded" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413") and b"Content-Type: text/plain" in head
    assert body == b"Failed to buffer the request body: length limit exceeded"
    # The pipeline routes keep the larger server-wide limit (base64 media needs it).
    big = {"inputs": "a " * 1_000_100}
    assert http("POST", f"/models/{EMBEDDER}", big).status == 200
    assert call(hf_url, "POST", "/embed", {"inputs": "after"}).status == 200


def test_the_same_bad_request_gives_the_same_bytes(hf_url):
    first = call(hf_url, "POST", "/embed", {"inputs": ["a"] * 40})
    assert call(hf_url, "POST", "/embed", {"inputs": ["a"] * 40}).body == first.body


@pytest.fixture(scope="module")
def splade_url():
    # A TEI serving a SPLADE model, with embedding models where /rerank and /predict expect a
    # re-ranker and a classifier, and whose default model makes /info and /tokenize TEI's.
    with server(default_embedding_model=SPLADE, tei_reranker_model=EMBEDDER, tei_classifier_model=EMBEDDER, default_model=EMBEDDER) as url:
        yield url


def test_splade_model_serves_sparse_embeddings(splade_url):
    r = call(splade_url, "POST", "/embed_sparse", {"inputs": ["the river runs to the sea", "the river bank"]})
    assert r.status == 200
    first, second = r.json()
    indices = [v["index"] for v in first]
    assert indices == sorted(indices) and all(v["value"] > 0 for v in first)
    assert all(0 <= i < 30522 for i in indices)
    assert set(indices) & {v["index"] for v in second}  # shared words share entries
    # /invocations serves a SPLADE model's sparse vectors.
    assert call(splade_url, "POST", "/invocations", {"inputs": ["the river runs to the sea"]}).json() == [first]
    assert_tei_error(call(splade_url, "POST", "/embed", {"inputs": "a"}), 424, "Backend", "Backend error: `normalize` is not available for SPLADE models")
    dense = call(splade_url, "POST", "/embed", {"inputs": "the river runs to the sea", "normalize": False}).json()[0]
    assert len(dense) == 30522 and {i: dense[i] for i in indices} == {v["index"]: v["value"] for v in first}
    assert_tei_error(call(splade_url, "POST", "/embed_all", {"inputs": "a"}), 424, "Backend", "Backend error: `embed_all` is not available for SPLADE models")


def test_wrong_model_kinds_are_424_backend(splade_url):
    assert_tei_error(call(splade_url, "POST", "/rerank", {"query": "q", "texts": ["a"]}), 424, "Backend", "Backend error: model is not a re-ranker model")
    assert_tei_error(call(splade_url, "POST", "/predict", {"inputs": "a"}), 424, "Backend", "Backend error: Model is not a classifier model")


def test_info_and_tokenize_follow_the_default_model_kind(splade_url):
    info = call(splade_url, "GET", "/info").json()
    assert info["model_id"] == EMBEDDER and info["model_type"] == {"embedding": {"pooling": "cls"}}
    tokens = call(splade_url, "POST", "/tokenize", {"inputs": ["hello world", "hi"]}, {"Authorization": "Bearer t"}).json()
    assert [[t["text"] for t in row] for row in tokens] == [["[CLS]", "hello", "world", "[SEP]"], ["[CLS]", "hi", "[SEP]"]]
    empty = call(splade_url, "POST", "/tokenize", {"inputs": []}, {"Authorization": "Bearer t"})
    assert_tei_error(empty, 400, "Empty", "`inputs` cannot be empty")


@pytest.fixture(scope="module")
def reranker_url():
    # A TEI serving a re-ranker as its one model (also for /predict).
    with server(default_embedding_model=RERANKER, tei_classifier_model=RERANKER) as url:
        yield url


def test_a_reranker_model(reranker_url):
    assert_tei_error(call(reranker_url, "POST", "/embed", {"inputs": "a"}), 424, "Backend", "Backend error: Model is not an embedding model")
    assert_tei_error(
        call(reranker_url, "POST", "/similarity", {"inputs": {"source_sentence": "a", "sentences": ["b"]}}),
        424, "Backend", "Backend error: Model is not an embedding model",
    )
    body = {"query": "rivers and the sea", "texts": ["the sea", "tax law"]}
    ranks = call(reranker_url, "POST", "/rerank", body).json()
    # /invocations serves a re-ranker's /rerank; /predict of a pair gives the same score.
    assert call(reranker_url, "POST", "/invocations", body).json() == ranks
    by_index = {rank["index"]: rank["score"] for rank in ranks}
    pair = call(reranker_url, "POST", "/predict", {"inputs": ["rivers and the sea", "the sea"]}).json()
    assert pair == [{"score": by_index[0], "label": "LABEL_0"}]
    info = call(reranker_url, "GET", f"/models/{RERANKER}/info", headers={"Authorization": "Bearer t"}).json()
    assert "reranker" in info["model_type"]


def test_with_a_token_list_tei_demands_a_listed_token_and_answers_a_bare_401(hf_url, hf_tokens):
    assert call(hf_url, "POST", "/embed", {"inputs": "a"}).status == 200  # no token list: open
    hf_tokens([{"name": "ci", "token": "hf_ci"}])
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        r = call(hf_url, "POST", "/embed", {"inputs": "a"}, headers)
        assert r.status == 401 and r.body == b"" and "Content-Type" not in r.headers
    assert call(hf_url, "POST", "/rerank", {"query": "q", "texts": ["a"]}, {"Authorization": "Bearer hf_ci"}).status == 200
