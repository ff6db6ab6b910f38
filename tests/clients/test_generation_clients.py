"""Text generation and chat through the real clients: huggingface_hub, the TGI `text-generation`
client (sync and async), and the JS SDK (one node run for several calls)."""
from __future__ import annotations

import asyncio
import json

import jsonschema
import pytest
from huggingface_hub import InferenceClient
from huggingface_hub.errors import ValidationError as HubValidationError

TOKEN = "hf_test_token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {
            "type": "object",
            "properties": {"location": {"type": "string"}, "days": {"type": "integer", "minimum": 1, "maximum": 7}},
            "required": ["location", "days"],
        },
    },
}
EVENT_SCHEMA = {
    "type": "object",
    "properties": {"title": {"type": "string"}, "date": {"type": "string", "format": "date"}, "guests": {"type": "array", "items": {"type": "string", "format": "email"}, "minItems": 1, "maxItems": 3}},
    "required": ["title", "date", "guests"],
    "additionalProperties": False,
}


# --- huggingface_hub -------------------------------------------------------------------------

def test_hub_text_generation_details_and_stream_agree(hf_client):
    client = hf_client("gpt2")
    out = client.text_generation("The sea is", max_new_tokens=8, details=True, seed=3, do_sample=True)
    assert out.details.finish_reason == "length" and out.details.generated_tokens == 8 == len(out.details.tokens)
    assert out.details.seed == 3
    texts = list(client.text_generation("The sea is", max_new_tokens=8, stream=True, seed=3, do_sample=True))
    # /models/{id} answers the full text by default (WIRE.md 4.1); the stream yields the new tokens
    assert len(texts) == 8 and "The sea is" + "".join(texts) == out.generated_text
    events = list(client.text_generation("The sea is", max_new_tokens=8, stream=True, details=True, seed=3, do_sample=True))
    assert [e.token.text for e in events] == [t.text for t in out.details.tokens]
    assert events[-1].generated_text == out.generated_text  # hf_hub sends return_full_text=false
    assert events[-1].details.generated_tokens == 8 and events[-1].details.seed == 3


def test_hub_typed_validation_errors(hf_client):
    client = hf_client("gpt2")
    with pytest.raises(HubValidationError, match="`max_new_tokens` must be strictly positive"):
        client.text_generation("x", max_new_tokens=0)
    with pytest.raises(HubValidationError, match="`top_p` must be > 0.0 and < 1.0"):
        list(client.text_generation("x", top_p=1.0, stream=True))
    assert client.text_generation("x", max_new_tokens=2)  # and the next call works


def test_hub_chat_tools_and_response_format(hf_client):
    client = hf_client("meta-llama/Llama-3.1-8B-Instruct")
    out = client.chat_completion([{"role": "user", "content": "Weather in Oslo for 3 days?"}], tools=[WEATHER_TOOL], tool_choice="required")
    call = out.choices[0].message.tool_calls[0]
    args = call.function.arguments
    jsonschema.validate(json.loads(args) if isinstance(args, str) else args, WEATHER_TOOL["function"]["parameters"])
    fmt = {"type": "json_schema", "json_schema": {"name": "event", "schema": EVENT_SCHEMA, "strict": True}}
    doc = client.chat_completion([{"role": "user", "content": "Plan a party"}], response_format=fmt, max_tokens=400)
    jsonschema.validate(json.loads(doc.choices[0].message.content), EVENT_SCHEMA, format_checker=jsonschema.FormatChecker())
    streamed = list(client.chat_completion([{"role": "user", "content": "Hi"}], stream=True, max_tokens=6))
    whole = client.chat_completion([{"role": "user", "content": "Hi"}], max_tokens=6)
    assert "".join(c.choices[0].delta.content or "" for c in streamed) == whole.choices[0].message.content


def test_hub_endpoint_info_and_health(hf_url):
    client = InferenceClient(base_url=hf_url, token=TOKEN, provider="hf-inference")
    info = client.get_endpoint_info()
    assert info["model_pipeline_tag"] == "text-generation" and info["max_total_tokens"] > info["max_input_tokens"]
    assert client.health_check() is True


# --- text-generation (TGI client) -----------------------------------------------------------
# text-generation 0.7 serialises its requests with pydantic's deprecated `.dict()`.
tgi_client_warnings = pytest.mark.filterwarnings("ignore:The `dict` method is deprecated:DeprecationWarning:text_generation")


