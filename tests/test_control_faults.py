"""Faults over HTTP: each kind in each surface's envelope, targeting, stream faults, latency."""
from __future__ import annotations

import http.client
import json
import time
from urllib.parse import urlparse

import pytest

from hf_tornado.control.faults import CREDITS_MESSAGE, RATE_LIMIT_MESSAGE

CHAT_BODY = {"model": "gpt2", "messages": [{"role": "user", "content": "hi"}]}


def add_fault(http, **spec) -> dict:
    r = http("POST", "/__parlel/faults", spec, auth=False)
    assert r.status == 201, r.body
    return r.json()["faults"][0]


@pytest.mark.parametrize(
    "kind, status, pipeline_error",
    [
        ("loading", 503, "Model gpt2 is currently loading"),
        ("rate_limit", 429, RATE_LIMIT_MESSAGE),
        ("server_error", 500, "unknown error"),
        ("bad_gateway", 502, "Bad Gateway"),
        ("timeout", 504, "Model too busy, unable to get response in less than 120 second(s)"),
        ("generation", 424, "Request failed during generation: Server error: CUDA out of memory. Tried to allocate 2.00 GiB"),
        ("credits", 402, CREDITS_MESSAGE),
    ],
)
def test_error_kinds_in_each_envelope(http, kind, status, pipeline_error):
    add_fault(http, kind=kind, model="gpt2")
    pipeline = http("POST", "/models/gpt2", {"inputs": "x"})
    assert pipeline.status == status
    assert pipeline.headers["Content-Type"] == "application/json"
    assert pipeline.json()["error"] == pipeline_error
    expected = {"error": pipeline_error, **({"estimated_time": 20.0} if kind == "loading" else {})}
    if kind == "generation":  # only TGI-served models fail during generation; their errors pass through
        expected["error_type"] = "generation"
    assert pipeline.json() == expected
    openai = http("POST", "/v1/chat/completions", CHAT_BODY)
    envelope = openai.json()["error"]
    assert openai.status == status and envelope["type"] == ("server_error" if status >= 500 else "invalid_request_error")
    assert set(envelope) == {"message", "type", "param", "code"}
    tgi = http("POST", "/models/gpt2/v1/chat/completions", CHAT_BODY)
    assert tgi.status == status and set(tgi.json()) == {"error", "error_type"}


def test_rate_limit_headers_and_tgi_overloaded(http):
    add_fault(http, kind="rate_limit", retry_after=3, should_retry=False)
    r = http("POST", "/models/gpt2/v1/chat/completions", CHAT_BODY)
    assert r.headers["Retry-After"] == "3" and r.headers["x-should-retry"] == "false"
    assert r.json() == {"error": "Model is overloaded", "error_type": "overloaded"}
    assert http("POST", "/generate", {"inputs": "x"}).json()["error_type"] == "overloaded"


def test_times_and_targeting(http):
    add_fault(http, kind="server_error", model="meta-llama/*", route_kind="chat", times=2)
    assert http("POST", "/models/gpt2", {"inputs": "x"}).status == 200  # other model
    body = {**CHAT_BODY, "model": "meta-llama/Llama-3.1-8B-Instruct"}
    assert http("POST", "/models/meta-llama/Llama-3.1-8B-Instruct", {"inputs": "x"}).status == 200  # other route
    assert [http("POST", "/v1/chat/completions", body).status for _ in range(3)] == [500, 500, 200]
    listed = http("GET", "/__parlel/faults", auth=False).json()["faults"][0]
    assert (listed["fired"], listed["candidates"]) == (2, 2)


def test_fraction_is_seeded_so_runs_repeat(http):
    def run() -> list[int]:
        http("POST", "/__parlel/reset", auth=False)
        add_fault(http, kind="server_error", fraction=0.5)
        return [http("POST", "/models/gpt2", {"inputs": "x"}).status for _ in range(20)]

    first, second = run(), run()
    assert first == second
    assert 3 <= first.count(500) <= 17  # about half, and never all or nothing


def test_journal_names_the_fault(http):
    fault = add_fault(http, kind="generation", id="oom")
    http("POST", "/models/gpt2", {"inputs": "x"})
    entries = http("GET", "/__parlel/requests?fault=oom&status=424", auth=False).json()["requests"]
    assert fault["id"] == "oom" and len(entries) == 1
    assert entries[0]["model"] == "gpt2" and entries[0]["task"] == "text-generation"


