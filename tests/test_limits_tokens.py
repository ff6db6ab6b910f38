"""Config.max_total_tokens: the server's cap on one generation's context (TGI's
--max-total-tokens), through the real clients. Every text-generation card is capped, so the
answers are TGI's own 422s and the info routes report the effective numbers."""
from __future__ import annotations

import json

import openai
import pytest
from huggingface_hub.errors import HfHubHTTPError, ValidationError as HubValidationError

from hf_tornado import HuggingfaceInferenceServer
from hf_tornado import cli
from hf_tornado.config import Config, load_config
from hf_tornado.errors import ConfigError

CAP = 40
LLAMA = "meta-llama/Llama-3.1-8B-Instruct"  # context 131,072 on its card
HI = [{"role": "user", "content": "Hi"}]
CHAT_PROMPT_TOKENS = 34  # "Hi" in gpt2's chat template


def too_long(inputs: int, new: int) -> str:
    return (
        f"Input validation error: `inputs` tokens + `max_new_tokens` must be <= {CAP}. "
        f"Given: {inputs} `inputs` tokens and {new} `max_new_tokens`"
    )


@pytest.fixture(scope="module")
def capped():
    with HuggingfaceInferenceServer(port=0, max_total_tokens=CAP) as server:
        yield server


@pytest.fixture
def hf_url(capped):  # the conftest clients (http, hf_client, openai_client) talk to this server
    capped.reset()
    return capped.url


def test_info_routes_report_the_capped_context(http, openai_client):
    info = http("GET", "/info").json()  # the default model, Llama (131,072 on its card)
    assert (info["model_id"], info["max_total_tokens"], info["max_input_tokens"]) == (LLAMA, CAP, CAP - 1)
    gpt2 = http("GET", "/models/gpt2/info").json()
    assert (gpt2["max_total_tokens"], gpt2["max_input_tokens"]) == (CAP, CAP - 1)
    assert openai_client.models.retrieve(LLAMA).model_extra["providers"][0]["context_length"] == CAP
    # An LLM-like id the catalog does not know, and the whole list.
    assert openai_client.models.retrieve("acme/llama-70b-chat").model_extra["providers"][0]["context_length"] == CAP
    listed = openai_client.models.list().data
    assert listed and {m.model_extra["providers"][0]["context_length"] for m in listed} == {CAP}
    # Embedding models keep TEI's own max_input_length: the cap is a generation limit.
    assert http("GET", "/models/BAAI/bge-small-en-v1.5/info").json()["max_input_length"] == 512


def test_hub_client_gets_tgi_422_streamed_or_not(hf_client):
    client = hf_client("gpt2")  # 1,024 on its card
    with pytest.raises(HubValidationError) as raised:
        client.text_generation("The sea is", max_new_tokens=100)
    assert str(raised.value) == too_long(3, 100)
    with pytest.raises(HubValidationError) as raised:
        list(client.text_generation("The sea is", max_new_tokens=100, stream=True))
    assert str(raised.value) == too_long(3, 100)
    with pytest.raises(HfHubHTTPError) as raised:
        client.chat_completion(HI, max_tokens=100)
    assert raised.value.response.status_code == 422 and too_long(CHAT_PROMPT_TOKENS, 100) in str(raised.value)
    with pytest.raises(HubValidationError) as raised:
        list(client.chat_completion(HI, max_tokens=100, stream=True))
    assert str(raised.value) == too_long(CHAT_PROMPT_TOKENS, 100)
    # Within the cap everything is as before, and the last token is allowed.
    out = client.text_generation("The sea is", max_new_tokens=CAP - 3, details=True)
    assert out.details.generated_tokens <= CAP - 3


def test_openai_sdk_gets_422_on_chat_and_completions(openai_client):
    with pytest.raises(openai.UnprocessableEntityError) as raised:
        openai_client.chat.completions.create(model="gpt2", messages=HI, max_tokens=100)
    assert raised.value.status_code == 422 and raised.value.body["message"] == too_long(CHAT_PROMPT_TOKENS, 100)
    with pytest.raises(openai.UnprocessableEntityError) as raised:
        list(openai_client.chat.completions.create(model="gpt2", messages=HI, max_tokens=100, stream=True))
    assert raised.value.body["message"] == too_long(CHAT_PROMPT_TOKENS, 100)
    with pytest.raises(openai.UnprocessableEntityError) as raised:
        openai_client.completions.create(model=LLAMA, prompt="Hi", max_tokens=CAP)
    assert raised.value.body["message"] == too_long(1, CAP)
    assert openai_client.completions.create(model=LLAMA, prompt="Hi", max_tokens=CAP - 1).choices[0].text


