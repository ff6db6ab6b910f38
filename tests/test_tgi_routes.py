"""TGI's native routes and the TGI form of `/models/{id}` over raw HTTP (WIRE.md 4.1-4.6)."""
from __future__ import annotations

import json

import pytest

GEN = "/generate"
MODEL = "/models/gpt2"


def sse_events(body: bytes) -> list[dict]:
    text = body.decode()
    assert "[DONE]" not in text  # TGI's own routes never send it
    events = [block for block in text.split("\n\n") if block.strip()]
    assert all(block.startswith("data: ") and "\n" not in block for block in events)
    return [json.loads(block[len("data: "):]) for block in events]


def test_generate_answers_an_object_with_full_details(http):
    r = http("POST", GEN, {"inputs": "The capital of France", "parameters": {"max_new_tokens": 6, "details": True, "decoder_input_details": True, "top_n_tokens": 3, "seed": 7}})
    assert r.status == 200 and r.headers["Content-Type"].startswith("application/json")
    out = r.json()
    details = out["details"]
    assert details["finish_reason"] == "length" and details["generated_tokens"] == 6 == len(details["tokens"])
    assert details["seed"] is None  # greedy: TGI reports no sampling seed even when one is given
    assert "".join(t["text"] for t in details["tokens"]) == out["generated_text"]
    assert all(set(t) == {"id", "text", "logprob", "special"} for t in details["tokens"])
    # prefill: the prompt's tokens, the first with a null logprob
    assert "".join(t["text"] for t in details["prefill"]) == "The capital of France"
    assert details["prefill"][0]["logprob"] is None and all(isinstance(t["logprob"], float) for t in details["prefill"][1:])
    # top_tokens: one list of 3 per generated token, the chosen token first, logprobs descending
    assert len(details["top_tokens"]) == 6
    for chosen, top in zip(details["tokens"], details["top_tokens"]):
        assert len(top) == 3 and top[0] == chosen
        assert [t["logprob"] for t in top] == sorted((t["logprob"] for t in top), reverse=True)
    assert r.headers["x-prompt-tokens"] == str(len(details["prefill"])) and r.headers["x-generated-tokens"] == "6"


def test_details_are_omitted_unless_asked_and_return_full_text_defaults(http):
    plain = http("POST", GEN, {"inputs": "Hello", "parameters": {"max_new_tokens": 3}}).json()
    assert set(plain) == {"generated_text"} and not plain["generated_text"].startswith("Hello")
    # /models/{id} wraps in a list and returns the full text for text-generation models
    listed = http("POST", MODEL, {"inputs": "Hello", "parameters": {"max_new_tokens": 3}}).json()
    assert isinstance(listed, list) and listed[0]["generated_text"].startswith("Hello")
    full = http("POST", GEN, {"inputs": "Hello", "parameters": {"max_new_tokens": 3, "return_full_text": True}}).json()
    assert full["generated_text"] == "Hello" + plain["generated_text"]


def test_max_new_tokens_is_exact_and_a_longer_limit_extends_the_text(http):
    texts = []
    for limit in (1, 2, 5, 9):
        d = http("POST", GEN, {"inputs": "Once upon a time", "parameters": {"max_new_tokens": limit, "details": True}}).json()
        assert d["details"]["generated_tokens"] == limit and d["details"]["finish_reason"] == "length"
        texts.append(d["generated_text"])
    assert all(longer.startswith(shorter) for shorter, longer in zip(texts, texts[1:]))
    natural = http("POST", GEN, {"inputs": "Once upon a time", "parameters": {"details": True}}).json()["details"]
    assert natural["finish_reason"] == "eos_token" and natural["tokens"][-1]["special"] and natural["tokens"][-1]["text"] == "</s>"


def test_stop_sequence_cuts_where_it_occurs(http):
    full = http("POST", GEN, {"inputs": "Tell me", "parameters": {"max_new_tokens": 12}}).json()["generated_text"]
    stop = full.split()[3]
    d = http("POST", GEN, {"inputs": "Tell me", "parameters": {"max_new_tokens": 12, "stop": [stop], "details": True}}).json()
    assert d["details"]["finish_reason"] == "stop_sequence"
    assert d["generated_text"].endswith(stop) and full.startswith(d["generated_text"])


