"""Bad input gets a clear JSON error in the real service's shape; the server keeps serving."""
from __future__ import annotations

import pytest

from hf_tornado import HuggingfaceInferenceServer


def assert_still_serving(http):
    r = http("POST", "/models/gpt2", {"inputs": "still here?", "parameters": {"max_new_tokens": 2}})
    assert r.status == 200 and r.json()[0]["generated_text"]


def test_malformed_json(http):
    r = http("POST", "/models/gpt2", b'{"inputs": ', headers={"Content-Type": "application/json"})
    assert r.status == 400
    assert r.headers["Content-Type"].startswith("application/json")
    assert r.json()["error"].startswith("Invalid JSON body")
    assert_still_serving(http)


def test_missing_inputs_is_a_list_error(http):
    r = http("POST", "/models/gpt2", {"parameters": {}})
    assert r.status == 400
    assert r.json() == {"error": ["Error in `inputs`: field required"]}


def test_inputs_of_the_wrong_type(http):
    r = http("POST", "/models/gpt2", {"inputs": 42})
    # TGI cannot deserialise a number as the prompt (WIRE.md 4.1): 422, naming the field.
    assert r.status == 422
    assert "inputs" in r.json()["error"] and "string" in r.json()["error"]
    r = http("POST", "/models/sentence-transformers/all-MiniLM-L6-v2", {"inputs": {"a": 1}})
    assert r.status == 400 and "inputs" in r.json()["error"][0]
    r = http("POST", "/models/gpt2", {"inputs": "x", "parameters": "nope"})
    assert r.status == 400 and r.json()["error"] == ["Error in `parameters`: input should be a valid dictionary"]
    assert_still_serving(http)


def test_unknown_task(http):
    r = http("POST", "/models/gpt2?task=does-not-exist", {"inputs": "x"})
    assert r.status == 400
    assert "Unknown task 'does-not-exist'" in r.json()["error"]


@pytest.mark.parametrize("method, path", [("GET", "/models/gpt2"), ("PUT", "/v1/chat/completions"), ("DELETE", "/health")])
def test_wrong_method(http, method, path):
    r = http(method, path, b"" if method == "PUT" else None)
    assert r.status == 405
    assert r.headers["Content-Type"].startswith("application/json")
    assert "not allowed" in str(r.json()["error"])


def test_unknown_route(http):
    r = http("GET", "/no/such/route", auth=False)
    assert r.status == 404 and r.json() == {"error": "No route for GET /no/such/route"}


def test_openai_routes_answer_the_openai_envelope(http):
    r = http("POST", "/v1/chat/completions", {"model": "gpt2"})
    assert r.status == 400
    assert r.json()["error"]["message"] == "Missing required parameter: 'messages'."
    assert r.json()["error"]["type"] == "invalid_request_error"
    r = http("POST", "/v1/chat/completions", b"{nope", headers={"Content-Type": "application/json"})
    assert r.status == 400 and "error" in r.json() and isinstance(r.json()["error"], dict)


def test_model_scoped_chat_answers_tgi_form(http):
    r = http("POST", "/models/gpt2/v1/chat/completions", {"model": "tgi"})
    assert r.status == 422
    assert r.headers["Content-Type"].startswith("text/plain")
    assert r.body.decode().startswith("Failed to deserialize the JSON body into the target type: missing field `messages`")


def test_oversized_body_is_413_and_server_keeps_serving():
    with HuggingfaceInferenceServer(port=0, max_body_bytes=1000) as server:
        import json
        import urllib.error
        import urllib.request

        body = json.dumps({"inputs": "x" * 5000}).encode()
        req = urllib.request.Request(server.url + "/models/gpt2", data=body, headers={"Authorization": "Bearer t", "Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(req, timeout=10)
        assert info.value.code == 413
        payload = json.loads(info.value.read())
        assert payload["error"] == "Failed to buffer the request body: length limit exceeded"
        assert payload["max_body_bytes"] == 1000
        ok = urllib.request.Request(server.url + "/models/gpt2", data=b'{"inputs":"small"}', headers={"Authorization": "Bearer t"})
        with urllib.request.urlopen(ok, timeout=10) as resp:
            assert resp.status == 200


@pytest.mark.parametrize(
    "path, body",
    [
        ("/models/gpt2", {"inputs": "x"}),
        ("/models/gpt2/pipeline/text-generation", {"inputs": "x"}),
        ("/pipeline/feature-extraction/BAAI/bge-small-en-v1.5", {"inputs": "x"}),
        ("/hf-inference/models/gpt2", {"inputs": "x"}),
        ("/v1/chat/completions", {"model": "gpt2", "messages": [{"role": "user", "content": "x"}]}),
        ("/v1/completions", {"model": "gpt2", "prompt": "x"}),
        ("/v1/embeddings", {"model": "BAAI/bge-small-en-v1.5", "input": "x"}),
        ("/", {"inputs": "x"}),
    ],
)
def test_inference_routes_need_a_bearer_token(http, path, body):
    r = http("POST", path, body, auth=False)
    assert r.status == 401
    assert r.headers["WWW-Authenticate"] == 'Bearer realm="Authentication required", charset="UTF-8"'
    assert r.headers["X-Error-Message"] == "Invalid username or password."
    r = http("POST", path, body, auth=False, headers={"Authorization": "Basic abc"})
    assert r.status == 401 and r.headers["X-Error-Message"] == "Invalid credentials in Authorization header"
    assert http("POST", path, body, auth=False, headers={"Authorization": "Bearer any-token"}).status == 200


def test_service_and_control_routes_need_no_token(http):
    for path in ("/", "/health", "/__parlel/requests"):
        assert http("GET", path, auth=False).status == 200


def test_cors_preflight_and_headers(http):
    r = http("OPTIONS", "/models/gpt2", auth=False, headers={"Origin": "http://app.test", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization, content-type"})
    assert r.status == 204
    assert r.headers["Access-Control-Allow-Origin"] == "http://app.test"
    assert "POST" in r.headers["Access-Control-Allow-Methods"]
    assert r.headers["Access-Control-Allow-Headers"] == "authorization, content-type"
    r = http("POST", "/models/gpt2", {"inputs": "x"})
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "x-request-id" in r.headers["Access-Control-Expose-Headers"]
