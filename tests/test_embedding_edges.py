"""Embedding edge cases the EmbeddingRows change (synth/embedding.py) first got wrong: a model
with 0 dimensions (every route answered 500: the batch split divided by the width), and
sentence-similarity on a token-level model (500: the sentence vector was taken from the
``[1][T][H]`` token answer). Both answer as before the change, through the real clients."""
from __future__ import annotations

import types

import pytest

from hf_tornado import fast
from hf_tornado.builtin_tasks import feature_extraction as fe
from hf_tornado.catalog import ModelCard
from hf_tornado.hookspecs import hookimpl
from hf_tornado.server import HuggingfaceInferenceServer
from hf_tornado.synth import embedding

CARDS = [
    ModelCard(id="acme/empty-embedder", task="feature-extraction", embedding_dim=0),
    ModelCard(id="acme/one-dim", task="feature-extraction", embedding_dim=1),
    ModelCard(id="acme/token-embedder", task="feature-extraction", embedding_dim=8, token_level=True),
]
TOKEN = "hf_test_token"


@pytest.fixture(scope="module")
def edge_server():
    plugin = types.ModuleType("edge_cards")
    plugin.hf_tornado_register_models = hookimpl(lambda: list(CARDS))
    with HuggingfaceInferenceServer(port=0, plugins=[plugin]) as server:
        yield server


def _client(server, model):
    from huggingface_hub import InferenceClient

    return InferenceClient(model=f"{server.url}/models/{model}", token=TOKEN)


@pytest.mark.parametrize("use_fast", [False, True])
@pytest.mark.parametrize("count", [1, 5])
def test_zero_dimensions_give_empty_vectors_on_both_paths(monkeypatch, use_fast, count):
    if use_fast and not fast.AVAILABLE:
        pytest.skip("numpy not installed")
    monkeypatch.setattr(fast, "AVAILABLE", use_fast)
    texts = ["a", "", "ünï ✓"] + ["x"] * (count - 1)
    assert fe.embed_texts(CARDS[0], texts, fe.EmbeddingOptions()).json() == b"[" + b",".join([b"[]"] * len(texts)) + b"]"
    assert fe.embed_texts(CARDS[0], "a", fe.EmbeddingOptions()).json() == b"[]"
    assert embedding.normalised("m", texts, 0, 0) == b"[" + b",".join([b"[]"] * len(texts)) + b"]"


def test_zero_and_one_dimension_models_through_the_clients(edge_server):
    import openai

    empty = _client(edge_server, "acme/empty-embedder")
    assert empty.feature_extraction("hello").shape == (0,)
    assert empty.sentence_similarity("a", ["a", "b"]) == [0.0, 0.0]
    one = _client(edge_server, "acme/one-dim").feature_extraction("hello")
    assert one.shape == (1,) and abs(abs(float(one[0])) - 1.0) < 1e-6
    with openai.OpenAI(base_url=f"{edge_server.url}/v1", api_key=TOKEN, max_retries=0, _strict_response_validation=True) as client:
        data = client.embeddings.create(model="acme/empty-embedder", input=["a", "b"], encoding_format="float").data
        assert [d.embedding for d in data] == [[], []]
        assert [d.embedding for d in client.embeddings.create(model="acme/empty-embedder", input="a", encoding_format="float").data] == [[]]
    # The SDK's default asks for base64 and decodes it (strict validation would refuse the raw
    # string from any server, tests/test_openai_completions.py).
    with openai.OpenAI(base_url=f"{edge_server.url}/v1", api_key=TOKEN, max_retries=0) as lenient:
        assert lenient.embeddings.create(model="acme/empty-embedder", input="a").data[0].embedding == []
        assert lenient.embeddings.create(model="acme/one-dim", input="a").data[0].embedding in ([1.0], [-1.0])


def test_sentence_similarity_on_a_token_level_model(edge_server):
    client = _client(edge_server, "acme/token-embedder")
    scores = client.sentence_similarity("the river bank", ["the river bank", "a quiet meadow", "the bank"])
    assert scores[0] == 1.0 and all(-1.0 <= s < 1.0 for s in scores[1:])
    # The same token-level model still answers feature-extraction with token vectors.
    assert client.feature_extraction("the river bank").shape == (1, 3, 8)
