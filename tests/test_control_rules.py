"""Scripted answers over HTTP: matching, answers, sequences, priority, strict mode, config file."""
from __future__ import annotations

import json

import pytest

CHAT = "/v1/chat/completions"


def chat(http, content: str, model: str = "gpt2", **extra):
    return http("POST", CHAT, {"model": model, "messages": [{"role": "user", "content": content}], **extra})


def add_rule(http, rule) -> dict:
    r = http("POST", "/__parlel/rules", rule, auth=False)
    assert r.status == 201, r.body
    return r.json()["rules"][0]


def test_task_output_rendered_by_every_surface(http):
    add_rule(http, {"match": {"model": "gpt2", "contains": "weather"}, "respond": {"output": " It is sunny."}})
    pipeline = http("POST", "/models/gpt2", {"inputs": "The weather", "parameters": {"return_full_text": False}})
    assert pipeline.json() == [{"generated_text": " It is sunny."}]
    answer = chat(http, "weather today?").json()
    assert answer["choices"][0]["message"]["content"] == "It is sunny."
    assert answer["usage"]["completion_tokens"] == 5  # " It", " is", " sunny", "." and the end token
    streamed = chat(http, "weather?", stream=True).body.decode()
    deltas = [json.loads(line[6:])["choices"][0]["delta"]["content"] for line in streamed.split("\n\n") if line.startswith("data: {")]
    assert "".join(deltas) == "It is sunny."
    # A request the rule does not match still gets the deterministic generation.
    other = chat(http, "something else").json()["choices"][0]["message"]["content"]
    assert other and other != "It is sunny."


def test_raw_body_status_headers_and_bytes(http):
    add_rule(http, {"route_kind": "pipeline", "model": "acme/*", "respond": {"status": 207, "body": {"hello": "world"}, "headers": {"x-stub": "yes"}}})
    r = http("POST", "/models/acme/thing", {"inputs": "x"})
    assert (r.status, r.json(), r.headers["x-stub"]) == (207, {"hello": "world"}, "yes")
    add_rule(http, {"model": "acme/png", "respond": {"body_base64": "iVBORw0KGgo=", "content_type": "image/png"}})
    png = http("POST", "/models/acme/png", {"inputs": "x"})
    assert png.body == b"\x89PNG\r\n\x1a\n" and png.headers["Content-Type"] == "image/png"


def test_error_answer_uses_the_surface_envelope(http):
    add_rule(http, {"match": {"model": "gpt2"}, "respond": {"status": 418, "error": "I am a teapot"}})
    assert http("POST", "/models/gpt2", {"inputs": "x"}).json()["error"] == "I am a teapot"
    envelope = chat(http, "hi").json()["error"]
    assert envelope["message"] == "I am a teapot" and envelope["type"] == "invalid_request_error"


def test_sequences_repeat_the_last_answer_and_times_expires(http):
    add_rule(http, {"model": "gpt2", "responses": [{"output": "first"}, {"output": "second"}]})
    texts = [chat(http, "hi").json()["choices"][0]["message"]["content"] for _ in range(3)]
    assert texts == ["first", "second", "second"]
    add_rule(http, {"model": "gpt2", "priority": 5, "times": 1, "output": "once"})
    texts = [chat(http, "hi").json()["choices"][0]["message"]["content"] for _ in range(2)]
    assert texts == ["once", "second"]


def test_priority_then_most_recent_wins(http):
    add_rule(http, {"model": "gpt2", "priority": 10, "output": "high"})
    add_rule(http, {"model": "gpt2", "output": "newer but low"})
    assert chat(http, "x").json()["choices"][0]["message"]["content"] == "high"
    add_rule(http, {"model": "gpt2", "priority": 10, "output": "newest high"})
    assert chat(http, "x").json()["choices"][0]["message"]["content"] == "newest high"