def test_seed_changes_output_deterministically(http):
    def text(seed):
        return http("POST", GEN, {"inputs": "Seeds", "parameters": {"max_new_tokens": 8, "seed": seed}}).json()["generated_text"]

    assert text(1) == text(1) and text(1) != text(2)
    greedy = http("POST", GEN, {"inputs": "Seeds", "parameters": {"max_new_tokens": 2, "details": True}}).json()
    assert greedy["details"]["seed"] is None
    sampled = http("POST", GEN, {"inputs": "Seeds", "parameters": {"max_new_tokens": 2, "details": True, "do_sample": True}}).json()
    assert isinstance(sampled["details"]["seed"], int)
    given = http("POST", GEN, {"inputs": "Seeds", "parameters": {"max_new_tokens": 2, "details": True, "temperature": 0.7, "seed": 11}}).json()
    assert given["details"]["seed"] == 11


def test_best_of_sequences(http):
    d = http("POST", GEN, {"inputs": "Pick", "parameters": {"best_of": 2, "do_sample": True, "max_new_tokens": 4, "details": True}}).json()
    others = d["details"]["best_of_sequences"]
    assert len(others) == 1 and others[0]["generated_tokens"] == len(others[0]["tokens"]) == 4
    assert others[0]["generated_text"] != d["generated_text"]


def test_truncate_keeps_the_last_tokens(http):
    d = http("POST", "/generate_stream", {"inputs": "one two three four five six", "parameters": {"truncate": 2, "details": True, "max_new_tokens": 2}})
    assert sse_events(d.body)[-1]["details"]["input_length"] == 2


VALIDATION = [
    ({"max_new_tokens": 0}, "`max_new_tokens` must be strictly positive"),
    ({"top_p": 1.0}, "`top_p` must be > 0.0 and < 1.0"),
    ({"temperature": 0}, "`temperature` must be strictly positive"),
    ({"typical_p": 1.5}, "`typical_p` must be > 0.0 and < 1.0"),
    ({"top_k": 0}, "`top_k` must be strictly positive"),
    ({"repetition_penalty": 0}, "`repetition_penalty` must be strictly positive"),
    ({"frequency_penalty": 3}, "`frequency_penalty` must be >= -2.0 and <= 2.0"),
    ({"stop": ["a", "b", "c", "d", "e"]}, "`stop` supports up to 4 stop sequences. Given: 5"),
    ({"top_n_tokens": 6}, "`top_n_tokens` must be >= 0 and <= 5. Given: 6"),
    ({"truncate": 0}, "`truncate` must be strictly positive and less than 1023. Given: 0"),
    ({"best_of": 3, "do_sample": True}, "`best_of` must be > 0 and <= 2. Given: 3"),
    ({"best_of": 2}, "you must use sampling when `best_of` is > 1"),
    ({"best_of": 2, "do_sample": True, "seed": 1}, "`seed` must not be set when `best_of` > 1"),
    ({"max_new_tokens": 1020}, "`inputs` tokens + `max_new_tokens` must be <= 1024. Given: 5 `inputs` tokens and 1020 `max_new_tokens`"),
]


@pytest.mark.parametrize("parameters,message", VALIDATION)
def test_validation_errors_are_tgi_422s(http, parameters, message):
    # gpt2's small context (1024 tokens) makes the length rules easy to reach
    r = http("POST", MODEL, {"inputs": "a b c d e", "parameters": parameters})
    assert r.status == 422, r.body
    assert r.json() == {"error": f"Input validation error: {message}", "error_type": "validation"}


def test_validation_on_generate_and_empty_inputs(http):
    r = http("POST", GEN, {"inputs": "", "parameters": {}})
    assert r.status == 422 and r.json() == {"error": "Input validation error: `inputs` cannot be empty", "error_type": "validation"}
    long_prompt = " ".join(["word"] * 1100)
    r = http("POST", MODEL, {"inputs": long_prompt, "parameters": {}})
    assert r.json()["error"] == "Input validation error: `inputs` must have less than 1023 tokens. Given: 1100"
    assert http("POST", MODEL, {"inputs": long_prompt, "parameters": {"truncate": 10, "max_new_tokens": 2}}).status == 200


