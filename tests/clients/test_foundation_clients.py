"""The foundation surface through the real clients, unchanged (issue 2)."""
from __future__ import annotations

import math

import pytest

CHAT_MODEL = "meta-llama/Llama-3.1-8B-Instruct"
MESSAGES = [{"role": "user", "content": "What is the capital of France?"}]


# --- huggingface_hub ------------------------------------------------------------------------

def test_hf_hub_text_generation_honours_max_new_tokens_and_full_text(hf_client, hf_requests):
    client = hf_client("gpt2")
    # /models/{id} on a text-generation model returns the prompt too unless told otherwise
    # (WIRE.md 4.1, return_full_text).
    short = client.text_generation("The weather today", max_new_tokens=3, details=True, return_full_text=False)
    assert short.details.generated_tokens == 3
    assert short.details.finish_reason == "length"
    assert not short.generated_text.startswith("The weather today")
    full = client.text_generation("The weather today", max_new_tokens=3)
    assert full == "The weather today" + short.generated_text
    entry = hf_requests(route_kind="pipeline")[-1]
    assert entry.model == "gpt2" and entry.task == "text-generation" and entry.status == 200


def test_hf_hub_text_generation_via_base_url(hf_url):
    from huggingface_hub import InferenceClient

    client = InferenceClient(base_url=hf_url, token="hf_x")
    out = client.text_generation("Once upon a time", max_new_tokens=5)
    assert isinstance(out, str) and out


def test_hf_hub_feature_extraction_shapes(hf_client):
    client = hf_client("sentence-transformers/all-MiniLM-L6-v2")
    one = client.feature_extraction("The cat sat on the mat")
    assert one.shape == (384,)
    assert math.isclose(float((one**2).sum()), 1.0, rel_tol=1e-4)
    many = client.feature_extraction(["a first text", "a second text"])
    assert many.shape == (2, 384)
    assert many[0].tolist() == pytest.approx(client.feature_extraction("a first text").tolist())


def test_hf_hub_chat_completion_and_stream_agree(hf_client):
    client = hf_client(CHAT_MODEL)
    out = client.chat_completion(MESSAGES, max_tokens=40)
    content = out.choices[0].message.content
    assert content and out.usage.completion_tokens > 0
    assert out.usage.total_tokens == out.usage.prompt_tokens + out.usage.completion_tokens
    chunks = list(client.chat_completion(MESSAGES, max_tokens=40, stream=True))
    streamed = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert streamed == content
    assert chunks[-1].choices[0].finish_reason == out.choices[0].finish_reason


# --- openai ---------------------------------------------------------------------------------

def test_openai_chat_and_stream(openai_client):
    out = openai_client.chat.completions.create(model=CHAT_MODEL, messages=MESSAGES, max_tokens=30)
    assert out.object == "chat.completion" and out.model == CHAT_MODEL
    content = out.choices[0].message.content
    stream = openai_client.chat.completions.create(model=CHAT_MODEL, messages=MESSAGES, max_tokens=30, stream=True)
    pieces = [c.choices[0].delta.content or "" for c in stream if c.choices]
    assert "".join(pieces) == content


def test_openai_model_scoped_base_url(hf_url):
    import openai

    client = openai.OpenAI(base_url=f"{hf_url}/models/{CHAT_MODEL}/v1", api_key="k", max_retries=0)
    out = client.chat.completions.create(model="tgi", messages=MESSAGES)
    assert out.model == CHAT_MODEL and out.choices[0].message.content


# --- @huggingface/inference (node) ----------------------------------------------------------

def test_js_sdk_foundation_calls(node):
    out = node("scenarios/foundation.mjs", {"chatModel": CHAT_MODEL})
    assert "ok" in out, out
    result = out["ok"]
    assert result["textGeneration"]["generated_text"]
    assert len(result["featureExtraction"]) == 384
    assert result["chat"]["choices"][0]["message"]["content"]
    assert result["streamed"] == result["chat"]["choices"][0]["message"]["content"]
