"""Test control seen through the real clients: each sees what it would see from the real service."""
from __future__ import annotations

import pytest

TOKEN = "hf_test_token"


# --- huggingface_hub --------------------------------------------------------------------------

def test_hf_hub_stubbed_output_on_text_generation_and_chat(hf_client, hf_stub):
    hf_stub(model="gpt2", last_message="capital of France", output="Paris.")
    hf_stub(model="gpt2", route_kind="pipeline", contains="capital of France", output=" Paris.")
    client = hf_client("gpt2")
    assert client.text_generation("The capital of France is", return_full_text=False) == " Paris."
    chat = client.chat_completion([{"role": "user", "content": "What is the capital of France?"}])
    assert chat.choices[0].message.content == "Paris." and chat.usage.completion_tokens == 3


def test_hf_hub_loading_503_is_not_retried(hf_client, hf_cold, hf_journal):
    from huggingface_hub.errors import HfHubHTTPError

    hf_cold("gpt2", requests=1, estimated_time=12.0)
    with pytest.raises(HfHubHTTPError) as caught:
        hf_client("gpt2").text_generation("x")
    assert caught.value.response.status_code == 503
    assert caught.value.server_message == "Model gpt2 is currently loading"
    assert caught.value.response.json()["estimated_time"] == 12.0
    hf_journal.assert_one(model="gpt2", status=503)
    assert hf_client("gpt2").text_generation("x")  # warm now


def test_hf_hub_typed_text_generation_errors(hf_client, hf_fault):
    from huggingface_hub.errors import GenerationError, HfHubHTTPError

    hf_fault("generation", model="gpt2", times=1)
    with pytest.raises(GenerationError, match="Request failed during generation"):
        hf_client("gpt2").text_generation("x")
    hf_fault("rate_limit", model="gpt2", times=1)
    with pytest.raises(HfHubHTTPError) as caught:
        hf_client("gpt2").text_generation("x")
    assert caught.value.response.status_code == 429 and caught.value.response.headers["Retry-After"] == "1"


def test_hf_hub_stream_error_after_two_tokens(hf_client, hf_fault):
    from huggingface_hub.errors import GenerationError

    hf_fault("stream_error", model="gpt2", after_chunks=2)
    client = hf_client("gpt2")  # the client owns the open stream: keep it alive
    received = []
    with pytest.raises(GenerationError, match="CUDA out of memory"):
        for token in client.text_generation("x", stream=True, max_new_tokens=10):
            received.append(token)
    assert len(received) == 2


def test_hf_hub_chat_stream_cut_raises(hf_client, hf_fault):
    hf_fault("stream_cut", model="gpt2", route_kind="chat", after_chunks=2)
    client = hf_client("gpt2")
    received = []
    with pytest.raises(Exception) as caught:
        for chunk in client.chat_completion([{"role": "user", "content": "x"}], stream=True, max_tokens=10):
            received.append(chunk)
    assert len(received) == 2
    assert "peer closed" in str(caught.value).lower() or "incomplete" in str(caught.value).lower(), repr(caught.value)


def test_hf_hub_unknown_token_and_missing_permission(hf_url, hf_tokens):
    from huggingface_hub import InferenceClient
    from huggingface_hub.errors import HfHubHTTPError

    hf_tokens([{"name": "ci", "token": TOKEN}, {"name": "ro", "token": "hf_readonly", "inference": False, "user": "bob"}])
    with pytest.raises(HfHubHTTPError) as caught:
        InferenceClient(model=f"{hf_url}/models/gpt2", token="hf_wrong").text_generation("x")
    assert caught.value.response.status_code == 401
    assert caught.value.server_message == "Invalid credentials in Authorization header"
    with pytest.raises(HfHubHTTPError) as caught:
        InferenceClient(model=f"{hf_url}/models/gpt2", token="hf_readonly").text_generation("x")
    assert caught.value.response.status_code == 403 and "on behalf of user bob" in caught.value.server_message
    assert InferenceClient(model=f"{hf_url}/models/gpt2", token=TOKEN).text_generation("x")


# --- openai -----------------------------------------------------------------------------------

def _openai(hf_url: str, retries: int, token: str = TOKEN):
    import openai

    return openai.OpenAI(base_url=f"{hf_url}/v1", api_key=token, max_retries=retries, _strict_response_validation=True)


def test_openai_retries_429_with_retry_after_ms(hf_url, hf_fault, hf_journal):
    hf_fault("rate_limit", route_kind="chat", times=2, retry_after_ms=10)
    out = _openai(hf_url, retries=2).chat.completions.create(model="gpt2", messages=[{"role": "user", "content": "x"}])
    assert out.choices[0].message.content
    attempts = hf_journal.assert_count(3, route_kind="chat")
    assert [a.status for a in attempts] == [429, 429, 200]
    assert [{k.lower(): v for k, v in a.headers.items()}.get("x-stainless-retry-count") for a in attempts] == ["0", "1", "2"]
    assert [a.fault for a in attempts] == ["fault-1", "fault-1", None]


def test_openai_should_retry_false_is_seen_once(hf_url, hf_fault, hf_journal):
    import openai

    hf_fault("rate_limit", retry_after_ms=10, should_retry=False)
    with pytest.raises(openai.RateLimitError) as caught:
        _openai(hf_url, retries=2).chat.completions.create(model="gpt2", messages=[{"role": "user", "content": "x"}])
    assert caught.value.code == "rate_limit_exceeded"
    hf_journal.assert_count(1, route_kind="chat")