def raw_stream(url: str, path: str, body: dict) -> tuple[list[bytes], str | None]:
    """Read an SSE answer line by line; the error (if the connection was cut) as text."""
    parts = urlparse(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request("POST", path, json.dumps(body), {"Authorization": "Bearer t", "Content-Type": "application/json"})
    response = conn.getresponse()
    broken = None
    try:
        data = response.read()
    except http.client.IncompleteRead as exc:
        data, broken = exc.partial, "incomplete read"
    finally:
        conn.close()
    events = [line[6:].strip() for line in data.split(b"\n") if line.startswith(b"data: ")]
    return events, broken


def test_stream_error_event_after_n_chunks(http, hf_url):
    add_fault(http, kind="stream_error", after_chunks=2)
    events, broken = raw_stream(hf_url, "/models/gpt2", {"inputs": "x", "stream": True})
    assert broken is None and len(events) == 3
    assert json.loads(events[-1]) == {
        "error": "Request failed during generation: Server error: CUDA out of memory. Tried to allocate 2.00 GiB",
        "error_type": "generation",
    }
    events, _ = raw_stream(hf_url, "/v1/chat/completions", {**CHAT_BODY, "stream": True})
    assert json.loads(events[-1])["error"]["type"] == "invalid_request_error" and b"[DONE]" not in events


def test_stream_faults_skip_requests_that_do_not_stream(http):
    add_fault(http, kind="stream_error", after_chunks=0, times=1)
    assert http("POST", "/models/gpt2", {"inputs": "x"}).status == 200
    assert http("GET", "/__parlel/faults", auth=False).json()["faults"][0]["fired"] == 0


def test_stream_cut_after_n_chunks(http, hf_url):
    add_fault(http, kind="stream_cut", after_chunks=3)
    events, broken = raw_stream(hf_url, "/generate_stream", {"inputs": "x"})
    assert len(events) == 3 and broken is not None
    entry = http("GET", "/__parlel/requests?route_kind=tgi", auth=False).json()["requests"][-1]
    assert entry["extra"]["stream_cut_after"] == 3 and entry["stream"] is True
    assert http("POST", "/generate", {"inputs": "x"}).status == 200  # the server goes on


def test_endless_stream_is_bounded(http, hf_url):
    add_fault(http, kind="stream_endless", max_chunks=200)
    events, broken = raw_stream(hf_url, "/generate_stream", {"inputs": "x", "parameters": {"max_new_tokens": 3}})
    assert len(events) == 200 and broken is not None
    indexes = [json.loads(e)["index"] for e in events]
    assert indexes == list(range(1, 201)) and all(json.loads(e)["generated_text"] is None for e in events)


def test_latency_time_to_first_token_and_pace(http, hf_url):
    add_fault(http, kind="latency", time_to_first_token=0.3, tokens_per_second=50)
    started = time.perf_counter()
    events, _ = raw_stream(hf_url, "/generate_stream", {"inputs": "x", "parameters": {"max_new_tokens": 6}})
    elapsed = time.perf_counter() - started
    assert len(events) == 6
    assert 0.3 + 5 * 0.02 <= elapsed < 2.0


def test_fixed_and_seeded_delay_before_an_answer(http):
    add_fault(http, kind="latency", delay=0.2, route_kind="pipeline")
    started = time.perf_counter()
    assert http("POST", "/models/gpt2", {"inputs": "x"}).status == 200
    assert time.perf_counter() - started >= 0.2
    http("POST", "/__parlel/reset", auth=False)
    add_fault(http, kind="server_error", delay=[0.05, 0.1], times=1)
    started = time.perf_counter()
    assert http("POST", "/models/gpt2", {"inputs": "x"}).status == 500
    assert time.perf_counter() - started >= 0.05


@pytest.mark.parametrize(
    "spec, words",
    [
        ({"kind": "meteor"}, "`kind` must be one of"),
        ({"kind": "server_error", "fraction": 2}, "`fraction` must be a number between 0 and 1"),
        ({"kind": "latency", "delay": [3, 1]}, "[min, max]"),
        ({"kind": "server_error", "target": "x"}, "unknown key(s) in fault: target"),
    ],
)
def test_bad_fault_specs(http, spec, words):
    r = http("POST", "/__parlel/faults", spec, auth=False)
    assert r.status == 400 and words in r.json()["error"]
    assert http("POST", "/models/gpt2", {"inputs": "x"}).status == 200


def test_tei_routes_answer_faults_in_tei_form(http):
    add_fault(http, kind="rate_limit", route_kind="tei")
    r = http("POST", "/embed", {"inputs": "x"})
    assert r.status == 429 and r.json()["error_type"] == "Overloaded"


def test_endless_stream_ends_when_the_client_gives_up(http, hf_url, hf_server):
    add_fault(http, kind="stream_endless", max_chunks=100000, tokens_per_second=500)
    parts = urlparse(hf_url)
    conn = http_client_connection(parts)
    conn.request("POST", "/generate_stream", json.dumps({"inputs": "x"}), {"Authorization": "Bearer t", "Content-Type": "application/json"})
    response = conn.getresponse()
    for _ in range(5):
        response.fp.readline()
    conn.close()
    entry = None
    for _ in range(100):  # the server notices on its next write
        entries = hf_server.requests(route_kind="tgi")
        if entries and "client_closed_after" in entries[-1].extra:
            entry = entries[-1]
            break
        time.sleep(0.02)
    assert entry is not None and entry.extra["client_closed_after"] < 1000
    assert http("POST", "/generate", {"inputs": "x"}).status == 200


def http_client_connection(parts):
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)


def test_endless_chat_stream_never_finishes(http, hf_url):
    add_fault(http, kind="stream_endless", max_chunks=50)
    body = {**CHAT_BODY, "stream": True, "max_tokens": 3, "stream_options": {"include_usage": True}}
    events, broken = raw_stream(hf_url, "/v1/chat/completions", body)
    chunks = [json.loads(e) for e in events]
    assert len(chunks) == 50 and broken is not None
    assert all(c["choices"] and c["choices"][0]["finish_reason"] is None for c in chunks)
