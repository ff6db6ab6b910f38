"""One generation, every surface: texts and token counts agree across TGI, completions and
streams (WIRE.md 9, invariants 3-5), and golden values pin a few fixed answers so that an
accidental change of the generators fails here (a deliberate one bumps CONTRACT_VERSION and
updates these)."""
from __future__ import annotations

import json

from hf_tornado import HuggingfaceInferenceServer

PROMPT = "Hello, my name is"


def _sse(body: bytes) -> list:
    return [json.loads(b[6:]) for b in body.decode().split("\n\n") if b.startswith("data: ") and b != "data: [DONE]"]


def test_token_counts_agree_across_surfaces(http):
    for limit in (3, 10, None):
        parameters = {"details": True, **({"max_new_tokens": limit} if limit else {})}
        tgi = http("POST", "/models/gpt2", {"inputs": PROMPT, "parameters": {**parameters, "return_full_text": False}})
        details = tgi.json()[0]["details"]
        stream = _sse(http("POST", "/models/gpt2", {"inputs": PROMPT, "stream": True, "parameters": parameters}).body)
        completion = http("POST", "/v1/completions", {"model": "gpt2", "prompt": PROMPT, **({"max_tokens": limit} if limit else {})}).json()
        scoped = http("POST", "/models/gpt2/v1/completions", {"model": "tgi", "prompt": PROMPT, **({"max_tokens": limit} if limit else {})}).json()
        n = details["generated_tokens"]
        assert n == len(details["tokens"]) == len(stream) == stream[-1]["details"]["generated_tokens"]
        assert n == completion["usage"]["completion_tokens"] == int(tgi.headers["x-generated-tokens"])
        assert stream[-1]["details"]["input_length"] == completion["usage"]["prompt_tokens"] == int(tgi.headers["x-prompt-tokens"])
        assert completion["choices"][0]["text"] == tgi.json()[0]["generated_text"] == scoped["choices"][0]["text"]
        assert stream[-1]["generated_text"] == PROMPT + completion["choices"][0]["text"]
        expected = {"length": "length", "eos_token": "stop"}[details["finish_reason"]]
        assert completion["choices"][0]["finish_reason"] == expected
        if limit:
            assert n == limit and details["finish_reason"] == "length"


def test_chat_usage_matches_stream_and_n(http):
    body = {"model": "gpt2", "messages": [{"role": "user", "content": "Count"}], "n": 2}
    whole = http("POST", "/v1/chat/completions", body).json()
    chunks = _sse(http("POST", "/v1/chat/completions", {**body, "stream": True, "stream_options": {"include_usage": True}}).body)
    for index in (0, 1):
        mine = [c["choices"][0] for c in chunks if c["choices"] and c["choices"][0]["index"] == index]
        assert "".join(c["delta"]["content"] for c in mine) == whole["choices"][index]["message"]["content"]
    assert len([c for c in chunks if c["choices"]]) == whole["usage"]["completion_tokens"]
    assert chunks[-1]["usage"] == whole["usage"]