def test_framework_errors_are_plain_text(http):
    r = http("POST", GEN, {"inputs": "x", "parameters": {"max_new_tokens": -1}})
    assert r.status == 422 and r.headers["Content-Type"].startswith("text/plain")
    assert r.body.decode().startswith("Failed to deserialize the JSON body into the target type: parameters.max_new_tokens")
    r = http("POST", GEN, b"{not json", headers={"Content-Type": "application/json"})
    assert r.status == 400 and r.body.decode().startswith("Failed to parse the request body as JSON")
    r = http("POST", GEN, b"inputs=x", headers={"Content-Type": "text/plain"})
    assert r.status == 415 and r.body == b"Expected request with `Content-Type: application/json`"
    r = http("POST", GEN, {"parameters": {}})
    assert r.status == 422 and b"missing field `inputs`" in r.body
    r = http("POST", GEN, {"inputs": ["a", "b"]})
    assert r.status == 422 and r.headers["Content-Type"].startswith("text/plain") and b"inputs: invalid type" in r.body
    # and the next request is served normally
    assert http("POST", GEN, {"inputs": "x", "parameters": {"max_new_tokens": 1}}).status == 200


def test_generate_stream_events_match_the_generation(http):
    body = {"inputs": "Stream me", "parameters": {"max_new_tokens": 7, "details": True, "top_n_tokens": 2}}
    r = http("POST", "/generate_stream", body)
    assert r.status == 200 and r.headers["Content-Type"] == "text/event-stream"
    events = sse_events(r.body)
    whole = http("POST", GEN, body).json()
    assert [e["index"] for e in events] == list(range(1, 8))
    assert [e["token"] for e in events] == whole["details"]["tokens"]
    assert all(e["generated_text"] is None and e["details"] is None for e in events[:-1])
    assert events[-1]["generated_text"] == whole["generated_text"]
    assert events[-1]["details"] == {"finish_reason": "length", "generated_tokens": 7, "seed": None, "input_length": 2}
    assert all(len(e["top_tokens"]) == 2 for e in events)
    # the compat route streams the same events, with the prompt in the final text
    compat = sse_events(http("POST", MODEL, {**body, "stream": True}).body)
    assert compat[-1]["details"]["generated_tokens"] == len(compat)


@pytest.mark.parametrize("path,body", [
    ("/generate_stream", {"inputs": "x", "parameters": {"max_new_tokens": 0}}),
    ("/generate_stream", {"inputs": "x", "parameters": {"best_of": 2, "do_sample": True}}),
    ("/generate_stream", {"inputs": "x", "parameters": {"decoder_input_details": True}}),
    (MODEL, {"inputs": "x", "stream": True, "parameters": {"max_new_tokens": 5000}}),
])
def test_stream_validation_errors_are_one_sse_event(http, path, body):
    r = http("POST", path, body)
    assert r.status == 200 and r.headers["Content-Type"] == "text/event-stream"
    (event,) = sse_events(r.body)
    assert event["error_type"] == "validation" and event["error"].startswith("Input validation error: ")


def test_info_tokenize_ping_metrics_health(http, hf_url):
    info = http("GET", "/info", auth=False).json()
    assert info["model_pipeline_tag"] == "text-generation" and info["max_best_of"] == 2 and info["max_stop_sequences"] == 4
    assert info["max_input_tokens"] < info["max_total_tokens"]
    tokens = http("POST", "/tokenize", {"inputs": "Hello, world"}).json()
    assert [t["text"] for t in tokens] == ["Hello", ",", " world"]
    assert all("Hello, world"[t["start"]:t["stop"]] == t["text"] for t in tokens)
    assert http("GET", "/ping", auth=False).status == 200
    http("POST", GEN, {"inputs": "count me", "parameters": {"max_new_tokens": 2}})
    metrics = http("GET", "/metrics", auth=False)
    assert metrics.headers["Content-Type"].startswith("text/plain")
    lines = dict(line.split(" ", 1) for line in metrics.body.decode().splitlines() if line and not line.startswith("#"))
    assert int(lines["tgi_request_count"]) >= 1 and int(lines["tgi_request_generated_tokens_sum"]) >= 2
    assert http("GET", "/health", auth=False).json() == {"status": "ok"}
    assert http("GET", "/models/gpt2/info").json()["model_id"] == "gpt2"


def test_native_routes_take_requests_without_a_token(http):
    # a TGI container has no auth unless started with --api-key
    assert http("POST", GEN, {"inputs": "x", "parameters": {"max_new_tokens": 1}}, auth=False).status == 200
    assert http("POST", "/generate_stream", {"inputs": "x", "parameters": {"max_new_tokens": 1}}, auth=False).status == 200
    assert http("POST", "/tokenize", {"inputs": "x"}, auth=False).status == 200
