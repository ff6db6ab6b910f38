"""Chat completions through the openai SDK with strict response validation (WIRE.md 5.1-5.5)."""
from __future__ import annotations

import json
from typing import Literal

import jsonschema
import openai
import pydantic
import pytest

MODEL = "meta-llama/Llama-3.1-8B-Instruct"
USER = [{"role": "user", "content": "Tell me about rivers."}]
WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather",
        "parameters": {
            "type": "object",
            "properties": {"location": {"type": "string"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
            "required": ["location", "unit"],
            "additionalProperties": False,
        },
    },
}
TIME = {
    "type": "function",
    "function": {
        "name": "get_time",
        "parameters": {"type": "object", "properties": {"timezone": {"type": "string", "pattern": "^[A-Z][a-z]+/[A-Z][a-z]+$"}}, "required": ["timezone"]},
    },
}


def test_chat_object_and_usage(openai_client):
    out = openai_client.chat.completions.create(model=MODEL, messages=USER, max_tokens=9)
    choice = out.choices[0]
    assert out.object == "chat.completion" and out.model == MODEL and out.system_fingerprint
    assert choice.finish_reason == "length" and choice.message.role == "assistant" and choice.message.content
    assert out.usage.completion_tokens == 9 and out.usage.total_tokens == out.usage.prompt_tokens + 9


def test_same_request_same_answer_and_seed_changes_it(openai_client):
    a = openai_client.chat.completions.create(model=MODEL, messages=USER, seed=1)
    b = openai_client.chat.completions.create(model=MODEL, messages=USER, seed=1)
    c = openai_client.chat.completions.create(model=MODEL, messages=USER, seed=2)
    assert a.model_dump() == b.model_dump()
    assert a.choices[0].message.content != c.choices[0].message.content


def test_router_suffix_is_accepted_and_the_bare_id_echoed(openai_client):
    for suffix in (":fastest", ":hf-inference", ":cheapest"):
        out = openai_client.chat.completions.create(model=MODEL + suffix, messages=USER, max_tokens=3)
        assert out.model == MODEL
    with pytest.raises(openai.BadRequestError) as err:
        openai_client.chat.completions.create(model=MODEL + ":no-such-provider", messages=USER)
    assert "The requested provider 'no-such-provider' is not available." in str(err.value)


def test_n_choices_and_logprobs(openai_client):
    out = openai_client.chat.completions.create(model=MODEL, messages=USER, n=3, max_tokens=6, logprobs=True, top_logprobs=3)
    assert [c.index for c in out.choices] == [0, 1, 2]
    assert len({c.message.content for c in out.choices}) == 3
    assert out.usage.completion_tokens == 18
    single = openai_client.chat.completions.create(model=MODEL, messages=USER, max_tokens=6)
    assert out.choices[0].message.content == single.choices[0].message.content
    for choice in out.choices:
        entries = choice.logprobs.content
        assert "".join(e.token for e in entries) == choice.message.content
        for e in entries:
            assert len(e.top_logprobs) == 3 and e.top_logprobs[0].token == e.token and e.top_logprobs[0].logprob == e.logprob
            assert bytes(e.bytes).decode() == e.token


def test_stream_equals_non_stream_with_usage(openai_client):
    kwargs = dict(model=MODEL, messages=USER, max_tokens=12, seed=5)
    whole = openai_client.chat.completions.create(**kwargs)
    chunks = list(openai_client.chat.completions.create(**kwargs, stream=True, stream_options={"include_usage": True}))
    content_chunks = [c for c in chunks if c.choices]
    assert "".join(c.choices[0].delta.content or "" for c in content_chunks) == whole.choices[0].message.content
    assert len(content_chunks) == whole.usage.completion_tokens  # one chunk per generated token
    assert [c.choices[0].finish_reason for c in content_chunks][-1] == whole.choices[0].finish_reason == "length"
    assert chunks[-1].choices == [] and chunks[-1].usage == whole.usage
    assert all(c.choices[0].delta.role == "assistant" for c in content_chunks)


