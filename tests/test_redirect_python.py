"""Zero-change adoption in Python: the unedited sample app reaches hf-tornado through
`hf_tornado.redirect()` and the `hf_redirect` fixture, and nothing it does goes anywhere else."""
from __future__ import annotations

import asyncio
import ipaddress
import os
import socket
from typing import Any

import pytest

import sample_app  # imported (with its clients built) long before any redirect
import hf_tornado
from hf_tornado.redirect import DEFAULT_BASE_URL, base_url_from_env

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def _is_loopback(host: Any) -> bool:
    host = host.decode() if isinstance(host, bytes) else str(host)
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch):
    """Any attempt to resolve or connect to a non-loopback host fails loudly, and is recorded so
    the test fails even if a client swallowed the error."""
    attempts: list[str] = []
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _is_loopback(host):
            attempts.append(f"resolve {host}")
            raise OSError(f"test guard: no network, refused to resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(sock: socket.socket, address: Any) -> Any:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            attempts.append(f"connect {address}")
            raise OSError(f"test guard: no network, refused to connect to {address!r}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    yield attempts
    assert attempts == [], f"requests left the machine: {attempts}"


def _inference_calls(entries: list[Any]) -> list[tuple[str, str]]:
    return [(e.method, e.path) for e in entries if e.route_kind != "hub"]


def _state_snapshot() -> dict[str, Any]:
    """Everything the redirect changes, as plain values."""
    from huggingface_hub import constants, hf_api
    from huggingface_hub.inference import _providers as providers
    from huggingface_hub.utils import _detect_agent

    auto = providers.CONVERSATIONAL_AUTO_ROUTER
    return {
        "endpoint": constants.ENDPOINT,
        "template": constants.INFERENCE_PROXY_TEMPLATE,
        "inference_endpoint": constants.INFERENCE_ENDPOINT,
        "api_endpoint": hf_api.api.endpoint,
        "offline": constants.HF_HUB_OFFLINE,
        "harness_path": constants.AGENT_HARNESSES_PATH,
        "registry": _detect_agent._registry,
        "helpers": {task: h.base_url for task, h in providers.PROVIDERS["hf-inference"].items()},
        "auto_base": auto.base_url,
        "auto_patched": "_prepare_base_url" in vars(auto),
        "token_env": os.environ.get("HF_TOKEN"),
    }


def test_sample_app_unchanged_through_the_fixture(hf_redirect, loopback_only):
    vectors = sample_app.embed(["red apples", "green apples"])
    reply = sample_app.answer("What is hf-tornado?")
    streamed = "".join(sample_app.answer_stream("What is hf-tornado?"))
    routed = sample_app.answer_via_hf_inference("What is hf-tornado?")

    assert [len(v) for v in vectors] == [384, 384]  # the catalog's size for all-MiniLM-L6-v2
    assert vectors[0] != vectors[1]
    assert isinstance(reply, str) and reply
    assert streamed == reply  # one generation, rendered twice
    assert routed == reply  # same model, same messages: same answer whichever route
    entries = hf_redirect.requests()
    assert all(e.status == 200 for e in entries), [(e.path, e.status) for e in entries]
    # Every call of the app is in the journal, on the routes the real clients use (WIRE 1.5).
    feature = ("POST", "/hf-inference/models/sentence-transformers/all-MiniLM-L6-v2/pipeline/feature-extraction")
    assert _inference_calls(entries) == [feature, feature, ("POST", "/v1/chat/completions"), ("POST", "/v1/chat/completions"),
                                         ("POST", "/hf-inference/models/meta-llama/Llama-3.1-8B-Instruct/v1/chat/completions")]
    hub = [(e.path, e.query) for e in entries if e.route_kind == "hub"]
    assert ("/api/models/sentence-transformers/all-MiniLM-L6-v2", "expand=inferenceProviderMapping") in hub
    assert ("/api/models/meta-llama/Llama-3.1-8B-Instruct", "") in hub  # hf-inference's task check


def test_sample_app_classification(hf_redirect, loopback_only):
    assert sample_app.sentiment("I love this, it is wonderful") in ("POSITIVE", "NEGATIVE")
    posts = _inference_calls(hf_redirect.requests())
    assert posts == [("POST", "/hf-inference/models/distilbert/distilbert-base-uncased-finetuned-sst-2-english")]


def test_async_client_through_the_context_manager(hf_server, loopback_only):
    async def run() -> tuple[str, list[float]]:
        return await sample_app.answer_async("hello"), await sample_app.embed_async("hello")

    with hf_tornado.redirect(hf_server.url) as url:
        assert url == hf_server.url
        reply, vector = asyncio.run(run())
    assert reply and len(vector) == 384
    posts = _inference_calls(hf_server.requests())
    assert posts == [("POST", "/v1/chat/completions"),
                     ("POST", "/hf-inference/models/sentence-transformers/all-MiniLM-L6-v2/pipeline/feature-extraction")]


def test_redirect_is_undone_fully(hf_server, loopback_only, monkeypatch):
    monkeypatch.delenv("HF_TOKEN", raising=False)
    before = _state_snapshot()
    with hf_tornado.redirect(hf_server.url):
        inside = _state_snapshot()
        sample_app.embed(["caches filled inside"])
    after = _state_snapshot()

    assert inside["endpoint"] == inside["api_endpoint"] == inside["inference_endpoint"] == hf_server.url
    assert inside["template"] == hf_server.url + "/{provider}"
    assert set(inside["helpers"].values()) == {hf_server.url + "/hf-inference"}
    assert inside["auto_base"] == hf_server.url and inside["auto_patched"]
    assert inside["token_env"] == "hf_tornado"  # the process had no token: a placeholder for the duration
    assert inside["harness_path"] != before["harness_path"]
    assert after == before
    assert before["endpoint"] == "https://huggingface.co"
    assert set(before["helpers"].values()) == {"https://router.huggingface.co/hf-inference"}

    # Hub answers cached inside are gone: after the redirect the mapping would be asked of the
    # real Hub again (refused here by the guard), and the URL is the real router's.
    from huggingface_hub.inference._providers import _common, get_provider_helper
    from huggingface_hub.inference._providers import hf_inference as hf_inference_helpers

    assert _common._fetch_inference_provider_mapping.cache_info().currsize == 0
    assert hf_inference_helpers._check_supported_task.cache_info().currsize == 0
    helper = get_provider_helper("hf-inference", "feature-extraction", "gpt2")
    assert helper._prepare_url("hf_x", "gpt2") == "https://router.huggingface.co/hf-inference/models/gpt2/pipeline/feature-extraction"
    with pytest.raises(ValueError, match="auto-router"):
        get_provider_helper(None, "conversational", "gpt2")._prepare_base_url("not-an-hf-token")
    count = len(hf_server.requests())
    with pytest.raises(Exception):
        sample_app.embed(["after the redirect"])
    assert len(hf_server.requests()) == count  # nothing more reached hf-tornado ...
    assert loopback_only and all("huggingface.co" in a for a in loopback_only)  # ... it tried the real Hub
    loopback_only.clear()


def test_non_hf_token_reaches_the_auto_router(hf_redirect, loopback_only, monkeypatch):
    # The real client refuses the auto-router without an `hf_` token; under the redirect any
    # token works, so an app tested with HF_TOKEN=test needs no change either.
    monkeypatch.setenv("HF_TOKEN", "test")
    assert sample_app.answer("hi")
    chat = hf_redirect.requests(path="/v1/chat/completions")
    assert len(chat) == 1 and chat[0].headers.get("Authorization") == "[redacted]"


def test_existing_token_is_kept(hf_server, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", "hf_mine")
    with hf_tornado.redirect(hf_server.url):
        assert os.environ["HF_TOKEN"] == "hf_mine"
    assert os.environ["HF_TOKEN"] == "hf_mine"


def test_offline_mode_lets_only_hf_tornado_through(hf_server, loopback_only, monkeypatch):
    from huggingface_hub import constants
    from huggingface_hub.errors import OfflineModeIsEnabled
    from huggingface_hub.utils import get_session

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)  # as HF_HUB_OFFLINE=1 at import
    with pytest.raises(OfflineModeIsEnabled):
        get_session().get(hf_server.url + "/health")
    with hf_tornado.redirect(hf_server.url):
        assert sample_app.answer("offline?")
        assert len(sample_app.embed(["offline"])[0]) == 384
        with pytest.raises(OfflineModeIsEnabled, match="offline mode"):
            get_session().get("https://datasets-server.huggingface.co/parquet")
    assert constants.HF_HUB_OFFLINE is True
    with pytest.raises(OfflineModeIsEnabled):
        get_session().get(hf_server.url + "/health")
    assert len(_inference_calls(hf_server.requests())) == 2


def test_telemetry_probe_is_answered_and_not_cached_on_disk(hf_server, loopback_only, monkeypatch, tmp_path):
    from huggingface_hub import constants
    from huggingface_hub.utils import _detect_agent

    real_cache = tmp_path / "agent_harnesses.json"
    monkeypatch.setattr(constants, "HF_HUB_DISABLE_TELEMETRY", False)
    monkeypatch.setattr(constants, "AGENT_HARNESSES_PATH", str(real_cache))
    monkeypatch.setattr(_detect_agent, "_registry", None)
    with hf_tornado.redirect(hf_server.url):
        assert sample_app.answer("telemetry")
        assert _detect_agent._registry == {"standardEnvVars": [], "harnesses": {}}
    probes = hf_server.requests(path="/api/agent-harnesses")
    assert len(probes) == 1 and probes[0].status == 200
    assert not real_cache.exists()  # the process's day-long cache is not poisoned
    assert _detect_agent._registry is None


def test_openai_sdk_by_environment(hf_server, loopback_only, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", hf_server.url + "/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "k")
    assert sample_app.openai_answer("hi")
    entries = hf_server.requests()
    assert [(e.method, e.path, e.model) for e in entries] == [("POST", "/v1/chat/completions", sample_app.CHAT_MODEL)]


def test_default_url_comes_from_hf_inference_base_url(monkeypatch):
    monkeypatch.delenv("HF_INFERENCE_BASE_URL", raising=False)
    assert hf_tornado.redirect().url == DEFAULT_BASE_URL == "http://127.0.0.1:4756"
    monkeypatch.setenv("HF_INFERENCE_BASE_URL", "http://127.0.0.1:9999/")
    assert hf_tornado.redirect().url == base_url_from_env() == "http://127.0.0.1:9999"
    with pytest.raises(ValueError, match="absolute http"):
        hf_tornado.redirect("127.0.0.1:4756")


def test_redirect_as_a_decorator(hf_server, loopback_only):
    @hf_tornado.redirect(hf_server.url)
    def job() -> str:
        return sample_app.answer("decorated")

    assert job()
    assert _inference_calls(hf_server.requests()) == [("POST", "/v1/chat/completions")]
    from huggingface_hub import constants

    assert constants.ENDPOINT == "https://huggingface.co"


def test_endpoint_info_by_model_id(hf_redirect, loopback_only, monkeypatch):
    from huggingface_hub import InferenceClient, constants

    # This call sends only an implicit token; the test suite disables those, a default setup does not.
    monkeypatch.setattr(constants, "HF_HUB_DISABLE_IMPLICIT_TOKEN", False)

    info = InferenceClient(provider="hf-inference").get_endpoint_info(model="gpt2")
    assert info["model_id"] == "gpt2"
    assert [(e.method, e.path) for e in hf_redirect.requests()] == [("GET", "/models/gpt2/info")]


def test_unknown_model_id_fails_like_the_real_hub_and_the_next_call_works(hf_redirect, loopback_only):
    from huggingface_hub import InferenceClient
    from huggingface_hub.errors import RepositoryNotFoundError

    with pytest.raises(RepositoryNotFoundError):
        InferenceClient().feature_extraction("x", model="nobody/nothing-here")
    assert len(sample_app.embed(["still works"])[0]) == 384
    statuses = [(e.path, e.status) for e in hf_redirect.requests(route_kind="hub")]
    assert ("/api/models/nobody/nothing-here", 404) in statuses
