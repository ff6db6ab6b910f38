"""Edge values of the generation limits (Config.max_total_tokens, max_stream_events): the
smallest context TGI allows, limits far beyond any model, and settings that are mistakes
(negative through keywords, true or 2.5 in a config file) refused instead of silently read as
"no limit" or 1."""
from __future__ import annotations

import json

import pytest
from huggingface_hub import InferenceClient
from huggingface_hub.errors import ValidationError as HubValidationError

from hf_tornado import HuggingfaceInferenceServer
from hf_tornado.config import Config, load_config
from hf_tornado.errors import ConfigError

TOKEN = "hf_test_token"


def _info(server) -> dict:
    import urllib.request

    request = urllib.request.Request(f"{server.url}/models/gpt2/info", headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def test_the_smallest_context_leaves_one_input_and_one_new_token():
    with HuggingfaceInferenceServer(port=0, max_total_tokens=2) as server:
        client = InferenceClient(model=f"{server.url}/models/gpt2", token=TOKEN)
        answer = client.text_generation("a", details=True)
        assert (answer.details.generated_tokens, answer.details.finish_reason) == (1, "length")
        with pytest.raises(HubValidationError, match=r"`inputs` must have less than 1 tokens. Given: 2"):
            client.text_generation("a b")
        with pytest.raises(HubValidationError, match=r"must be <= 2. Given: 1 `inputs` tokens and 2 `max_new_tokens`"):
            client.text_generation("a", max_new_tokens=2)
        info = _info(server)
        assert (info["max_total_tokens"], info["max_input_tokens"]) == (2, 1)


def test_limits_beyond_every_model_change_nothing():
    huge = 2**63
    with HuggingfaceInferenceServer(port=0) as plain, HuggingfaceInferenceServer(port=0, max_total_tokens=huge, max_stream_events=huge) as wide:
        answers = []
        for server in (plain, wide):
            client = InferenceClient(model=f"{server.url}/models/gpt2", token=TOKEN)
            answers.append((client.text_generation("The sea is", details=True), _info(server)["max_total_tokens"]))
        assert answers[0] == answers[1] and answers[0][1] == 1024


@pytest.mark.parametrize("name", ["max_total_tokens", "max_stream_events"])
def test_mistaken_settings_are_refused(tmp_path, name):
    with pytest.raises(ConfigError, match=f"invalid value for {name}: -1"):
        HuggingfaceInferenceServer(port=0, **{name: -1})
    with pytest.raises(ConfigError, match=name):
        Config(**{name: True})
    for mistake in (True, 2.5, "", None):
        path = tmp_path / "hf.json"
        path.write_text(json.dumps({name: mistake}))
        with pytest.raises(ConfigError, match=f"invalid value for {name}"):
            load_config({"config_file": str(path)}, {})
    path.write_text(json.dumps({name: 64.0}))  # a whole number written as a float is fine
    assert getattr(load_config({"config_file": str(path)}, {}), name) == 64