def test_two_servers_give_the_same_bytes(http):
    body = {"inputs": PROMPT, "parameters": {"max_new_tokens": 6, "details": True, "top_n_tokens": 2}}
    first = http("POST", "/generate", body).body
    with HuggingfaceInferenceServer(port=0) as other:
        import urllib.request

        req = urllib.request.Request(other.url + "/generate", data=json.dumps(body).encode(), headers={"Content-Type": "application/json", "Authorization": "Bearer x"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            assert resp.read() == first


def test_info_follows_the_default_model_kind():
    with HuggingfaceInferenceServer(port=0, default_model="BAAI/bge-small-en-v1.5") as server:
        import urllib.request

        with urllib.request.urlopen(server.url + "/info", timeout=10) as resp:
            info = json.loads(resp.read())
    # TEI's form when handlers.tei provides it, TGI's otherwise; both name the served model
    assert info["model_id"] == "BAAI/bge-small-en-v1.5"


# --- golden values -------------------------------------------------------------------------

def test_golden_tgi_generation(http):
    assert http("POST", "/generate", {"inputs": PROMPT, "parameters": {"max_new_tokens": 8}}).json() == {
        "generated_text": " Road careful test sound vector helps model into"
    }
    assert http("POST", "/generate", {"inputs": PROMPT, "parameters": {"seed": 42}}).json() == {
        "generated_text": " Important structure rarely choice specific stable server. Usually method uses answer will stream across."
    }


def test_golden_tool_call_and_structured_output(http):
    messages = [{"role": "user", "content": "What is the weather in Paris?"}]
    tool = {"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"location": {"type": "string"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["location", "unit"]}}}
    out = http("POST", "/v1/chat/completions", {"model": "meta-llama/Llama-3.1-8B-Instruct", "messages": messages, "tools": [tool]}).json()
    assert out["choices"][0]["message"]["tool_calls"][0]["function"] == {"name": "get_weather", "arguments": '{"location": "Paris", "unit": "fahrenheit"}'}
    assert out["usage"]["prompt_tokens"] == 40 and out["usage"]["completion_tokens"] == 18
    schema = {"type": "object", "properties": {"title": {"type": "string"}, "date": {"type": "string", "format": "date"}, "id": {"type": "string", "format": "uuid"}}, "required": ["title", "date", "id"]}
    doc = http("POST", "/v1/chat/completions", {"model": "meta-llama/Llama-3.1-8B-Instruct", "messages": [{"role": "user", "content": "Plan an event"}], "response_format": {"type": "json_schema", "json_schema": {"name": "e", "schema": schema}}}).json()
    assert json.loads(doc["choices"][0]["message"]["content"]) == {"title": "through data memory", "date": "2011-07-10", "id": "3167c28f-0591-4638-ae12-0ef633945451"}


# --- invariants over many requests ---------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from hf_tornado.builtin_tasks.text_generation_tasks import generate  # noqa: E402
from hf_tornado.synth.text import tokenize  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(prompt=st.text(min_size=1, max_size=40), limit=st.one_of(st.none(), st.integers(1, 60)), stop_at=st.one_of(st.none(), st.integers(0, 30)), seed=st.integers(0, 2**64 - 1))
def test_generation_invariants(prompt, limit, stop_at, seed):
    natural = generate("gpt2", prompt, content_parameters={"seed": seed})
    stop = None
    if stop_at is not None and stop_at < len(natural.tokens) - 1:
        stop = [natural.tokens[stop_at].text.strip() or natural.tokens[stop_at].text]
    gen = generate("gpt2", prompt, max_new_tokens=limit, stop=stop, content_parameters={"seed": seed})
    assert natural.text.startswith(gen.text)  # limits and stops only cut the one natural answer
    assert gen.prompt_tokens == len(tokenize(prompt))
    if limit is not None:
        assert len(gen.tokens) <= limit
    if gen.finish_reason == "length":
        assert len(gen.tokens) == limit
    elif gen.finish_reason == "stop_sequence":
        assert any(gen.text.endswith(s) or s in gen.tokens[-1].text for s in stop)
        assert not any(s in "".join(t.text for t in gen.tokens[:-1]) for s in stop)  # the first occurrence
    else:
        assert gen.finish_reason == "eos_token" and gen.tokens[-1].special and gen.text == natural.text


def test_streamed_chat_with_stop_joins_to_the_content(http):
    body = {"model": "gpt2", "messages": [{"role": "user", "content": "Go"}]}
    full = http("POST", "/v1/chat/completions", body).json()["choices"][0]["message"]["content"]
    stop = full.split()[4][:3]
    whole = http("POST", "/v1/chat/completions", {**body, "stop": stop}).json()["choices"][0]
    chunks = _sse(http("POST", "/v1/chat/completions", {**body, "stop": stop, "stream": True}).body)
    assert "".join(c["choices"][0]["delta"]["content"] for c in chunks) == whole["message"]["content"]
    assert stop not in whole["message"]["content"] and chunks[-1]["choices"][0]["finish_reason"] == whole["finish_reason"] == "stop"
