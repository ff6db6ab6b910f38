"""Control under concurrency: rules changed while requests stream, reset during load, and a
journal that loses nothing until its cap. Loopback only, bounded loops."""
from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from hf_tornado import HuggingfaceInferenceServer

HEADERS = {"Authorization": "Bearer t", "Content-Type": "application/json"}


def post(url: str, path: str, body: dict) -> tuple[int, bytes]:
    req = urllib.request.Request(url + path, data=json.dumps(body).encode(), headers=HEADERS, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=20) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def test_rules_changed_while_requests_stream(hf_server):
    hf_server.stub(id="a", route_kind="chat", output="alpha beta gamma delta")
    hf_server.fault("latency", tokens_per_second=100)
    url = hf_server.url
    body = {"model": "gpt2", "stream": True, "messages": [{"role": "user", "content": "x"}]}

    def stream_text(_: int) -> str:
        status, raw = post(url, "/v1/chat/completions", body)
        assert status == 200
        chunks = [json.loads(line[6:]) for line in raw.decode().split("\n\n") if line.startswith("data: {")]
        return "".join(c["choices"][0]["delta"]["content"] or "" for c in chunks if c["choices"])

    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(stream_text, i) for i in range(16)]
        for round_number in range(10):  # swap the rule back and forth while the streams run
            hf_server.unstub("a")
            hf_server.stub(id="a", route_kind="chat", output="alpha beta gamma delta" if round_number % 2 else "one two")
        texts = [f.result() for f in futures]
    # Each stream is whole: one rule's answer from start to end, never a mix.
    assert set(texts) <= {"alpha beta gamma delta", "one two"}


def test_reset_during_load_loses_no_answer(hf_server):
    url = hf_server.url
    stop = threading.Event()
    statuses: list[int] = []

    def load() -> None:
        for i in range(40):
            if stop.is_set():
                return
            statuses.append(post(url, "/models/gpt2", {"inputs": f"x{i}", "parameters": {"max_new_tokens": 3}})[0])

    threads = [threading.Thread(target=load) for _ in range(4)]
    for t in threads:
        t.start()
    for _ in range(30):
        hf_server.stub(model="gpt2", output=" stubbed")
        hf_server.fault("latency", delay=0.001)
        hf_server.reset()
    for t in threads:
        t.join(timeout=30)
    stop.set()
    assert len(statuses) == 160 and set(statuses) == {200}
    assert post(url, "/models/gpt2", {"inputs": "after"})[0] == 200


def test_journal_keeps_every_request_until_its_cap():
    with HuggingfaceInferenceServer(port=0, journal_cap=60) as server:
        server.fault("latency", delay=0.002)  # the control path is on, too
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda i: post(server.url, "/models/gpt2", {"inputs": f"n{i}"})[0], range(50)))
        assert statuses == [200] * 50
        entries = server.requests()
        assert len(entries) == 50 and len({e.id for e in entries}) == 50
        assert sorted(json.loads(e.body)["inputs"] for e in entries) == sorted(f"n{i}" for i in range(50))
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda i: post(server.url, "/models/gpt2", {"inputs": f"m{i}"}), range(30)))
        entries = server.requests()
        assert len(entries) == 60  # the cap: the oldest went first
        assert [e.id for e in entries] == sorted(e.id for e in entries) and entries[-1].id == 80
        assert server.usage()["total"]["requests"] == 80  # usage totals are exact past the cap