def test_tgi_routes_answer_tgi_422(http):
    r = http("POST", "/generate", {"inputs": "The sea is", "parameters": {"max_new_tokens": 38}})
    assert r.status == 422 and r.json() == {"error": too_long(3, 38), "error_type": "validation"}
    r = http("POST", "/generate_stream", {"inputs": "The sea is", "parameters": {"max_new_tokens": 38}})
    assert r.status == 200 and json.loads(r.body.decode()[len("data: "):]) == {"error": too_long(3, 38), "error_type": "validation"}
    long_prompt = " ".join(["word"] * 45)
    r = http("POST", "/models/gpt2", {"inputs": long_prompt})
    assert r.status == 422 and r.json()["error"] == "Input validation error: `inputs` must have less than 39 tokens. Given: 45"
    assert http("POST", "/generate", {"inputs": "The sea is", "parameters": {"max_new_tokens": 37}}).status == 200


def test_without_max_new_tokens_the_cap_bounds_the_answer(hf_client, openai_client):
    # 30 prompt tokens leave 10, fewer than any natural answer (12-48): it ends at the cap.
    prompt = " ".join(["word"] * 30)
    out = hf_client("gpt2").text_generation(prompt, details=True)
    assert (out.details.finish_reason, out.details.generated_tokens) == ("length", CAP - 30)
    chat = openai_client.chat.completions.create(model="gpt2", messages=HI)
    assert chat.choices[0].finish_reason == "length"
    assert (chat.usage.prompt_tokens, chat.usage.completion_tokens, chat.usage.total_tokens) == (CHAT_PROMPT_TOKENS, CAP - CHAT_PROMPT_TOKENS, CAP)


def test_the_default_keeps_each_cards_context(http):
    assert Config().max_total_tokens == 0
    assert http("GET", "/info").json()["max_total_tokens"] == CAP  # (this module's server)
    with HuggingfaceInferenceServer(port=0) as plain:
        import urllib.request

        with urllib.request.urlopen(plain.url + "/info") as answer:
            assert json.load(answer)["max_total_tokens"] == 131072


def test_settings_come_from_flags_env_and_file(tmp_path, monkeypatch):
    served: list[Config] = []

    async def serve(config: Config) -> int:  # the CLI's flags reach the Config it serves
        served.append(config)
        return 0

    monkeypatch.setattr(cli, "serve", serve)
    monkeypatch.setattr(cli.logging, "basicConfig", lambda **settings: None)  # leave pytest's logging alone
    assert cli.main(["--port", "0", "--max-total-tokens", "2048", "--max-stream-events", "50"]) == 0
    assert (served[0].max_total_tokens, served[0].max_stream_events) == (2048, 50)
    env = {"HF_TORNADO_MAX_TOTAL_TOKENS": "4096", "HF_TORNADO_MAX_STREAM_EVENTS": "0"}
    config = load_config({}, env)
    assert (config.max_total_tokens, config.max_stream_events) == (4096, 0)
    path = tmp_path / "hf.json"
    path.write_text(json.dumps({"max_total_tokens": 512, "max_stream_events": 7}))
    config = load_config({"config_file": str(path)}, {})
    assert (config.max_total_tokens, config.max_stream_events) == (512, 7)
    assert load_config({"config_file": str(path), "max_total_tokens": 256}, env).max_total_tokens == 256  # flags win
    assert Config().max_stream_events == 100_000
    for bad in ("-1", "many", "1"):  # 1 leaves no room for an input token and a new one
        with pytest.raises(ConfigError, match="max_total_tokens"):
            load_config({}, {"HF_TORNADO_MAX_TOTAL_TOKENS": bad})
    with pytest.raises(ConfigError, match="max_stream_events"):
        load_config({}, {"HF_TORNADO_MAX_STREAM_EVENTS": "-5"})