def test_stop_is_left_out_of_the_content(openai_client):
    full = openai_client.chat.completions.create(model=MODEL, messages=USER).choices[0].message.content
    stop = full.split()[2]
    out = openai_client.chat.completions.create(model=MODEL, messages=USER, stop=[stop])
    assert out.choices[0].finish_reason == "stop"
    assert full.startswith(out.choices[0].message.content) and stop not in out.choices[0].message.content


def test_content_parts_and_conversation(openai_client):
    messages = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": [{"type": "text", "text": "What is this?"}, {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}]},
    ]
    out = openai_client.chat.completions.create(model=MODEL, messages=messages, max_tokens=4)
    assert out.choices[0].message.content


@pytest.mark.parametrize("choice", ["auto", "required", {"type": "function", "function": {"name": "get_time"}}])
def test_tool_calls_validate_against_the_tool_schema(openai_client, choice):
    tools = {"get_weather": WEATHER, "get_time": TIME}
    for city in ("Paris", "Lima", "Oslo", "Rome"):
        out = openai_client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": f"Weather or time in {city}?"}], tools=list(tools.values()), tool_choice=choice)
        choice0 = out.choices[0]
        assert choice0.finish_reason == "tool_calls" and choice0.message.content is None
        (call,) = choice0.message.tool_calls
        assert call.type == "function" and call.id.startswith("call_")
        if isinstance(choice, dict):
            assert call.function.name == "get_time"
        jsonschema.validate(json.loads(call.function.arguments), tools[call.function.name]["function"]["parameters"])
        assert out.usage.completion_tokens > 0


def test_tool_choice_none_and_tool_results_answer_in_text(openai_client):
    none = openai_client.chat.completions.create(model=MODEL, messages=USER, tools=[WEATHER], tool_choice="none")
    assert none.choices[0].message.content and not none.choices[0].message.tool_calls
    first = openai_client.chat.completions.create(model=MODEL, messages=USER, tools=[WEATHER])
    call = first.choices[0].message.tool_calls[0]
    follow_up = [
        *USER,
        {"role": "assistant", "tool_calls": [{"id": call.id, "type": "function", "function": {"name": call.function.name, "arguments": call.function.arguments}}]},
        {"role": "tool", "tool_call_id": call.id, "content": '{"temperature": 21}'},
    ]
    answer = openai_client.chat.completions.create(model=MODEL, messages=follow_up, tools=[WEATHER])
    assert answer.choices[0].finish_reason == "stop" and answer.choices[0].message.content


def test_streamed_tool_call_deltas_join_into_the_arguments(openai_client):
    kwargs = dict(model=MODEL, messages=USER, tools=[WEATHER, TIME], tool_choice="required")
    whole = openai_client.chat.completions.create(**kwargs).choices[0].message.tool_calls[0]
    chunks = list(openai_client.chat.completions.create(**kwargs, stream=True))
    calls = [c.choices[0].delta.tool_calls[0] for c in chunks]
    assert calls[0].id == whole.id and calls[0].function.name == whole.function.name and calls[0].type == "function"
    assert all(c.index == 0 for c in calls)
    assert "".join(c.function.arguments for c in calls) == whole.function.arguments
    assert chunks[-1].choices[0].finish_reason == "tool_calls"


def test_tool_errors(openai_client):
    with pytest.raises(openai.UnprocessableEntityError) as err:
        openai_client.chat.completions.create(model=MODEL, messages=USER, tools=[WEATHER], tool_choice={"type": "function", "function": {"name": "nope"}})
    assert "Tool error: Tool with name nope not found" in str(err.value)
    with pytest.raises(openai.UnprocessableEntityError) as err:
        openai_client.chat.completions.create(model=MODEL, messages=USER, tools=[WEATHER], response_format={"type": "json_object"})
    assert "Grammar and tools are mutually exclusive" in str(err.value)


class Step(pydantic.BaseModel):
    explanation: str
    output: str


class Reasoning(pydantic.BaseModel):
    steps: list[Step]
    final_answer: str
    confidence: Literal["low", "medium", "high"]


def test_parse_with_a_pydantic_model(openai_client):
    out = openai_client.chat.completions.parse(model=MODEL, messages=[{"role": "user", "content": "Solve 8x + 7 = -23"}], response_format=Reasoning)
    parsed = out.choices[0].message.parsed
    assert isinstance(parsed, Reasoning) and parsed.confidence in ("low", "medium", "high")


