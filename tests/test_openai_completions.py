"""`/v1/completions` and `/v1/embeddings` through the openai SDK (WIRE.md 5.6, 5.7)."""
from __future__ import annotations

import base64
import math
import struct

import openai
import pytest

MODEL = "gpt2"
EMBEDDER = "sentence-transformers/all-MiniLM-L6-v2"


@pytest.fixture
def lenient_client(hf_url):
    """Streamed completions only parse leniently, with the real service too (WIRE.md 5.6)."""
    with openai.OpenAI(base_url=f"{hf_url}/v1", api_key="k", max_retries=0) as client:
        yield client


def test_completion_string_and_list_prompts(openai_client):
    one = openai_client.completions.create(model=MODEL, prompt="Deep learning is", max_tokens=5)
    assert one.object == "text_completion" and one.choices[0].finish_reason == "length"
    assert not one.choices[0].text.startswith("Deep") and one.usage.completion_tokens == 5
    many = openai_client.completions.create(model=MODEL, prompt=["Deep learning is", "Rivers are"], max_tokens=4)
    assert [c.index for c in many.choices] == [0, 1]
    assert many.choices[0].text == one.choices[0].text[: len(many.choices[0].text)]
    assert many.usage.completion_tokens == 8


def test_echo_logprobs_and_stop(openai_client, lenient_client):
    out = openai_client.completions.create(model=MODEL, prompt="Deep learning is", max_tokens=5, echo=True)
    assert out.choices[0].text.startswith("Deep learning is")
    # echo logprobs hold the prompt tokens, the first with a null logprob (lenient parsing, like OpenAI's own)
    lp = lenient_client.completions.create(model=MODEL, prompt="Deep learning is", max_tokens=5, echo=True, logprobs=2).choices[0].logprobs
    assert "".join(lp.tokens) == out.choices[0].text and lp.token_logprobs[0] is None
    plain = openai_client.completions.create(model=MODEL, prompt="Deep learning is", max_tokens=5, logprobs=2).choices[0]
    assert "".join(plain.logprobs.tokens) == plain.text and all(len(t) == 2 for t in plain.logprobs.top_logprobs)
    assert plain.logprobs.text_offset[0] == 0
    stop = plain.text.split()[1]
    cut = openai_client.completions.create(model=MODEL, prompt="Deep learning is", max_tokens=20, stop=stop).choices[0]
    assert cut.finish_reason == "stop" and stop not in cut.text and plain.text.startswith(cut.text)


def test_streamed_completion_joins_to_the_text(openai_client, lenient_client):
    whole = openai_client.completions.create(model=MODEL, prompt=["A", "B"], max_tokens=6)
    chunks = list(lenient_client.completions.create(model=MODEL, prompt=["A", "B"], max_tokens=6, stream=True))
    for index in (0, 1):
        pieces = [c.choices[0] for c in chunks if c.choices[0].index == index]
        assert "".join(p.text for p in pieces) == whole.choices[index].text
        assert pieces[-1].finish_reason == "length" and all(p.finish_reason is None for p in pieces[:-1])
    assert chunks[-1].usage.completion_tokens == whole.usage.completion_tokens


def test_completion_errors(openai_client, http):
    with pytest.raises(openai.UnprocessableEntityError) as err:
        openai_client.completions.create(model=MODEL, prompt=["a"] * 5)
    assert "maximum allowed batch size of 4" in str(err.value)
    with pytest.raises(openai.UnprocessableEntityError) as err:
        openai_client.completions.create(model=MODEL, prompt="a", suffix="b")
    assert "Suffix is not supported" in str(err.value)
    r = http("POST", "/models/gpt2/v1/completions", {"model": "tgi", "prompt": ["a"] * 5})
    assert r.json() == {"error": "Number of prompts exceeds the maximum allowed batch size of 4", "error_type": "batch size exceeded"}


def _decode(b64: str) -> list[float]:
    raw = base64.b64decode(b64)
    return list(struct.unpack(f"<{len(raw) // 4}f", raw))


def test_embeddings_base64_default_equals_float_and_feature_extraction(openai_client, lenient_client, http):
    texts = ["The cat sits.", "A dog runs."]
    # The SDK asks for base64 when no format is given and decodes it after parsing; strict
    # validation checks the raw base64 string against `list[float]` first and would refuse it
    # from any server, so the default path is exercised with the SDK's ordinary (lenient) client.
    default = lenient_client.embeddings.create(model=EMBEDDER, input=texts)
    floats = openai_client.embeddings.create(model=EMBEDDER, input=texts, encoding_format="float")
    raw = http("POST", "/v1/embeddings", {"model": EMBEDDER, "input": texts[0], "encoding_format": "base64"}).json()
    assert isinstance(raw["data"][0]["embedding"], str)
    pipeline = http("POST", f"/models/{EMBEDDER}", {"inputs": texts}).json()
    for i in range(2):
        assert len(floats.data[i].embedding) == 384
        assert default.data[i].embedding == pytest.approx(floats.data[i].embedding, abs=1e-6)
        assert floats.data[i].embedding == pytest.approx(pipeline[i], abs=1e-6)
    assert _decode(raw["data"][0]["embedding"]) == pytest.approx(floats.data[0].embedding, abs=1e-6)
    assert default.usage.prompt_tokens == default.usage.total_tokens > 0 and default.model == EMBEDDER


def test_embeddings_dimensions(openai_client):
    full = openai_client.embeddings.create(model=EMBEDDER, input="hello world", encoding_format="float").data[0].embedding
    short = openai_client.embeddings.create(model=EMBEDDER, input="hello world", dimensions=64, encoding_format="float").data[0].embedding
    assert len(short) == 64 and math.isclose(math.sqrt(sum(v * v for v in short)), 1.0, rel_tol=1e-5)
    norm = math.sqrt(sum(v * v for v in full[:64]))
    assert short == pytest.approx([v / norm for v in full[:64]], abs=1e-5)


def test_embedding_errors(openai_client):
    with pytest.raises(openai.BadRequestError):
        openai_client.embeddings.create(model=EMBEDDER, input=[])
    with pytest.raises(openai.BadRequestError) as err:
        openai_client.embeddings.create(model="gpt2", input="x")
    assert err.value.code == "model_not_supported"


def test_model_lookup_knows_the_ids_the_hub_knows(http):
    # Not in the catalog, but an LLM-like id the Hub routes (and the chat route) serve.
    r = http("GET", "/v1/models/acme/SuperLlama-3-8B-Instruct", auth=False)
    assert r.status == 200 and r.json()["id"] == "acme/SuperLlama-3-8B-Instruct"
    missing = http("GET", "/v1/models/no/such-thing", auth=False)
    assert missing.status == 404 and missing.json()["error"]["code"] == "model_not_found"
