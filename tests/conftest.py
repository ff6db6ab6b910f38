"""Shared test helpers. Server fixtures come from hf_tornado's own pytest plugin (hf_*)."""
from __future__ import annotations

import os
from typing import Any

import pytest

# Clients must never reach the network or read a developer's token: the tests talk to
# hf-tornado on loopback only.
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("HF_HUB_DISABLE_IMPLICIT_TOKEN", "1")
os.environ.pop("HF_HUB_OFFLINE", None)

TOKEN = "hf_test_token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def http(hf_url: str):
    """A tiny raw-HTTP helper for wire-level assertions: http(method, path, body=..., headers=...)."""
    from http_support import Response, call as raw_call

    def call(method: str, path: str, body: Any = None, headers: dict[str, str] | None = None, auth: bool = True) -> Response:
        return raw_call(hf_url, method, path, body, {**(AUTH if auth else {}), **(headers or {})})

    return call


@pytest.fixture
def node(hf_url: str):
    """Run a JS scenario with the real SDKs: node("scenarios/x.mjs", {"arg": 1}) -> {"ok": ...} or
    {"error": {...}}. Scenarios live in tests/js/scenarios and get {base, args, InferenceClient,
    OpenAI}."""
    from node_support import run_scenario

    def run(scenario: str, args: Any = None, base: str | None = None, env: dict[str, str] | None = None) -> Any:
        return run_scenario(scenario, base or hf_url, args, env)

    return run


@pytest.fixture
def hf_client(hf_url: str):
    """huggingface_hub's InferenceClient pointed at a model on hf-tornado: hf_client("gpt2")."""
    from huggingface_hub import InferenceClient

    def make(model: str | None = None, **kwargs: Any) -> InferenceClient:
        url = f"{hf_url}/models/{model}" if model else hf_url
        return InferenceClient(model=url, token=TOKEN, **kwargs)

    return make


@pytest.fixture
def openai_client(hf_url: str):
    """The openai SDK on hf-tornado's /v1, with strict response validation."""
    import openai

    # Closed after the test, so no pooled socket is left for the garbage collector to warn about.
    with openai.OpenAI(base_url=f"{hf_url}/v1", api_key=TOKEN, max_retries=0, _strict_response_validation=True) as client:
        yield client
