"""Embedding edge cases the EmbeddingRows change (synth/embedding.py) first got wrong: a model
with 0 dimensions (every route answered 500: the batch split divided by the width), and
sentence-similarity on a token-level model (500: the sentence vector was taken from the
``[1][T][H]`` token answer). Both answer as before the change, through the real clients."""
from __future__ import annotations

import json as _json
import types
import urllib.request

import pytest

from hf_tornado import fast
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


@pytest.mark.parametrize("count", [1, 5])
def test_zero_dimensions_give_empty_vectors_on_both_paths(count):
    texts = ["a", "", "ünï ✓"] + ["x"] * (count - 1)
    expected = b"[" + b",".join([b"[]"] * len(texts)) + b"]"
    assert embedding.normalised("acme/empty-embedder", texts, 0, 0) == expected
    assert embedding.normalised("acme/empty-embedder", texts[:1], 0, 0, single=True) == b"[]"
    if fast.AVAILABLE:
        assert fast.normalised("acme/empty-embedder", texts, 0, 0) == expected


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


def test_long_words_are_not_kept_in_the_word_caches():
    """A cache entry keeps its word: 2,048 distinct 200 KB words would pin ~400 MB. Long words are
    drawn each time (the same bytes), words of real length are cached."""
    for cache in (embedding._cached_word_lanes, embedding._cached_word_draw):
        cache.cache_clear()  # pure functions: clearing changes no answer
    long_words = [f"{i}" + "y" * 10_000 for i in range(20)]
    texts = [f"{w} river" for w in long_words]
    core = embedding.normalised("acme/long-words", texts, 16, 16)
    if fast.AVAILABLE:
        assert fast.normalised("acme/long-words", texts, 16, 16) == core
    for cache in (embedding._cached_word_lanes, embedding._cached_word_draw):
        assert cache.cache_info().currsize == 1  # "river" only
    assert embedding.word_lanes("acme/long-words", long_words[0], 16) == embedding._cached_word_lanes.__wrapped__("acme/long-words", long_words[0], 16)


def test_the_per_dimension_lane_constants_stay_within_about_a_megabyte():
    """One constant per word count (its bias) was kept up to 1,024 per dimension whatever its
    size: 16 requests of 1,024 texts at ~4,096 kept dimensions pinned ~580 MB. Now ~1 MB a
    dimension; the constants past that are computed each time (the same bytes)."""
    dim = 2048
    texts = [" ".join(["w"] * n) for n in range(200)]  # 200 word counts, 200 biases
    first = embedding.normalised("acme/wide", texts, dim, dim)
    lifts = embedding.masks(dim)._lifts
    assert 8 <= len(lifts) <= (1 << 20) // (8 * dim)
    assert sum(value.bit_length() for value in lifts.values()) // 8 <= 1 << 20
    # Row i is the single-input vector of text i, whether its constant was kept or not.
    assert embedding.normalised("acme/wide", texts[-1:], dim, dim, single=True) == first[1:-1].split(b"],[")[-1].join([b"[", b""])
    assert embedding.normalised("acme/wide", texts, dim, dim) == first


class _WrappedEmbedding:
    """A third-party task that returns an embedding answer inside its own object."""

    name = "acme-wrapped-embedding"
    binary_input = False

    def run(self, request):
        from hf_tornado.builtin_tasks.feature_extraction_tasks import EmbeddingOptions, embed_texts

        card = ModelCard(id=request.model, task="feature-extraction", embedding_dim=4)
        return {"model": request.model, "vectors": embed_texts(card, request.inputs, EmbeddingOptions())}


def test_an_embedding_answer_nested_in_a_plugin_result_is_written_as_its_floats():
    plugin = types.ModuleType("wrapped_embedding")
    plugin.hf_tornado_register_tasks = hookimpl(lambda: [_WrappedEmbedding()])
    with HuggingfaceInferenceServer(port=0, plugins=[plugin]) as server:
        # A plugin's own task has no typed client method: plain HTTP, as its users would send.
        req = urllib.request.Request(
            f"{server.url}/models/acme/wrapped?task=acme-wrapped-embedding",
            data=_json.dumps({"inputs": ["red apples", "green pears"]}).encode(),
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req) as response:
            status, body = response.status, _json.loads(response.read())
    assert status == 200
    assert body["model"] == "acme/wrapped"
    vectors = body["vectors"]
    assert len(vectors) == 2 and all(len(v) == 4 for v in vectors)
    assert all(abs(sum(x * x for x in v) - 1) < 1e-6 for v in vectors)
    assert vectors[0] != vectors[1]
