"""Single-request and lifecycle measurements: each returns seconds (or tokens/s) of one trial."""
from __future__ import annotations

import http.client
import json
import os
import subprocess
import time
from typing import Any

from procs import AUTH, CHILD_ENV, ROOT, free_port, wait_healthy

EMBED_MODEL = "sentence-transformers/all-MiniLM-L6-v2"  # 384 dimensions
CHAT_MODEL = "meta-llama/Llama-3.1-8B-Instruct"

# A small fixed vocabulary: 1,000 distinct texts of 8-16 words, as a batch of documents would be.
_WORDS = (
    "the a of to and in is for on with as by at from that this it be are was river bank model "
    "vector search query answer paris london weather today tomorrow market price stock music "
    "film book chapter library science data cloud server client request token stream memory"
).split()


def embedding_texts(count: int = 1000) -> list[str]:
    texts = []
    for i in range(count):
        length = 8 + (i * 7) % 9
        texts.append(" ".join(_WORDS[(i * 31 + j * 17) % len(_WORDS)] for j in range(length)) + f" #{i}")
    return texts


def _post(conn: http.client.HTTPConnection, path: str, body: Any) -> tuple[int, bytes]:
    conn.request("POST", path, json.dumps(body), {**AUTH, "Content-Type": "application/json"})
    response = conn.getresponse()
    return response.status, response.read()


def _warm(conn: http.client.HTTPConnection) -> None:
    """Open the keep-alive connection outside the timed part."""
    conn.request("GET", "/health")
    conn.getresponse().read()


def embed_batch_seconds(port: int, texts: list[str]) -> float:
    """One `POST /models/{id}` embedding ``texts``: send to last byte, on a warm connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    _warm(conn)
    start = time.perf_counter()
    status, data = _post(conn, f"/models/{EMBED_MODEL}", {"inputs": texts})
    elapsed = time.perf_counter() - start
    conn.close()
    if status != 200 or len(json.loads(data)) != len(texts):
        raise RuntimeError(f"embedding batch failed: {status} {data[:200]!r}")
    return elapsed


def script_long_answer(port: int, tokens: int = 1000) -> None:
    """A natural answer is 12-48 tokens; a control rule scripts a ``tokens``-token one for the
    streaming measure (rendered by the same stream code as any generation)."""
    text = " ".join(_WORDS[(i * 7) % len(_WORDS)] for i in range(tokens - 1)) + "."
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    rule = {"id": "bench-long-answer", "match": {"route_kind": "chat", "last_message": "long story"}, "respond": {"output": text}}
    status, data = _post(conn, "/__parlel/rules", rule)
    conn.close()
    if status >= 300:
        raise RuntimeError(f"could not script the long answer: {status} {data[:200]!r}")


def chat_stream_tokens_per_second(port: int, tokens: int = 1000) -> tuple[float, int]:
    """A streamed chat completion of ``tokens`` tokens; (content chunks per second, chunks)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    body = {
        "model": CHAT_MODEL,
        "messages": [{"role": "user", "content": "Write a long story about a river."}],
        "max_tokens": tokens + 10,
        "stream": True,
    }
    _warm(conn)
    start = time.perf_counter()
    conn.request("POST", "/v1/chat/completions", json.dumps(body), {**AUTH, "Content-Type": "application/json"})
    response = conn.getresponse()
    received = 0
    for line in response:
        if line.startswith(b"data: {"):
            chunk = json.loads(line[6:])
            if chunk.get("choices") and chunk["choices"][0]["delta"].get("content"):
                received += 1
    elapsed = time.perf_counter() - start
    conn.close()
    if response.status != 200 or received == 0:
        raise RuntimeError(f"chat stream failed: {response.status}")
    return received / elapsed, received


def startup_seconds(command_for_port) -> float:  # type: ignore[no-untyped-def]
    """From spawning the process to its first 200 on /health."""
    port = free_port()
    start = time.perf_counter()
    env = {**os.environ, **CHILD_ENV}
    proc = subprocess.Popen(command_for_port(port), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(port)
        return time.perf_counter() - start
    finally:
        proc.terminate()
        proc.wait(timeout=10)


_EMBEDDED = """
import asyncio, statistics, sys, time
from hf_tornado import HuggingfaceInferenceServer

def sync_trial():
    start = time.perf_counter()
    server = HuggingfaceInferenceServer(port=0)
    server.start()
    server.stop()
    return time.perf_counter() - start

async def async_trial():
    start = time.perf_counter()
    server = HuggingfaceInferenceServer(port=0)
    await server.start()
    await server.stop()
    return time.perf_counter() - start

async def async_trials(rounds):
    await async_trial()  # first-use costs are not per-use costs
    return [await async_trial() for _ in range(rounds)]

rounds = int(sys.argv[1])
sync_trial()  # imports and first-use costs are not per-use costs
print(statistics.median(sync_trial() for _ in range(rounds)))
print(statistics.median(asyncio.run(async_trials(rounds))))
"""


def embedded_start_stop_seconds(rounds: int = 30) -> tuple[float, float]:
    """(median sync start+stop in its own thread, median async start+stop on a running loop)."""
    from procs import PYTHON

    out = subprocess.run(
        [PYTHON, "-c", _EMBEDDED, str(rounds)], cwd=ROOT, env={**os.environ, **CHILD_ENV}, capture_output=True, text=True, timeout=300
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    sync_s, async_s = (float(x) for x in out.stdout.split())
    return sync_s, async_s
