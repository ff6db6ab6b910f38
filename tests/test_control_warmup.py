"""Model warm-up: cold models answer 503 loading, then warm; waiting requests wait instead."""
from __future__ import annotations

import time

from hf_tornado.control import model_state


def test_nothing_is_cold_by_default(http):
    assert http("POST", "/models/gpt2", {"inputs": "x"}).status == 200
    states = {m["id"]: m for m in http("GET", "/__parlel/models", auth=False).json()["models"]}
    assert states["gpt2"]["state"] == "Loaded" and states["gpt2"]["loaded"] is True


def test_cold_for_n_requests(http):
    r = http("POST", "/__parlel/models/cold", {"model": "gpt2", "requests": 2, "estimated_time": 7.5}, auth=False)
    assert r.status == 201 and r.json() == {"cold": ["gpt2"]}
    first = http("POST", "/models/gpt2", {"inputs": "x"})
    assert first.status == 503 and first.json() == {"error": "Model gpt2 is currently loading", "estimated_time": 7.5}
    assert http("POST", "/models/gpt2", {"inputs": "x"}).status == 503
    assert http("POST", "/models/distilgpt2", {"inputs": "x"}).status == 200  # other models are warm
    assert http("POST", "/models/gpt2", {"inputs": "x"}).status == 200
    states = {m["id"]: m for m in http("GET", "/__parlel/models", auth=False).json()["models"]}
    assert states["gpt2"]["loaded"] is True and states["gpt2"]["refused"] == 2
    entries = http("GET", "/__parlel/requests?model=gpt2&status=503", auth=False).json()["requests"]
    assert len(entries) == 2 and entries[0]["extra"]["warmup"] == "loading"


def test_cold_for_seconds_reports_the_time_left(http, hf_server):
    hf_server.cold("gpt2", seconds=0.4)
    first = http("POST", "/models/gpt2", {"inputs": "x"})
    assert first.status == 503 and 0 < first.json()["estimated_time"] <= 0.4
    status = http("GET", "/__parlel/models", auth=False).json()["models"]
    loading = next(m for m in status if m["id"] == "gpt2")
    assert loading["loading"] is True and loading["state"] == "Loadable"
    assert model_state(hf_server.state, "gpt2") == {"loaded": False, "state": "Loadable"}
    time.sleep(0.45)
    assert http("POST", "/models/gpt2", {"inputs": "x"}).status == 200
    assert model_state(hf_server.state, "gpt2")["loaded"] is True


def test_wait_for_model_header_and_option_wait_instead(http, hf_server):
    hf_server.cold("gpt2", seconds=0.3)
    started = time.perf_counter()
    r = http("POST", "/models/gpt2", {"inputs": "x"}, headers={"x-wait-for-model": "true"})
    assert r.status == 200 and time.perf_counter() - started >= 0.25
    hf_server.cold("distilgpt2", requests=5, wait_seconds=0.05)
    r = http("POST", "/models/distilgpt2", {"inputs": "x", "options": {"wait_for_model": True}})
    assert r.status == 200
    assert http("POST", "/models/distilgpt2", {"inputs": "x"}).status == 200  # loaded while it waited


def test_warm_route_and_chat_envelope(http, hf_server):
    hf_server.cold("gpt2", requests=100)
    chat = http("POST", "/v1/chat/completions", {"model": "gpt2", "messages": [{"role": "user", "content": "x"}]})
    assert chat.status == 503 and chat.json()["error"]["code"] == "model_loading"
    assert http("POST", "/__parlel/models/warm", {"model": "gpt2"}, auth=False).status == 200
    assert http("POST", "/models/gpt2", {"inputs": "x"}).status == 200


def test_bad_cold_spec(http):
    r = http("POST", "/__parlel/models/cold", {"model": "gpt2", "requests": -1}, auth=False)
    assert r.status == 400 and "`requests` must be a non-negative integer" in r.json()["error"]
