"""A bounded soak: mixed routes under load, with journal reads and resets racing the load.

Checks, against one `python -m hf_tornado` process:
- no 5xx in ``total`` mixed requests (pipeline, chat, completions, embeddings, streams, errors);
- journal reads and resets during the load always answer 200 with a consistent journal;
- the journal keeps every request up to its cap (exactly ``cap`` entries after ``cap + extra``
  requests, the newest ones, none lost from concurrent senders);
- RSS after ``total`` requests stays within the budget of RSS after the first 1,000.

Run alone: ``python bench/soak.py --total 100000``; ``bench/run.py`` runs it too.
"""
from __future__ import annotations

import argparse
import http.client
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import load
from procs import AUTH, crash_lines, free_port, hf_command, rss_mb, running
from probes import CHAT_MODEL, EMBED_MODEL

MIXED = [
    load.Shape("POST", "/models/gpt2", {"inputs": "The soak test says"}),
    load.Shape("POST", "/v1/chat/completions", {"model": CHAT_MODEL, "messages": [{"role": "user", "content": "hi"}]}),
    load.Shape("POST", "/v1/chat/completions", {"model": CHAT_MODEL, "messages": [{"role": "user", "content": "s"}], "stream": True}),
    load.Shape("POST", f"/models/{EMBED_MODEL}", {"inputs": ["one text", "two texts"]}),
    load.Shape("POST", "/v1/embeddings", {"model": EMBED_MODEL, "input": "embed me"}),
    load.Shape("POST", "/v1/completions", {"model": "gpt2", "prompt": "Once"}),
    load.Shape("POST", "/models/gpt2", {"inputs": "stream", "stream": True}),
    load.Shape("POST", "/v1/chat/completions", {"model": CHAT_MODEL}),  # a 400: errors are journaled too
    load.Shape("GET", "/v1/models"),
]


def _request(port: int, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {**AUTH, "Content-Type": "application/json"}
    conn.request(method, path, None if body is None else json.dumps(body), headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, (json.loads(data) if data else None)


def _journal_chatter(port: int, stop: threading.Event, report: dict[str, int]) -> None:
    """Read the journal and reset it, at a bounded pace, while the load runs."""
    while not stop.is_set():
        status, body = _request(port, "GET", "/__parlel/requests?limit=50")
        report["reads"] += 1
        if status != 200 or body["count"] > 50:
            report["bad"] += 1
        if report["reads"] % 10 == 0:
            status, _ = _request(port, "POST", "/__parlel/reset")
            report["resets"] += 1
            report["bad"] += status != 200
        time.sleep(0.05)


def journal_completeness(port: int, cap: int, extra: int = 50) -> dict[str, Any]:
    """Send ``cap + extra`` marked requests from 8 threads; the journal must hold exactly the
    newest ``cap`` of them, each once."""
    _request(port, "POST", "/__parlel/reset")
    count = cap + extra
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda i: _request(port, "POST", "/models/gpt2", {"inputs": f"marker {i}"})[0], range(count)))
    status, body = _request(port, "GET", "/__parlel/requests")
    markers = [json.loads(e["body"])["inputs"] for e in body["requests"]]
    ids = [e["id"] for e in body["requests"]]
    return {
        "sent": count,
        "all_200": all(s == 200 for s in statuses),
        "kept": len(markers),
        "distinct": len(set(markers)),
        "ids_consecutive": ids == list(range(ids[0], ids[0] + len(ids))) if ids else False,
        "ok": status == 200 and len(markers) == cap and len(set(markers)) == cap and all(s == 200 for s in statuses),
    }


def soak(total: int = 100_000, warmup: int = 1_000, connections: int = 16) -> dict[str, Any]:
    port = free_port()
    with running(hf_command(port), port) as proc:
        base = f"http://127.0.0.1:{port}"
        sent, errors = load.cycle(base, MIXED, warmup, connections)
        rss_warm = rss_mb(proc.pid)
        stop = threading.Event()
        chatter = {"reads": 0, "resets": 0, "bad": 0}
        thread = threading.Thread(target=_journal_chatter, args=(port, stop, chatter), daemon=True)
        thread.start()
        start = time.perf_counter()
        try:
            more, more_errors = load.cycle(base, MIXED, total - warmup, connections)
        finally:
            stop.set()
            thread.join()
        elapsed = time.perf_counter() - start
        rss_end = rss_mb(proc.pid)
        _, info = _request(port, "GET", "/__parlel/requests?limit=1")
        completeness = journal_completeness(port, info["cap"])
        crashes = crash_lines(proc)
        return {
            "crash_log_lines": len(crashes),
            "requests": sent + more,
            "5xx": errors + more_errors,
            "seconds": round(elapsed, 1),
            "rss_after_warmup_mb": round(rss_warm, 1),
            "rss_after_total_mb": round(rss_end, 1),
            "rss_growth_mb": round(rss_end - rss_warm, 1),
            "journal_chatter": chatter,
            "journal_completeness": completeness,
        }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="bounded soak of hf-tornado")
    parser.add_argument("--total", type=int, default=100_000)
    args = parser.parse_args()
    print(json.dumps(soak(args.total), indent=2))
