"""A/B: this tree's hf-tornado against an earlier commit's, with the floor, interleaved.

    .venv/bin/python bench/ab.py 9b5222b                  # textgen, chat, embed1, health
    .venv/bin/python bench/ab.py 9b5222b --only textgen --rounds 7 --seconds 3
    .venv/bin/python bench/ab.py /tmp/other-tree       # a directory: served as it is

The commit is exported with ``git archive`` into a temporary directory (the working tree is not
touched) and served from there. Each round runs floor, base and this tree one after the other,
in a rotating order, so load from other processes spreads over all three; the medians of the
per-round ratios are what to read (this machine's neighbours swing single runs by +-30 %).

Beside requests/s it reports each server's CPU time per request (user + system time of the
server process from /proc, over the requests wrk counted): a busy neighbour slows a server's
wall clock much more than it changes the CPU work one request takes, so the CPU-time ratio is
the steadier measure of a code change.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # noqa: E402
from hotspots import SCENARIOS  # noqa: E402
from procs import ROOT, floor_command, free_port, hf_command, running  # noqa: E402


def export(commit: str, into: str) -> None:
    archive = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", into], input=archive, check=True)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(port: int, pid: int, path: str, body: object, seconds: float) -> tuple[float, float]:
    """(requests/s, server CPU microseconds per request) of one wrk run."""
    method, lua_body = ("GET", "nil") if body is None else ("POST", json.dumps(json.dumps(body)))
    script = load._LUA_ONE.format(method=method, body=lua_body, token=load.TOKEN)
    before = cpu_seconds(pid)
    out = load._run(script, f"http://127.0.0.1:{port}{path}", 16, seconds)
    used = cpu_seconds(pid) - before
    if re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        raise RuntimeError(f"non-2xx answers from {path}: {out}")
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), used / max(requests, 1) * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commit", help="the base: a commit (anything git archive accepts) or a directory holding a tree")
    parser.add_argument("--only", action="append", choices=sorted(SCENARIOS))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3)
    args = parser.parse_args()
    scenarios = args.only or ["textgen", "chat", "embed1", "health"]
    with tempfile.TemporaryDirectory(prefix="hf-ab-") as exported, contextlib.ExitStack() as stack:
        base_dir = args.commit if Path(args.commit).is_dir() else exported
        if base_dir == exported:
            export(args.commit, base_dir)
        ports = {name: free_port() for name in ("floor", "base", "new")}
        pids = {"floor": stack.enter_context(running(floor_command(ports["floor"]), ports["floor"])).pid}
        # `python -m hf_tornado` from the exported tree imports that tree (cwd comes first).
        pids["base"] = stack.enter_context(running_in(hf_command(ports["base"]), ports["base"], base_dir)).pid
        pids["new"] = stack.enter_context(running(hf_command(ports["new"]), ports["new"])).pid
        print(f"base {args.commit} vs this tree, {args.rounds} rounds of {args.seconds:g} s, wrk -t1 -c16")
        for scenario in scenarios:
            path, body = SCENARIOS[scenario]
            rps: dict[str, list[float]] = {"floor": [], "base": [], "new": []}
            cpu: dict[str, list[float]] = {"floor": [], "base": [], "new": []}
            for name in rps:  # warm up
                measure(ports[name], pids[name], path, body, 1)
            order = ["floor", "base", "new"]
            for round_index in range(args.rounds):
                for name in order[round_index % 3:] + order[: round_index % 3]:
                    got_rps, got_cpu = measure(ports[name], pids[name], path, body, args.seconds)
                    rps[name].append(got_rps)
                    cpu[name].append(got_cpu)
            ratio = {pair: statistics.median(rps[pair[0]][i] / rps[pair[1]][i] for i in range(args.rounds))
                     for pair in (("base", "floor"), ("new", "floor"), ("new", "base"))}
            med = {name: statistics.median(values) for name, values in rps.items()}
            cpu_med = {name: statistics.median(values) for name, values in cpu.items()}
            print(
                f"{scenario:8} req/s floor {med['floor']:6,.0f} base {med['base']:6,.0f} new {med['new']:6,.0f} | "
                f"base/floor {ratio['base', 'floor']:.2f}x new/floor {ratio['new', 'floor']:.2f}x new/base {ratio['new', 'base']:.2f}x\n"
                f"{'':8} CPU us/request floor {cpu_med['floor']:5.0f} base {cpu_med['base']:5.0f} new {cpu_med['new']:5.0f} | "
                f"floor/new {cpu_med['floor'] / cpu_med['new']:.2f}x (CPU-time ratio), new/base {cpu_med['new'] / cpu_med['base']:.2f}x",
                flush=True,
            )
    return 0


@contextlib.contextmanager
def running_in(command: list[str], port: int, cwd: str):  # type: ignore[no-untyped-def]
    """procs.running, from another directory."""
    import procs

    original = procs.ROOT
    procs.ROOT = Path(cwd)
    try:
        with running(command, port) as proc:
            procs.ROOT = original
            yield proc
    finally:
        procs.ROOT = original


if __name__ == "__main__":
    sys.exit(main())