@tgi_client_warnings
def test_tgi_client_generate_and_stream(hf_url):
    from text_generation import Client

    client = Client(f"{hf_url}/models/gpt2", headers=AUTH)
    out = client.generate("Mountains", max_new_tokens=6, decoder_input_details=True, top_n_tokens=2, seed=9)
    assert out.details.generated_tokens == 6 and out.details.finish_reason.value == "length"
    assert out.details.prefill[0].logprob is None and len(out.details.top_tokens[0]) == 2
    events = list(client.generate_stream("Mountains", max_new_tokens=6, seed=9))
    assert [e.token.text for e in events] == [t.text for t in out.details.tokens]
    assert events[-1].details.generated_tokens == 6 and events[-1].generated_text.endswith(out.generated_text)
    best = client.generate("Mountains", max_new_tokens=3, best_of=2, do_sample=True)
    assert len(best.details.best_of_sequences) == 1
    stopped = client.generate("Mountains", max_new_tokens=30, seed=9, stop_sequences=[out.generated_text.split()[1]])
    assert stopped.details.finish_reason.value == "stop_sequence"


@tgi_client_warnings
def test_tgi_client_grammar_and_errors(hf_url):
    from text_generation import Client
    from text_generation.errors import ValidationError
    from text_generation.types import Grammar, GrammarType

    client = Client(hf_url, headers=AUTH)  # POST / serves the default model
    out = client.generate("Event", max_new_tokens=300, grammar=Grammar(type=GrammarType.Json, value=EVENT_SCHEMA))
    jsonschema.validate(json.loads(out.generated_text), EVENT_SCHEMA)
    with pytest.raises(ValidationError, match="must be <= 1024"):
        Client(f"{hf_url}/models/gpt2", headers=AUTH).generate("x", max_new_tokens=5000)


@tgi_client_warnings
def test_tgi_async_client(hf_url):
    from text_generation import AsyncClient

    async def run():
        client = AsyncClient(f"{hf_url}/models/gpt2", headers=AUTH)
        out = await client.generate("Async", max_new_tokens=4)
        events = [e async for e in client.generate_stream("Async", max_new_tokens=4)]
        return out, events

    out, events = asyncio.run(run())
    assert "".join(e.token.text for e in events) == out.generated_text and out.details.generated_tokens == 4


# --- JS SDK ------------------------------------------------------------------------------------

def test_js_generation_chat_and_tools(node):
    result = node("scenarios/gen_clients.mjs", {"tool": WEATHER_TOOL})
    assert "ok" in result, result
    ok = result["ok"]
    assert ok["streamedText"] == ok["generatedText"] and ok["streamTokens"] == 5
    assert ok["chatStreamText"] == ok["chatText"]
    call = ok["toolCall"]
    assert call["function"]["name"] == "get_weather"
    jsonschema.validate(json.loads(call["function"]["arguments"]), WEATHER_TOOL["function"]["parameters"])
    assert ok["streamedToolArguments"] == call["function"]["arguments"]
    assert ok["validation"]["status"] == 422 and "max_new_tokens" in ok["validation"]["message"]
    # openai (npm): streamed tool-call fragments join to the arguments, usage agrees
    assert ok["openaiToolArguments"] == ok["openaiWholeArguments"]
    assert ok["openaiUsage"] == ok["openaiWholeUsage"]
    assert len(ok["embeddingDefault"]) == 384
    assert ok["embeddingDefault"] == pytest.approx(ok["embeddingFloat"], abs=1e-6)


def test_hub_chat_stream_validation_error_is_typed(hf_client):
    # model-scoped chat is TGI-served: a streamed request's validation error arrives in the stream
    client = hf_client("gpt2")
    with pytest.raises(HubValidationError, match="`max_new_tokens` must be strictly positive"):
        list(client.chat_completion([{"role": "user", "content": "x"}], stream=True, max_tokens=0))
    assert client.chat_completion([{"role": "user", "content": "x"}], max_tokens=1).choices


@tgi_client_warnings
def test_tgi_client_chat_with_a_named_tool(hf_url):
    from text_generation import Client
    from text_generation.types import Message

    client = Client(f"{hf_url}/models/gpt2", headers=AUTH)
    text = client.chat(messages=[Message(role="user", content="hi")], max_tokens=5)
    assert text.choices[0].message.content and text.usage["completion_tokens"] == 5
    # the TGI client sends tool_choice as a bare function name
    call = client.chat(messages=[Message(role="user", content="Weather in Oslo?")], tools=[WEATHER_TOOL], tool_choice="get_weather")
    arguments = json.loads(call.choices[0].message.tool_calls[0]["function"]["arguments"])
    jsonschema.validate(arguments, WEATHER_TOOL["function"]["parameters"])
    assert arguments["location"] == "Oslo"  # names in the user's text fill location fields