@pytest.mark.parametrize(
    "match, hit, miss",
    [
        ({"regex": r"order #\d+"}, "order #42", "order #x"),
        ({"last_message": "refund"}, "a refund please", "nothing"),
        ({"last_message_regex": "^hi$"}, "hi", "hi there"),
        ({"json": {"temperature": 0.5}}, None, None),
        ({"route_kind": ["chat", "completions"], "task": "text-generation"}, "anything", None),
    ],
)
def test_match_criteria(http, match, hit, miss):
    add_rule(http, {"match": {"model": "gpt2", **match}, "respond": {"output": "STUB"}})
    if "json" in match:
        assert chat(http, "x", temperature=0.5).json()["choices"][0]["message"]["content"] == "STUB"
        assert chat(http, "x", temperature=0.7).json()["choices"][0]["message"]["content"] != "STUB"
        return
    assert chat(http, hit).json()["choices"][0]["message"]["content"] == "STUB"
    if miss is not None:
        assert chat(http, miss).json()["choices"][0]["message"]["content"] != "STUB"


def test_header_match_exact_and_regex(http):
    add_rule(http, {"model": "gpt2", "headers": {"X-Tenant": "/^blue-/"}, "output": "blue"})
    assert chat(http, "x").json()["choices"][0]["message"]["content"] != "blue"
    r = http("POST", CHAT, {"model": "gpt2", "messages": [{"role": "user", "content": "x"}]}, headers={"X-Tenant": "blue-7"})
    assert r.json()["choices"][0]["message"]["content"] == "blue"


def test_raw_stream_chunks(http):
    add_rule(http, {"route_kind": "chat", "respond": {"stream_chunks": [{"a": 1}, {"b": 2}]}})
    r = chat(http, "x", stream=True)
    assert r.headers["Content-Type"] == "text/event-stream"
    assert r.body == b'data: {"a":1}\n\ndata: {"b":2}\n\ndata: [DONE]\n\n'


def test_rules_listed_removed_and_cleared_by_reset(http):
    rule = add_rule(http, {"id": "weather", "model": "gpt2", "output": "sun"})
    assert rule["id"] == "weather"
    listed = http("GET", "/__parlel/rules", auth=False).json()["rules"]
    assert [r["id"] for r in listed] == ["weather"]
    chat(http, "x")
    assert http("GET", "/__parlel/rules", auth=False).json()["rules"][0]["uses"] == 1
    assert http("DELETE", "/__parlel/rules/weather", auth=False).status == 200
    assert http("DELETE", "/__parlel/rules/weather", auth=False).status == 404
    add_rule(http, {"model": "gpt2", "output": "sun"})
    http("POST", "/__parlel/reset", auth=False)
    assert http("GET", "/__parlel/rules", auth=False).json()["rules"] == []


@pytest.mark.parametrize(
    "spec, words",
    [
        ({"model": "gpt2"}, "needs an answer"),
        ({"model": "gpt2", "output": "x", "colour": "red"}, "unknown key(s) in rule: colour"),
        ({"match": {"regex": "("}, "output": "x"}, "not a valid regular expression"),
        ({"output": "x", "times": 0}, "`times` must be a positive integer"),
        ({"output": "x", "body": {}}, "several answers"),
        ([1, 2], "must be a JSON object"),
    ],
)
def test_bad_rule_specs_are_400_and_the_server_goes_on(http, spec, words):
    r = http("POST", "/__parlel/rules", spec, auth=False)
    assert r.status == 400 and words in r.json()["error"], r.body
    assert http("POST", "/models/gpt2", {"inputs": "x"}).status == 200


def test_strict_mode_lists_the_nearest_rules(http):
    add_rule(http, {"id": "weather", "model": "gpt2", "contains": "weather", "output": "sun"})
    add_rule(http, {"id": "llama", "model": "meta-llama/*", "output": "llama"})
    assert http("POST", "/__parlel/strict", {"strict": True}, auth=False).json() == {"strict": True}
    r = chat(http, "hello")
    assert r.status == 404
    message = r.json()["error"]["message"]
    assert "Strict mode: no rule matches" in message
    assert "weather: body does not contain 'weather'" in message
    assert "llama: model is 'gpt2'" in message
    pipeline = http("POST", "/models/gpt2", {"inputs": "hi"}).json()
    assert {n["id"] for n in pipeline["nearest_rules"]} == {"weather", "llama"}
    assert chat(http, "weather?").status == 200


