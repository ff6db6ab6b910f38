"""Where a request's time goes, by layer: cProfile under wrk, every function's own time (C
functions' time charged to their Python callers) summed per layer, per request.

    .venv/bin/python bench/layers.py textgen          # or chat, embed1, health
    .venv/bin/python bench/layers.py textgen --seconds 6 --detail

Layers: the event loop (asyncio, selectors, socket calls), Tornado's HTTP layer (http1connection,
iostream, httputil, its futures and loop glue), tornado.web (RequestHandler, Application,
routing), hf-tornado's machinery (handlers' request plumbing, journal, auth, control, dispatch,
registry, catalog, errors, limits), content (tasks, synth: generation, embeddings) and
rendering (the *_format modules, JSON). cProfile adds a fixed cost per Python call, so layers
made of many small calls look bigger than they are: read the shares with the unprofiled
requests/s beside them, and compare runs with each other, not with wall-clock numbers.
"""
from __future__ import annotations

import argparse
import pstats
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # noqa: E402
from hotspots import SCENARIOS, profiled_server  # noqa: E402

LAYERS = ("event loop", "tornado HTTP", "tornado.web", "hf-tornado machinery", "content", "rendering", "other")
_RENDERING = ("_format.py", "json/", "tgi_format", "openai_format", "tei_format", "fast.py")
_CONTENT = ("hf_tornado/builtin_tasks/", "hf_tornado/synth/", "hf_tornado/tasks.py", "random.py", "hf_tornado/media")


def layer_of(filename: str) -> str:
    if "hf_tornado/" in filename:
        if any(part in filename for part in _RENDERING):
            return "rendering"
        if any(part in filename for part in _CONTENT):
            return "content"
        return "hf-tornado machinery"
    if "/tornado/" in filename:
        if filename.endswith(("web.py", "routing.py")):
            return "tornado.web"
        return "tornado HTTP"
    if any(part in filename for part in ("asyncio/", "selectors.py", "socket.py", "ssl.py")):
        return "event loop"
    if "json/" in filename:
        return "rendering"
    if "random.py" in filename:
        return "content"
    return "other"


def _own_layer(func: tuple[str, int, str], stats: dict, memo: dict) -> str:
    """A Python function's layer from its file; a C function's from its callers (the one that
    called it most)."""
    if func in memo:
        return memo[func]
    filename = func[0]
    if filename != "~":
        memo[func] = layer_of(filename)
        return memo[func]
    memo[func] = "other"  # guards recursion through C-to-C calls
    callers = stats[func][4]
    if callers:
        best = max(callers, key=lambda c: callers[c][2])  # largest own time spent from that caller
        if func[2] in ("<method 'poll' of 'select.epoll' objects>",) or "socket" in func[2]:
            memo[func] = "event loop"
        else:
            memo[func] = _own_layer(best, stats, memo)
    return memo[func]


def layer_times(stats: pstats.Stats) -> tuple[dict[str, float], dict[str, list[tuple[float, str]]]]:
    raw = stats.stats  # type: ignore[attr-defined]
    memo: dict = {}
    totals: dict[str, float] = defaultdict(float)
    detail: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for func, (_, _, own, _, callers) in raw.items():
        if func[0] == "~" and callers:
            # Split a C function's time between its callers' layers, by what each caller spent.
            for caller, (_, _, caller_own, _) in callers.items():
                name = _own_layer(caller, raw, memo)
                if "socket" in func[2] or "epoll" in func[2]:
                    name = "event loop"
                totals[name] += caller_own
                detail[name].append((caller_own, f"{func[2]} <- {Path(caller[0]).name}:{caller[2]}"))
            continue
        name = _own_layer(func, raw, memo)
        totals[name] += own
        detail[name].append((own, f"{Path(func[0]).name}:{func[1]}({func[2]})"))
    return totals, detail


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--detail", action="store_true", help="the top functions of each layer")
    args = parser.parse_args()
    with profiled_server() as (port, profiler):
        path, body = SCENARIOS[args.scenario]
        base = f"http://127.0.0.1:{port}"
        load.requests_per_second(base, path, body, seconds=1)  # warm up (first imports) before counting
        profiler.clear()  # count only the measured run (under the GIL, so safe from this thread)
        rps = load.requests_per_second(base, path, body, connections=16, seconds=args.seconds)
    requests = max(1, round(rps * args.seconds))
    totals, detail = layer_times(pstats.Stats(profiler))
    whole = sum(totals.values())
    print(f"{args.scenario}: {rps:,.0f} requests/s under cProfile; {whole / requests * 1e6:,.0f} us of profiled time per request")
    for name in LAYERS:
        share = totals.get(name, 0.0)
        print(f"  {name:22} {share / requests * 1e6:7.1f} us/request  {share / whole:6.1%}")
        if args.detail:
            for own, label in sorted(detail[name], reverse=True)[:8]:
                print(f"      {own / requests * 1e6:6.1f}  {label}")


if __name__ == "__main__":
    main()
