"""A/B: this tree's hf-tornado against an earlier commit's, with the floor, interleaved.

    .venv/bin/python bench/ab.py 9b5222b                  # textgen, chat, embed1, health
    .venv/bin/python bench/ab.py 9b5222b --only textgen --rounds 7 --seconds 3

The commit is exported with ``git archive`` into a temporary directory (the working tree is not
touched) and served from there. Each round runs floor, base and this tree one after the other,
in a rotating order, so load from other processes spreads over all three; the medians of the
per-round ratios are what to read (this machine's neighbours swing single runs by +-30 %).
"""
from __future__ import annotations

import argparse
import contextlib
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commit", help="the base commit (anything git archive accepts)")
    parser.add_argument("--only", action="append", choices=sorted(SCENARIOS))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3)
    args = parser.parse_args()
    scenarios = args.only or ["textgen", "chat", "embed1", "health"]
    with tempfile.TemporaryDirectory(prefix="hf-ab-") as base_dir, contextlib.ExitStack() as stack:
        export(args.commit, base_dir)
        ports = {name: free_port() for name in ("floor", "base", "new")}
        stack.enter_context(running(floor_command(ports["floor"]), ports["floor"]))
        # `python -m hf_tornado` from the exported tree imports that tree (cwd comes first).
        base_cmd = hf_command(ports["base"])
        stack.enter_context(running_in(base_cmd, ports["base"], base_dir))
        stack.enter_context(running(hf_command(ports["new"]), ports["new"]))
        print(f"base {args.commit} vs this tree, {args.rounds} rounds of {args.seconds:g} s, wrk -t1 -c16")
        for scenario in scenarios:
            path, body = SCENARIOS[scenario]
            runs: dict[str, list[float]] = {"floor": [], "base": [], "new": []}
            for name in runs:  # warm up
                load.requests_per_second(f"http://127.0.0.1:{ports[name]}", path, body, seconds=1)
            order = ["floor", "base", "new"]
            for round_index in range(args.rounds):
                rotated = order[round_index % 3:] + order[: round_index % 3]
                for name in rotated:
                    runs[name].append(load.requests_per_second(f"http://127.0.0.1:{ports[name]}", path, body, seconds=args.seconds))
            new_vs_base = statistics.median(n / b for n, b in zip(runs["new"], runs["base"]))
            new_vs_floor = statistics.median(n / f for n, f in zip(runs["new"], runs["floor"]))
            base_vs_floor = statistics.median(b / f for b, f in zip(runs["base"], runs["floor"]))
            medians = {name: statistics.median(values) for name, values in runs.items()}
            print(
                f"{scenario:8} floor {medians['floor']:6,.0f}  base {medians['base']:6,.0f}  new {medians['new']:6,.0f} req/s | "
                f"base/floor {base_vs_floor:.2f}x  new/floor {new_vs_floor:.2f}x  new/base {new_vs_base:.2f}x",
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
