"""HuggingfaceInferenceServer embedded in a harness: threaded, on a running loop, two at once."""
from __future__ import annotations

import asyncio
import json
import urllib.request

import pytest
import tornado.testing

from hf_tornado import Config, HuggingfaceInferenceServer, make_app


def post(url: str, body: dict) -> object:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Authorization": "Bearer t"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


def test_threaded_start_stop_with_free_port():
    server = HuggingfaceInferenceServer(port=0)
    server.start()
    try:
        assert server.port and server.port != 4756
        assert server.url == f"http://127.0.0.1:{server.port}"
        assert post(server.url + "/models/gpt2", {"inputs": "hi"})[0]["generated_text"]
    finally:
        server.stop()
    assert not server.running
    with pytest.raises(OSError):
        urllib.request.urlopen(server.url + "/health", timeout=2)


def test_context_manager_and_restart():
    server = HuggingfaceInferenceServer(port=0)
    with server:
        first = server.url
        assert post(first + "/models/gpt2", {"inputs": "x"})
    with server:  # a stopped server can start again
        assert server.url.startswith("http://127.0.0.1:")


def test_two_servers_do_not_share_state():
    with HuggingfaceInferenceServer(port=0) as a, HuggingfaceInferenceServer(port=0) as b:
        post(a.url + "/models/gpt2", {"inputs": "only on a"})
        assert len(a.requests()) == 1
        assert b.requests() == []
        a.reset()
        assert a.requests() == []


def test_start_and_stop_on_a_running_loop():
    async def scenario() -> list:
        server = HuggingfaceInferenceServer(port=0)
        await server.start()
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
            writer.write(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            raw = await reader.read()
            writer.close()
        finally:
            await server.stop()
        return raw.split(b"\r\n\r\n", 1)

    head, body = asyncio.run(scenario())
    assert head.startswith(b"HTTP/1.1 200")
    assert json.loads(body) == {"status": "ok"}


def test_async_context_manager():
    async def scenario() -> str:
        async with HuggingfaceInferenceServer(port=0) as server:
            return server.url

    assert asyncio.run(scenario()).startswith("http://127.0.0.1:")


def test_settings_passed_as_keywords():
    server = HuggingfaceInferenceServer(port=0, journal_cap=2)
    with server:
        for i in range(4):
            post(server.url + "/models/gpt2", {"inputs": f"n{i}"})
        assert [json.loads(e.body)["inputs"] for e in server.requests()] == ["n2", "n3"]


def test_url_before_start_is_an_error():
    with pytest.raises(RuntimeError):
        HuggingfaceInferenceServer(port=0).url


class TestWithTornadoTesting(tornado.testing.AsyncHTTPTestCase):
    """make_app() for tornado.testing users."""

    def get_app(self):
        return make_app(Config(disable_plugin_autoload=True))

    def test_chat(self):
        resp = self.fetch(
            "/v1/chat/completions",
            method="POST",
            headers={"Authorization": "Bearer t"},
            body=json.dumps({"model": "gpt2", "messages": [{"role": "user", "content": "hi"}]}),
        )
        assert resp.code == 200
        assert json.loads(resp.body)["object"] == "chat.completion"
