"""Per-request cost, layer by layer, without a profiler: the server CPU time one request takes
on four servers measured in the same run, interleaved.

    .venv/bin/python bench/ladder.py                       # 5 rounds of 3 s, textgen and chat
    .venv/bin/python bench/ladder.py --rounds 7 --only textgen

1. bench/floor_raw.py: Tornado's HTTP server and a bare delegate (no tornado.web)
2. bench/floor.py: the floor (1 + a tornado.web RequestHandler)
3. bench/constant_content.py: hf-tornado answering a precomputed generation (its machinery:
   routing, auth, body, task resolution, parameter checks, rendering, headers, journal)
4. hf-tornado: 3 + making the answer

The differences are the layers' costs: 2-1 tornado.web, 3-2 hf-tornado's machinery (beyond the
floor's token check, JSON and hash), 4-3 the content. CPU time per request (user + system of
the server process over the requests wrk counted, wrk -t1 -c16) is steadier than requests/s
when other processes share the machine; both are printed.
"""
from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ab import measure  # noqa: E402
from hotspots import SCENARIOS  # noqa: E402
from procs import PYTHON, ROOT, floor_command, free_port, hf_command, running  # noqa: E402

SERVERS = {
    "raw tornado": lambda port: [PYTHON, str(ROOT / "bench" / "floor_raw.py"), "--port", str(port)],
    "floor": floor_command,
    "hf, constant content": lambda port: [PYTHON, str(ROOT / "bench" / "constant_content.py"), "--port", str(port)],
    "hf-tornado": hf_command,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=("textgen", "chat"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3)
    args = parser.parse_args()
    names = list(SERVERS)
    with contextlib.ExitStack() as stack:
        ports = {name: free_port() for name in names}
        pids = {name: stack.enter_context(running(SERVERS[name](ports[name]), ports[name])).pid for name in names}
        for scenario in args.only or ["textgen", "chat"]:
            path, body = SCENARIOS[scenario]
            cpu: dict[str, list[float]] = {name: [] for name in names}
            rps: dict[str, list[float]] = {name: [] for name in names}
            for name in names:
                measure(ports[name], pids[name], path, body, 1)  # warm up
            for round_index in range(args.rounds):
                for name in names[round_index % 4:] + names[: round_index % 4]:
                    got_rps, got_cpu = measure(ports[name], pids[name], path, body, args.seconds)
                    rps[name].append(got_rps)
                    cpu[name].append(got_cpu)
            us = {name: statistics.median(values) for name, values in cpu.items()}
            print(f"{scenario}: {path}, {args.rounds} rounds of {args.seconds:g} s (medians)")
            for name in names:
                print(f"  {name:22} {us[name]:6.0f} us CPU/request  {statistics.median(rps[name]):7,.0f} requests/s")
            print(f"  tornado.web (floor - raw)               {us['floor'] - us['raw tornado']:6.0f} us")
            print(f"  hf-tornado machinery (constant - floor) {us['hf, constant content'] - us['floor']:6.0f} us")
            print(f"  content (hf-tornado - constant)         {us['hf-tornado'] - us['hf, constant content']:6.0f} us")
            print(f"  CPU-time ratio floor / hf-tornado        {us['floor'] / us['hf-tornado']:.2f}x", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
