"""The benchmark: hf-tornado against the bare-Tornado floor, in one run, on one machine.

    .venv/bin/python bench/run.py            # full run, about 6 minutes on 2 cores
    .venv/bin/python bench/run.py --quick    # fewer rounds and a short soak, about 1.5 minutes

Throughput runs interleave the floor and hf-tornado round by round (so drift and neighbours'
load hit both alike) and report medians; single-request measures report medians of several
trials. The markdown table goes to stdout and to ``--out`` (default bench/results.md).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # noqa: E402
import probes  # noqa: E402
import soak  # noqa: E402
from procs import crash_lines, floor_command, free_port, hf_command, running  # noqa: E402

PURE = {"HF_TORNADO_PURE": "1"}  # switches the optional `fast` extra off

THROUGHPUT = [
    # Not a target: the same request machinery with no content to make (CORS, journal, routing),
    # to tell Tornado's and the framework's cost from the cost of generating an answer.
    ("requests/s, `GET /health` (no content work; reference)", "/health", None),
    ("requests/s, text-generation on `/models/{id}`, 16 connections", "/models/gpt2", {"inputs": "The answer to the question is"}),
    (
        "requests/s, `/v1/chat/completions`, 16 connections",
        "/v1/chat/completions",
        {"model": probes.CHAT_MODEL, "messages": [{"role": "user", "content": "What is the capital of France?"}]},
    ),
    (
        "requests/s, feature-extraction of one string, 16 connections",
        f"/models/{probes.EMBED_MODEL}",
        {"inputs": "Today is a sunny day and I will get some ice cream."},
    ),
]


def fast_installed() -> bool:
    return importlib.util.find_spec("numpy") is not None  # the `fast` extra is numpy alone


def median_of(trials: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(trials))


def throughput(rounds: int, seconds: float) -> list[dict[str, Any]]:
    rows = []
    floor_port, hf_port = free_port(), free_port()
    with running(floor_command(floor_port), floor_port), running(hf_command(hf_port), hf_port) as hf:
        floor_base, hf_base = f"http://127.0.0.1:{floor_port}", f"http://127.0.0.1:{hf_port}"
        for name, path, body in THROUGHPUT:
            load.requests_per_second(hf_base, path, body, seconds=1)  # warm both up
            load.requests_per_second(floor_base, path, body, seconds=1)
            floor_runs, hf_runs = [], []
            for i in range(rounds):
                order = [(floor_base, floor_runs), (hf_base, hf_runs)]
                for base, runs in order if i % 2 == 0 else reversed(order):
                    runs.append(load.requests_per_second(base, path, body, seconds=seconds))
            floor_rps, hf_rps = statistics.median(floor_runs), statistics.median(hf_runs)
            reference = body is None
            rows.append(
                {
                    "measure": name,
                    "floor": f"{floor_rps:,.0f}",
                    "hf-tornado": f"{hf_rps:,.0f}",
                    "ratio": hf_rps / floor_rps,
                    "target": "-" if reference else ">= 0.85x the floor",
                    "ok": None if reference else hf_rps / floor_rps >= 0.85,
                    "runs": {"floor": floor_runs, "hf": hf_runs},
                }
            )
        crashes = crash_lines(hf)
    if crashes:
        raise RuntimeError(f"hf-tornado logged errors under load: {crashes[:3]}")
    return rows


def single_requests(trials: int) -> list[dict[str, Any]]:
    rows = []
    texts = probes.embedding_texts(1000)
    installs = [("core", PURE)] + ([("fast", {})] if fast_installed() else [])
    for label, env in installs:
        port = free_port()
        with running(hf_command(port), port, env=env):
            probes.embed_batch_seconds(port, texts)  # warm-up
            ms = 1000 * median_of(trials, lambda: probes.embed_batch_seconds(port, texts))
            limit = 150 if label == "core" else 60
            rows.append(
                {
                    "measure": f"one request embedding 1,000 texts (384 dims), {label} install",
                    "floor": "-",
                    "hf-tornado": f"{ms:.0f} ms",
                    "ratio": None,
                    "target": f"<= {limit} ms",
                    "ok": ms <= limit,
                }
            )
            if label == installs[-1][0]:
                probes.script_long_answer(port)
                probes.chat_stream_tokens_per_second(port)
                results = [probes.chat_stream_tokens_per_second(port) for _ in range(trials)]
                rate = statistics.median(r[0] for r in results)
                rows.append(
                    {
                        "measure": f"chat stream of 1,000 tokens with no pace set ({results[0][1]} content chunks, {label} install)",
                        "floor": "-",
                        "hf-tornado": f"{rate:,.0f} tokens/s",
                        "ratio": None,
                        "target": ">= 20,000 tokens/s",
                        "ok": rate >= 20000 and results[0][1] >= 1000,
                    }
                )
    if not fast_installed():
        rows.append({"measure": "the `fast` extra", "floor": "-", "hf-tornado": "not installed", "ratio": None, "target": "<= 60 ms", "ok": None})
    return rows


def lifecycle(trials: int) -> list[dict[str, Any]]:
    probes.startup_seconds(floor_command)  # compile both once, as an install would have
    probes.startup_seconds(hf_command)
    floor_runs: list[float] = []
    hf_runs: list[float] = []
    for i in range(trials):  # interleaved and order flipped each round, as the throughput runs are
        order = [(floor_command, floor_runs), (hf_command, hf_runs)]
        for command, runs in order if i % 2 == 0 else reversed(order):
            runs.append(probes.startup_seconds(command))
    floor_s, hf_s = statistics.median(floor_runs), statistics.median(hf_runs)
    sync_s, async_s = probes.embedded_start_stop_seconds()
    return [
        {
            "measure": "`python -m hf_tornado` to first healthy answer",
            "floor": f"{floor_s * 1000:.0f} ms",
            "hf-tornado": f"{hf_s * 1000:.0f} ms",
            "ratio": hf_s / floor_s,
            "target": "<= 1.3x the floor app's",
            "ok": hf_s / floor_s <= 1.3,
        },
        {
            "measure": "embedded server start + stop, own thread (what the pytest fixture does)",
            "floor": "-",
            "hf-tornado": f"{sync_s * 1000:.1f} ms",
            "ratio": None,
            "target": "<= 10 ms",
            "ok": sync_s <= 0.010,
        },
        {
            "measure": "embedded server start + stop on a running loop (`await server.start()`)",
            "floor": "-",
            "hf-tornado": f"{async_s * 1000:.1f} ms",
            "ratio": None,
            "target": "<= 10 ms",
            "ok": async_s <= 0.010,
        },
    ]


def memory(total: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    report = soak.soak(total)
    growth = report["rss_growth_mb"]
    row = {
        "measure": f"RSS after {report['requests']:,} mixed requests vs after 1,000 (journal at its default cap)",
        "floor": "-",
        "hf-tornado": f"{growth:+.1f} MB ({report['rss_after_warmup_mb']} -> {report['rss_after_total_mb']} MB)",
        "ratio": None,
        "target": "<= +15 MB",
        "ok": growth <= 15 and report["5xx"] == 0 and report["journal_completeness"]["ok"] and report["crash_log_lines"] == 0,
    }
    return [row], report


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| measure | floor | hf-tornado | ratio | target | met |", "|---|---|---|---|---|---|"]
    for row in rows:
        ratio = "-" if row["ratio"] is None else f"{row['ratio']:.2f}x"
        met = {True: "yes", False: "**no**", None: "-"}[row["ok"]]
        lines.append(f"| {row['measure']} | {row['floor']} | {row['hf-tornado']} | {ratio} | {row['target']} | {met} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description="hf-tornado vs the bare-Tornado floor")
    parser.add_argument("--quick", action="store_true", help="3 rounds of 2 s and a 20,000-request soak")
    parser.add_argument("--rounds", type=int, help="throughput rounds per server (default 5)")
    parser.add_argument("--seconds", type=float, help="length of one throughput run (default 4)")
    parser.add_argument("--soak-total", type=int, help="requests in the soak (default 100,000)")
    parser.add_argument("--only", choices=("throughput", "single", "lifecycle", "memory"), action="append")
    parser.add_argument("--out", default=str(Path(__file__).with_name("results.md")))
    args = parser.parse_args()
    rounds = args.rounds or (3 if args.quick else 5)
    seconds = args.seconds or (2 if args.quick else 4)
    soak_total = args.soak_total or (20_000 if args.quick else 100_000)
    wanted = set(args.only or ("throughput", "single", "lifecycle", "memory"))
    load.require_wrk()

    started = time.time()
    rows: list[dict[str, Any]] = []
    details: dict[str, Any] = {}
    if "throughput" in wanted:
        rows += throughput(rounds, seconds)
    if "single" in wanted:
        rows += single_requests(trials=max(rounds, 5))
    if "lifecycle" in wanted:
        # A start is ~0.2 s and swings with the neighbours' load: many short interleaved trials.
        rows += lifecycle(trials=max(rounds * 5, 21))
    if "memory" in wanted:
        memory_rows, details["soak"] = memory(soak_total)
        rows += memory_rows
    header = (
        f"hf-tornado benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(started))}, "
        f"Python {platform.python_version()}, {platform.machine()}, "
        f"{rounds} rounds of {seconds:g} s (medians), fast extra {'installed' if fast_installed() else 'not installed'}"
    )
    text = f"{header}\n\n{table(rows)}\n"
    if details:
        text += f"\nSoak details:\n\n```json\n{json.dumps(details['soak'], indent=2)}\n```\n"
    print(text)
    Path(args.out).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