@pytest.mark.parametrize(
    "kind, exception",
    [("credits", "APIStatusError"), ("loading", "InternalServerError"), ("bad_gateway", "InternalServerError"), ("timeout", "InternalServerError")],
)
def test_openai_exception_classes(hf_url, hf_fault, kind, exception):
    import openai

    hf_fault(kind)
    with pytest.raises(getattr(openai, exception)) as caught:
        _openai(hf_url, retries=0).chat.completions.create(model="gpt2", messages=[{"role": "user", "content": "x"}])
    assert caught.value.status_code == {"credits": 402, "loading": 503, "bad_gateway": 502, "timeout": 504}[kind]


def test_openai_auth_errors(hf_url, hf_tokens):
    import openai

    hf_tokens([{"name": "ci", "token": TOKEN}, {"name": "ro", "token": "hf_ro", "inference": False}])
    with pytest.raises(openai.AuthenticationError):
        _openai(hf_url, 0, token="hf_bad").chat.completions.create(model="gpt2", messages=[{"role": "user", "content": "x"}])
    with pytest.raises(openai.PermissionDeniedError):
        _openai(hf_url, 0, token="hf_ro").chat.completions.create(model="gpt2", messages=[{"role": "user", "content": "x"}])


def test_openai_stream_error_event(hf_url, hf_fault):
    import openai

    hf_fault("stream_error", route_kind="chat", after_chunks=3, message="Request failed during generation: boom")
    received = []
    with pytest.raises(openai.APIError, match="boom"):
        for chunk in _openai(hf_url, 0).chat.completions.create(model="gpt2", messages=[{"role": "user", "content": "x"}], stream=True):
            received.append(chunk)
    assert len(received) == 3


def test_openai_stub_changed_while_streaming(hf_url, hf_server, hf_stub):
    """A rule changed mid-stream affects the next request, never the one already streaming."""
    hf_stub(id="old", route_kind="chat", output="one two three four five six")
    hf_server.fault("latency", tokens_per_second=200)
    stream = _openai(hf_url, 0).chat.completions.create(model="gpt2", messages=[{"role": "user", "content": "x"}], stream=True)
    pieces = []
    for index, chunk in enumerate(stream):
        pieces.append(chunk.choices[0].delta.content or "")
        if index == 1:
            hf_server.unstub("old")
            hf_stub(route_kind="chat", output="new answer")
    assert "".join(pieces) == "one two three four five six"
    again = _openai(hf_url, 0).chat.completions.create(model="gpt2", messages=[{"role": "user", "content": "x"}])
    assert again.choices[0].message.content == "new answer"


# --- text-generation (the TGI client) ----------------------------------------------------------

tgi_client_warnings = pytest.mark.filterwarnings("ignore:The `dict` method is deprecated:DeprecationWarning:text_generation")


@tgi_client_warnings
def test_tgi_client_error_classes(hf_url, hf_fault):
    from text_generation import Client
    from text_generation.errors import GenerationError, RateLimitExceededError, ShardTimeoutError

    client = Client(f"{hf_url}/models/gpt2", headers={"Authorization": f"Bearer {TOKEN}"})
    for kind, error in (("generation", GenerationError), ("rate_limit", RateLimitExceededError), ("timeout", ShardTimeoutError)):
        hf_fault(kind, times=1)
        with pytest.raises(error):
            client.generate("x", max_new_tokens=3)
    assert client.generate("x", max_new_tokens=3).generated_text


@tgi_client_warnings
def test_tgi_client_stream_error(hf_url, hf_fault):
    from text_generation import Client
    from text_generation.errors import GenerationError

    hf_fault("stream_error", after_chunks=1)
    client = Client(f"{hf_url}/models/gpt2", headers={"Authorization": f"Bearer {TOKEN}"})
    received = []
    with pytest.raises(GenerationError):
        for response in client.generate_stream("x", max_new_tokens=5):
            received.append(response)
    assert len(received) == 1


# --- @huggingface/inference and openai (JS) ------------------------------------------------------

def test_js_sdks_see_warm_up_faults_and_stubs(node, hf_server, hf_journal):
    hf_server.cold("gpt2", requests=2)
    out = node("scenarios/control_clients.mjs")
    assert "ok" in out, out
    result = out["ok"]
    # The JS SDK retries 503 on its own: two refusals, then the answer.
    assert result["warmup"] == "generated"
    assert [e.status for e in hf_journal(route_kind="completions")][:3] == [503, 503, 200]
    assert result["rateLimited"] == {"name": "ProviderApiError", "status": 429,
                                     "message": "Failed to perform inference: Model is overloaded"}
    assert result["streamError"]["tokens"] == 2 and "CUDA out of memory" in result["streamError"]["message"]
    assert result["stubbed"] == "Bonjour !"
    assert result["openaiRetried"] == "Bonjour !"
    assert [e.status for e in hf_journal(path="/v1/chat/completions")] == [429, 200]  # the SDK retried once
    assert result["unauthorized"] == {"name": "ProviderApiError", "status": 401,
                                      "message": "Failed to perform inference: Invalid credentials in Authorization header"}


def test_openai_scripted_tool_call(hf_url, hf_stub, hf_journal):
    import json

    hf_stub(route_kind="chat", last_message="weather in Paris",
            output={"text": '{"city": "Paris"}', "extras": {"tool_call": "get_weather"}})
    tools = [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}]
    out = _openai(hf_url, 0).chat.completions.create(model="gpt2", messages=[{"role": "user", "content": "What is the weather in Paris?"}], tools=tools)
    call = out.choices[0].message.tool_calls[0]
    assert call.function.name == "get_weather" and json.loads(call.function.arguments) == {"city": "Paris"}
    assert out.choices[0].finish_reason == "tool_calls"
    hf_journal.assert_one(route_kind="chat", rule="rule-1", where=lambda e: "tools" in e.json)