def test_parse_with_a_strict_function_tool(openai_client):
    tool = openai.pydantic_function_tool(Step, name="record_step")
    out = openai_client.chat.completions.parse(model=MODEL, messages=USER, tools=[tool], tool_choice="required")
    assert isinstance(out.choices[0].message.tool_calls[0].function.parsed_arguments, Step)


def test_errors_are_openai_envelopes_on_v1(openai_client, http):
    with pytest.raises(openai.BadRequestError) as err:
        openai_client.chat.completions.create(model=MODEL, messages=[])
    assert err.value.body["param"] == "messages"
    with pytest.raises(openai.BadRequestError):
        openai_client.chat.completions.create(model=MODEL, messages=USER, top_logprobs=3)
    with pytest.raises(openai.UnprocessableEntityError) as err:
        openai_client.chat.completions.create(model=MODEL, messages=USER, max_tokens=0)
    assert "max_new_tokens" in err.value.message
    with pytest.raises(openai.BadRequestError) as err:
        openai_client.chat.completions.create(model="BAAI/bge-small-en-v1.5", messages=USER)
    assert err.value.code == "model_not_supported"
    r = http("POST", "/v1/chat/completions", {"model": MODEL})
    assert r.status == 400 and r.json()["error"]["code"] == "missing_required_parameter"
    assert openai_client.chat.completions.create(model=MODEL, messages=USER, max_tokens=1).choices


def test_model_scoped_routes_answer_in_tgi_form(http, hf_url):
    r = http("POST", "/models/gpt2/v1/chat/completions", {"model": "tgi", "messages": USER, "max_tokens": 0})
    assert r.status == 422 and r.json() == {"error": "Input validation error: `max_new_tokens` must be strictly positive", "error_type": "validation"}
    r = http("POST", "/models/gpt2/v1/chat/completions", {"model": "tgi"})
    assert r.status == 422 and r.headers["Content-Type"].startswith("text/plain") and b"missing field `messages`" in r.body
    with openai.OpenAI(base_url=f"{hf_url}/models/gpt2/v1", api_key="k", max_retries=0, _strict_response_validation=True) as scoped:
        assert scoped.chat.completions.create(model="tgi", messages=USER, max_tokens=2).model == "gpt2"


def test_models_list(openai_client):
    ids = [m.id for m in openai_client.models.list()]
    assert MODEL in ids and "gpt2" in ids and "BAAI/bge-small-en-v1.5" not in ids
    assert openai_client.models.retrieve(MODEL).id == MODEL


def test_streamed_logprobs_match_the_whole_answer(openai_client):
    kwargs = dict(model=MODEL, messages=USER, max_tokens=5, logprobs=True, top_logprobs=2)
    whole = openai_client.chat.completions.create(**kwargs).choices[0].logprobs.content
    chunks = list(openai_client.chat.completions.create(**kwargs, stream=True))
    streamed = [entry for c in chunks for entry in c.choices[0].logprobs.content]
    assert streamed == whole


def test_known_chat_models_carry_their_context(openai_client, http):
    qwen = openai_client.models.retrieve("Qwen/Qwen2.5-7B-Instruct")
    assert qwen.model_extra["providers"][0]["context_length"] == 32768
    assert openai_client.chat.completions.create(model="openai/gpt-oss-120b:fastest", messages=USER, max_tokens=2).model == "openai/gpt-oss-120b"
    r = http("POST", "/models/microsoft/Phi-3-mini-4k-instruct", {"inputs": "x", "parameters": {"max_new_tokens": 5000}})
    assert r.status == 422 and "must be <= 4096" in r.json()["error"]


def test_model_scoped_framework_errors_are_plain_text(http):
    r = http("POST", "/models/gpt2/v1/chat/completions", b"{oops", headers={"Content-Type": "application/json"})
    assert r.status == 400 and r.headers["Content-Type"].startswith("text/plain") and r.body.startswith(b"Failed to parse the request body as JSON")
    r = http("POST", "/v1/chat/completions", b"{oops", headers={"Content-Type": "application/json"})
    assert r.status == 400 and "error" in r.json() and isinstance(r.json()["error"], dict)