def test_journal_records_the_rule_and_filters_on_it(http):
    add_rule(http, {"id": "r1", "model": "gpt2", "contains": "stubbed", "output": "ok"})
    chat(http, "stubbed")
    chat(http, "free")
    entries = http("GET", "/__parlel/requests?rule=r1", auth=False).json()["requests"]
    assert len(entries) == 1 and entries[0]["extra"]["rule"] == "r1"
    assert entries[0]["extra"]["parameters"] == {} and entries[0]["extra"]["generated_tokens"] == 2


def test_config_file_rules_load_at_start_and_survive_reset(tmp_path):
    import urllib.request

    from hf_tornado import HuggingfaceInferenceServer
    from hf_tornado.config import load_config

    path = tmp_path / "hf.json"
    path.write_text(json.dumps({"rules": [{"id": "cfg", "model": "gpt2", "output": "from config"}], "faults": [], "strict": False}))
    config = load_config({"config_file": str(path), "port": 0}, environ={})
    with HuggingfaceInferenceServer(config=config) as server:
        def ask() -> str:
            req = urllib.request.Request(server.url + CHAT, data=json.dumps({"model": "gpt2", "messages": [{"role": "user", "content": "x"}]}).encode(),
                                         headers={"Authorization": "Bearer t", "Content-Type": "application/json"})
            with urllib.request.urlopen(req, timeout=10) as resp:
                return json.loads(resp.read())["choices"][0]["message"]["content"]

        assert ask() == "from config"
        server.unstub("cfg")
        assert ask() != "from config"
        server.reset()
        assert ask() == "from config"


def test_bad_config_file_rule_fails_at_start(tmp_path):
    from hf_tornado import ConfigError, HuggingfaceInferenceServer
    from hf_tornado.config import load_config

    path = tmp_path / "hf.json"
    path.write_text(json.dumps({"faults": [{"kind": "meteor"}]}))
    with pytest.raises(ConfigError, match="config file: `kind` must be one of"):
        HuggingfaceInferenceServer(config=load_config({"config_file": str(path), "port": 0}, environ={})).start()


def test_embedding_output_through_openai_and_pipeline(http):
    add_rule(http, {"match": {"task": "feature-extraction"}, "respond": {"output": [[0.6, 0.8]]}})
    r = http("POST", "/v1/embeddings", {"model": "BAAI/bge-small-en-v1.5", "input": "hello"})
    assert r.json()["data"][0]["embedding"] == [0.6, 0.8]
    assert http("POST", "/models/BAAI/bge-small-en-v1.5", {"inputs": ["hello"]}).json() == [[0.6, 0.8]]


def test_rule_delay_fixed_and_seeded(http, hf_server):
    import time

    hf_server.stub(model="gpt2", output="slow", delay=0.15)
    started = time.perf_counter()
    assert chat(http, "x").status == 200
    assert time.perf_counter() - started >= 0.15
    from hf_tornado.control.controller import delay_seconds

    draws = [delay_seconds([0.1, 0.3], "rule", "rule-1", use) for use in range(1, 6)]
    assert draws == [delay_seconds([0.1, 0.3], "rule", "rule-1", use) for use in range(1, 6)]  # repeats
    assert all(0.1 <= d <= 0.3 for d in draws) and len(set(draws)) == 5


def test_tgi_routes_render_the_stubbed_output(http):
    add_rule(http, {"route_kind": "tgi", "output": {"text": " capped", "finish_reason": "length"}})
    out = http("POST", "/generate", {"inputs": "x", "parameters": {"details": True}}).json()
    assert out["generated_text"] == " capped" and out["details"]["finish_reason"] == "length"
    assert out["details"]["generated_tokens"] == 1
    events = [json.loads(line[6:]) for line in http("POST", "/generate_stream", {"inputs": "x"}).body.decode().split("\n\n") if line.startswith("data:")]
    assert [e["token"]["text"] for e in events] == [" capped"] and events[-1]["generated_text"] == " capped"
