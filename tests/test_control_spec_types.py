"""Control specs with values of the wrong type are refused when they are registered.

Found by the issue-4 audit: a rule or fault whose `model` was a number (or whose `retry_after`
was null) was accepted, and then every later inference request failed with a 500 "unknown
error"; a huge delay hung every matching request for good.
"""
from __future__ import annotations

import openai
import pytest

CHAT = {"model": "gpt2", "messages": [{"role": "user", "content": "hi"}]}


def still_serving(http) -> None:
    assert http("POST", "/models/gpt2", {"inputs": "x"}).status == 200
    assert http("POST", "/v1/chat/completions", CHAT).status == 200


@pytest.mark.parametrize(
    "spec, words",
    [
        ({"match": {"model": 5}, "output": "x"}, "`match.model` must be a string or a non-empty list of strings"),
        ({"match": {"model": ["gpt2", None]}, "output": "x"}, "`match.model` must be"),
        ({"match": {"route_kind": {"a": 1}}, "output": "x"}, "`match.route_kind` must be"),
        ({"match": {"task": 7}, "output": "x"}, "`match.task` must be a string"),
        ({"match": {"stream": "yes"}, "output": "x"}, "`match.stream` must be true or false"),
        ({"match": 5, "output": "x"}, "`match` must be an object"),
        ({"respond": [1]}, "`respond` must be an object"),
        ({"output": "x", "delay": 1e308}, "must be seconds (a number from 0 to 600)"),
        ({"stream_chunks": ["a"], "chunk_interval": "fast"}, "`responses[0].chunk_interval` must be seconds"),
        ({"body": {}, "content_type": ["text/plain"]}, "`responses[0].content_type` must be a string"),
    ],
)
def test_rule_values_of_the_wrong_type_are_400(http, spec, words):
    r = http("POST", "/__parlel/rules", spec, auth=False)
    assert r.status == 400 and words in r.json()["error"], r.body
    assert http("GET", "/__parlel/rules", auth=False).json()["rules"] == []
    still_serving(http)


def test_null_match_values_mean_not_given(http):
    r = http("POST", "/__parlel/rules", {"match": {"model": "gpt2", "task": None}, "output": "stubbed"}, auth=False)
    assert r.status == 201, r.body
    assert http("POST", "/models/gpt2", {"inputs": "x", "parameters": {"return_full_text": False}}).json() == [{"generated_text": "stubbed"}]


@pytest.mark.parametrize(
    "spec, words",
    [
        ({"kind": "server_error", "model": 5}, "`model` must be a string or a non-empty list of strings"),
        ({"kind": "server_error", "stream": 1}, "`stream` must be true or false"),
        ({"kind": "server_error", "status": 5}, "`status` must be an HTTP error status"),
        ({"kind": "server_error", "message": ["x"]}, "`message` must be a string"),
        ({"kind": "latency", "delay": 10**9}, "`delay` must be seconds"),
        ({"kind": "latency", "time_to_first_token": 10**9}, "`time_to_first_token` must be seconds"),
        ({"kind": "latency", "tokens_per_second": 1e-9}, "`tokens_per_second` must be 0 (unpaced) or at least"),
    ],
)
def test_fault_values_of_the_wrong_type_are_400(http, spec, words):
    r = http("POST", "/__parlel/faults", spec, auth=False)
    assert r.status == 400 and words in r.json()["error"], r.body
    assert http("GET", "/__parlel/faults", auth=False).json()["faults"] == []
    still_serving(http)


def test_null_fault_settings_take_their_defaults(http):
    r = http("POST", "/__parlel/faults", {"kind": "rate_limit", "retry_after": None, "retry_after_ms": None, "model": None, "times": 1}, auth=False)
    assert r.status == 201, r.body
    limited = http("POST", "/models/gpt2", {"inputs": "x"})
    assert (limited.status, limited.headers["Retry-After"]) == (429, "1"), limited.body
    assert "Rate limit reached" in limited.json()["error"]
    still_serving(http)


def test_a_rule_output_the_route_cannot_render_names_the_rule(http, openai_client):
    r = http("POST", "/__parlel/rules", {"match": {"route_kind": "embeddings"}, "output": 5}, auth=False)
    assert r.status == 201
    with pytest.raises(openai.InternalServerError) as caught:
        openai_client.embeddings.create(model="BAAI/bge-small-en-v1.5", input="hi", encoding_format="float")
    assert "the rule's `output` is not a valid feature-extraction result" in caught.value.message
    still_serving(http)


def test_a_misspelt_journal_filter_is_400_not_every_request(http):
    assert http("POST", "/models/gpt2", {"inputs": "x"}).status == 200
    r = http("GET", "/__parlel/requests?rout_kind=chat", auth=False)
    assert r.status == 400 and "unknown filter(s): rout_kind; known: model, task, route_kind" in r.json()["error"]
    assert http("GET", "/__parlel/requests?route_kind=chat", auth=False).json()["count"] == 0
    assert http("GET", "/__parlel/requests?route_kind=pipeline&limit=5", auth=False).json()["count"] == 1
