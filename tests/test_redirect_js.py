"""Zero-change adoption in JS: the unedited sample app (tests/js/sample_app/app.mjs) reaches
hf-tornado through js/hf-tornado-fetch.mjs, by model id with no endpointUrl, the Hub mapping
lookup included; a guard under fetch refuses any non-loopback request."""
from __future__ import annotations

MINILM = "sentence-transformers/all-MiniLM-L6-v2"
LLAMA = "meta-llama/Llama-3.1-8B-Instruct"
SST2 = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"

# What the app's five calls put on the wire, in order (WIRE.md 1.5, "JS custom fetch").
APP_CALLS = [
    ("GET", f"/api/models/{MINILM}", "expand[]=inferenceProviderMapping"),
    ("POST", f"/hf-inference/models/{MINILM}/pipeline/feature-extraction", ""),
    ("POST", f"/hf-inference/models/{MINILM}/pipeline/feature-extraction", ""),
    ("POST", "/v1/chat/completions", ""),  # auto-routed chat
    ("POST", "/v1/chat/completions", ""),  # auto-routed chat stream
    ("GET", f"/api/models/{LLAMA}", "expand[]=inferenceProviderMapping"),
    ("POST", f"/hf-inference/models/{LLAMA}/v1/chat/completions", ""),
    ("GET", f"/api/models/{SST2}", "expand[]=inferenceProviderMapping"),
    ("POST", f"/hf-inference/models/{SST2}", ""),
]


def _run(node, hf_server, mode):
    env = {"HF_TOKEN": "hf_test", "OPENAI_BASE_URL": hf_server.url + "/v1", "OPENAI_API_KEY": "k"}
    out = node("scenarios/redirect_fetch.mjs", {"mode": mode}, env=env)
    assert "ok" in out, out
    result = out["ok"]
    assert result["refused"] == []  # nothing tried to leave the machine
    assert result["embed"] == [384, 384]
    assert result["answer"] and result["stream"] == result["answer"] and result["routed"] == result["answer"]
    assert result.get("sentiment") in ("POSITIVE", "NEGATIVE"), result
    entries = hf_server.requests()
    assert all(e.status == 200 or "nothing-here" in e.path for e in entries), [(e.path, e.status) for e in entries]
    return result, [(e.method, e.path, e.query) for e in entries]


def test_client_fetch_option(node, hf_server):
    result, calls = _run(node, hf_server, "client-option")
    assert calls == APP_CALLS + [
        ("GET", "/api/agent-harnesses", ""),  # a Request object, rewritten too
        ("GET", "/api/models/nobody/nothing-here", "expand[]=inferenceProviderMapping"),
        ("POST", f"/hf-inference/models/{MINILM}/pipeline/feature-extraction", ""),
    ]
    assert result["requestObject"] == {"standardEnvVars": [], "harnesses": {}}
    # An unknown id fails as on the real Hub, with the SDK's own error, and the app carries on.
    assert result["unknownModel"] == {
        "name": "HubApiError",  # class InferenceClientHubApiError
        "message": "Failed to fetch inference provider mapping for model nobody/nothing-here: Repository not found",
        "status": 404,
    }
    assert result["afterUnknown"] == [384]
    assert result["rewrites"] == [
        "http://127.0.0.1:1/api/models/gpt2?expand[]=inferenceProviderMapping",
        "http://127.0.0.1:1/v1/chat/completions",
        "http://127.0.0.1:1/hf-inference/models/gpt2",
        "http://127.0.0.1:1/models/gpt2",
        "https://huggingface.co.evil.example/x",  # only the exact origins are rewritten
        "https://example.com/https://huggingface.co/",
    ]


def test_global_fetch_catches_everything_and_is_restored(node, hf_server):
    result, calls = _run(node, hf_server, "global")
    assert calls[: len(APP_CALLS)] == APP_CALLS
    # No model: GET /api/tasks ignores the client's fetch option; the global install catches it.
    assert calls[len(APP_CALLS):] == [
        ("GET", "/api/tasks", ""),
        ("POST", f"/hf-inference/models/{MINILM}/pipeline/feature-extraction", ""),
        ("POST", "/v1/chat/completions", ""),  # the openai SDK, configured by OPENAI_BASE_URL only
    ]
    assert result["noModelDim"] == 384
    assert result["openai"]
    assert result["restored"] is True
