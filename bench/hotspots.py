"""Profile hf-tornado under wrk load, in-process with cProfile: where does a request's time go?

    .venv/bin/python bench/hotspots.py chat          # or: textgen, embed1, embed1000, stream
    .venv/bin/python bench/hotspots.py chat --seconds 5 --top 30
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import io
import pstats
import sys
import threading
from pathlib import Path
from typing import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # noqa: E402
import probes  # noqa: E402
from procs import free_port  # noqa: E402

SCENARIOS = {
    "health": ("/health", None),
    "textgen": ("/models/gpt2", {"inputs": "The answer to the question is"}),
    "chat": ("/v1/chat/completions", {"model": probes.CHAT_MODEL, "messages": [{"role": "user", "content": "What is the capital of France?"}]}),
    "embed1": (f"/models/{probes.EMBED_MODEL}", {"inputs": "Today is a sunny day and I will get some ice cream."}),
    "embed1000": (f"/models/{probes.EMBED_MODEL}", {"inputs": probes.embedding_texts(1000)}),
    "stream": ("/v1/chat/completions", {"model": probes.CHAT_MODEL, "messages": [{"role": "user", "content": "hi"}], "stream": True, "max_tokens": 1000}),
}


@contextlib.contextmanager
def profiled_server() -> Iterator[tuple[int, cProfile.Profile]]:
    """An hf-tornado server on a free port in its own thread, its event loop under cProfile."""
    from hf_tornado import HuggingfaceInferenceServer

    port = free_port()
    server = HuggingfaceInferenceServer(port=port)
    profiler = cProfile.Profile()
    ready, done = threading.Event(), threading.Event()

    async def serve() -> None:
        await server.start()
        ready.set()
        while not done.is_set():
            await asyncio.sleep(0.05)
        await server.stop()

    thread = threading.Thread(target=lambda: (profiler.enable(), asyncio.run(serve()), profiler.disable()))
    thread.start()
    ready.wait()
    try:
        yield port, profiler
    finally:
        done.set()
        thread.join()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--seconds", type=float, default=4)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="tottime")
    args = parser.parse_args()
    with profiled_server() as (port, profiler):
        path, body = SCENARIOS[args.scenario]
        if args.scenario == "stream":
            probes.script_long_answer(port)
            body = {**body, "messages": [{"role": "user", "content": "a long story"}], "max_tokens": 1010}
        rps = load.requests_per_second(f"http://127.0.0.1:{port}", path, body, connections=2 if args.scenario in ("embed1000", "stream") else 16, seconds=args.seconds)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
    print(f"{args.scenario}: {rps:,.0f} requests/s under cProfile (profiling slows it ~2x)")
    print(out.getvalue())

if __name__ == "__main__":
    main()
