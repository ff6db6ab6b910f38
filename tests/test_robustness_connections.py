"""Clients that misbehave at the connection level: hundreds of idle connections, a body sent a
few bytes at a time, streams abandoned half-read. Other clients are served meanwhile, nothing
is logged as a crash, and no task is left behind. Every wait is bounded.
"""
from __future__ import annotations

import asyncio
import http.client
import json
import logging
import socket
import time

import pytest

from hf_tornado import HuggingfaceInferenceServer

AUTH = {"Authorization": "Bearer hf_test_token"}
CHAT_STREAM = json.dumps(
    {"model": "meta-llama/Llama-3.1-8B-Instruct", "messages": [{"role": "user", "content": "tell me"}], "stream": True}
).encode()


@pytest.fixture
def server():
    with HuggingfaceInferenceServer(port=0) as srv:
        yield srv


def _ok(port: int) -> float:
    """A valid request; returns its latency in seconds."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("POST", "/models/gpt2", b'{"inputs": "still here"}', {**AUTH, "Content-Type": "application/json"})
    response = conn.getresponse()
    assert response.status == 200 and json.loads(response.read())[0]["generated_text"].startswith("still here")
    conn.close()
    return time.perf_counter() - start


def _tasks(server: HuggingfaceInferenceServer) -> int:
    async def count() -> int:
        return len(asyncio.all_tasks()) - 1  # not this one

    return asyncio.run_coroutine_threadsafe(count(), server._loop).result(timeout=5)


def test_hundreds_of_idle_connections_do_not_block_others(server):
    idle = []
    try:
        for _ in range(300):
            idle.append(socket.create_connection(("127.0.0.1", server.port), timeout=5))
        # Half of them start a request and stall mid-headers.
        for sock in idle[::2]:
            sock.sendall(b"POST /models/gpt2 HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n")
        assert _ok(server.port) < 2.0
    finally:
        for sock in idle:
            sock.close()
    assert _ok(server.port) < 2.0


def test_a_slow_sender_is_answered_and_does_not_hold_up_others(server):
    body = b'{"inputs": "sent a few bytes at a time"}'
    head = f"POST /models/gpt2 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as slow:
        for i in range(0, len(head) + len(body), 8):
            slow.sendall((head + body)[i : i + 8])
            if i % 32 == 0:
                assert _ok(server.port) < 2.0  # served while the slow one dribbles
            time.sleep(0.005)
        reply = b""
        while b"\r\n\r\n" not in reply or not reply.rstrip().endswith(b"]"):
            chunk = slow.recv(65536)
            if not chunk:
                break
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 200") and b"sent a few bytes at a time" in reply


def test_streams_abandoned_mid_way_log_no_crash_and_leak_no_task(server, caplog):
    before = _tasks(server)
    request = (
        f"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(CHAT_STREAM)}\r\n\r\n"
    ).encode() + CHAT_STREAM
    with caplog.at_level(logging.DEBUG):
        for _ in range(60):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            sock.sendall(request)
            sock.recv(64)  # the status line, then hang up mid-stream
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # RST
            sock.close()
        assert _ok(server.port) < 2.0
        deadline = time.monotonic() + 5
        while _tasks(server) > before and time.monotonic() < deadline:
            time.sleep(0.02)
    assert _tasks(server) <= before
    crashes = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not crashes, crashes[0].getMessage()


def test_journal_keeps_every_request_up_to_its_cap_under_concurrent_load():
    from concurrent.futures import ThreadPoolExecutor

    def send(port: int, i: int) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("POST", "/models/gpt2", json.dumps({"inputs": f"marker {i}"}), {**AUTH, "Content-Type": "application/json"})
        status = conn.getresponse().status
        conn.close()
        return status

    def journal(port: int) -> dict:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/__parlel/requests")
        body = json.loads(conn.getresponse().read())
        conn.close()
        return body

    with HuggingfaceInferenceServer(port=0, journal_cap=200) as server:
        with ThreadPoolExecutor(8) as pool:
            # Reads race the writes: each read is a consistent snapshot, never an error.
            reads = [pool.submit(journal, server.port) for _ in range(10)]
            statuses = list(pool.map(lambda i: send(server.port, i), range(250)))
            assert all(r.result()["count"] <= 200 for r in reads)
        assert statuses == [200] * 250
        entries = journal(server.port)["requests"]
        markers = [json.loads(e["body"])["inputs"] for e in entries]
        ids = [e["id"] for e in entries]
        assert len(markers) == len(set(markers)) == 200  # exactly the cap, none twice
        assert ids == list(range(ids[0], ids[0] + 200))  # the newest 200, none lost in between
        assert ids[-1] == 250
