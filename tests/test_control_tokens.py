"""Token list, permissions, quotas, credits and usage totals; tokens never leave auth."""
from __future__ import annotations

import json

from hf_tornado.control.faults import CREDITS_MESSAGE, RATE_LIMIT_MESSAGE

SECRET = "hf_secret_ci_token_123"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def infer(http, token: str, path: str = "/models/gpt2", body=None):
    return http("POST", path, body or {"inputs": "x"}, headers=bearer(token), auth=False)


def test_off_by_default_any_token_passes(http):
    assert infer(http, "anything-at-all").status == 200
    assert http("GET", "/__parlel/tokens", auth=False).json() == {"enabled": False, "tokens": []}


def test_unknown_token_401_with_the_real_headers(http, hf_tokens):
    hf_tokens([{"name": "ci", "token": SECRET}])
    r = infer(http, "hf_wrong")
    assert r.status == 401
    assert r.json() == {"error": "Invalid credentials in Authorization header"}
    assert r.headers["WWW-Authenticate"] == 'Bearer realm="Authentication required", charset="UTF-8"'
    assert r.headers["X-Error-Message"] == "Invalid credentials in Authorization header"
    assert infer(http, SECRET).status == 200
    missing = http("POST", "/models/gpt2", {"inputs": "x"}, auth=False)
    assert missing.status == 401 and missing.json() == {"error": "Invalid username or password."}


def test_token_without_inference_permission_403(http, hf_tokens):
    hf_tokens([{"name": "readonly", "token": SECRET, "inference": False, "user": "alice"}])
    r = infer(http, SECRET, "/v1/chat/completions", {"model": "gpt2", "messages": [{"role": "user", "content": "x"}]})
    assert r.status == 403
    assert r.json()["error"]["message"] == (
        "This authentication method does not have sufficient permissions to call Inference Providers on behalf of user alice"
    )


def test_requests_per_minute_quota_429_then_window_resets(http, hf_tokens):
    hf_tokens([{"name": "ci", "token": SECRET, "requests_per_minute": 2, "window_seconds": 0.3}])
    statuses = [infer(http, SECRET).status for _ in range(3)]
    assert statuses == [200, 200, 429]
    r = infer(http, SECRET)
    assert r.json() == {"error": RATE_LIMIT_MESSAGE} and r.headers["Retry-After"] == "1"
    import time

    time.sleep(0.35)
    assert infer(http, SECRET).status == 200


def test_generated_tokens_quota(http, hf_tokens):
    hf_tokens([{"name": "ci", "token": SECRET, "tokens_per_minute": 5}])
    body = {"inputs": "x", "parameters": {"max_new_tokens": 4}}
    assert infer(http, SECRET, body=body).status == 200  # 4 tokens used
    assert infer(http, SECRET, body=body).status == 200  # 8 tokens used: over from now on
    r = infer(http, SECRET, "/models/gpt2/v1/chat/completions", {"model": "gpt2", "messages": [{"role": "user", "content": "x"}]})
    assert r.status == 429 and r.json() == {"error": "Model is overloaded", "error_type": "overloaded"}


def test_credit_budget_402(http, hf_tokens):
    hf_tokens([{"name": "ci", "token": SECRET, "credits": 2, "credits_per_request": 1}])
    assert [infer(http, SECRET).status for _ in range(3)] == [200, 200, 402]
    r = infer(http, SECRET)
    assert r.json() == {"error": CREDITS_MESSAGE} and r.headers["X-Error-Message"] == CREDITS_MESSAGE


def test_journal_and_usage_carry_the_name_never_the_token(http, hf_tokens):
    hf_tokens([{"name": "ci", "token": SECRET}, {"name": "other", "token": "hf_other_token"}])
    infer(http, SECRET, body={"inputs": "x", "parameters": {"max_new_tokens": 3}})
    infer(http, "hf_other_token")
    infer(http, "hf_nope")
    journal = http("GET", "/__parlel/requests?token_name=ci", auth=False)
    entries = journal.json()["requests"]
    assert len(entries) == 1 and entries[0]["extra"]["token_name"] == "ci"
    assert entries[0]["extra"]["parameters"] == {"max_new_tokens": 3}
    everything = http("GET", "/__parlel/requests", auth=False).body + http("GET", "/__parlel/tokens", auth=False).body
    everything += http("GET", "/__parlel/control", auth=False).body + http("GET", "/__parlel/usage", auth=False).body
    assert SECRET.encode() not in everything and b"hf_other_token" not in everything and b"hf_nope" not in everything
    usage = http("GET", "/__parlel/usage", auth=False).json()
    assert usage["tokens"]["ci"]["requests"] == 1 and usage["tokens"]["ci"]["generated_tokens"] == 3
    assert usage["models"]["gpt2"]["requests"] == 3 and usage["models"]["gpt2"]["errors"] == 1
    assert usage["total"]["requests"] == 3


def test_tokens_route_replaces_and_turns_off(http):
    r = http("PUT", "/__parlel/tokens", {"tokens": [{"name": "a", "token": SECRET, "requests_per_minute": 9}]}, auth=False)
    assert r.json()["tokens"] == [
        {"name": "a", "inference": True, "user": "a", "requests_per_minute": 9, "tokens_per_minute": None, "credits": None,
         "credits_per_request": 1.0, "credits_per_1k_tokens": 0.0, "window_seconds": 60.0}
    ]
    assert infer(http, "hf_other").status == 401
    bad = http("PUT", "/__parlel/tokens", {"tokens": [{"name": "a"}]}, auth=False)
    assert bad.status == 400 and "non-empty `token`" in bad.json()["error"]
    assert http("DELETE", "/__parlel/tokens", auth=False).status == 200
    assert infer(http, "hf_other").status == 200


def test_comparison_is_constant_time():
    import inspect

    from hf_tornado.control import tokens as token_list

    assert "hmac.compare_digest" in inspect.getsource(token_list.identify)
    tokens = [token_list.parse_token({"name": "a", "token": "abc"}), token_list.parse_token({"name": "b", "token": "abd"})]
    assert token_list.identify("abd", tokens).name == "b"
    assert "abc" not in repr(tokens[0]) and "abc" not in json.dumps(tokens[0].describe())


def test_faults_and_rules_can_target_a_token(http, hf_tokens, hf_server):
    hf_tokens([{"name": "ci", "token": SECRET}, {"name": "canary", "token": "hf_canary"}])
    hf_server.fault("server_error", token_name="canary")
    hf_server.stub(token_name="ci", model="gpt2", output=" for ci")
    assert infer(http, "hf_canary").status == 500
    assert infer(http, SECRET, body={"inputs": "x", "parameters": {"return_full_text": False}}).json() == [{"generated_text": " for ci"}]
    state = http("GET", "/__parlel/control", auth=False).json()
    assert state["faults"][0]["token_name"] == "canary" and [t["name"] for t in state["tokens"]] == ["ci", "canary"]
