"""Start and stop the servers under test as child processes, and read their memory."""
from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TOKEN = "hf_bench_token"
# Servers run as an installed copy would: with compiled bytecode (pip compiles on install). A
# shell with PYTHONDONTWRITEBYTECODE set would otherwise recompile every module on each start
# and measure the compiler; the cache lives outside the tree.
CHILD_ENV = {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": os.path.join(tempfile.gettempdir(), "hf-bench-pycache")}
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def hf_command(port: int) -> list[str]:
    return [PYTHON, "-m", "hf_tornado", "--port", str(port), "--log-level", "warning"]


def floor_command(port: int) -> list[str]:
    return [PYTHON, str(ROOT / "bench" / "floor.py"), "--port", str(port)]


def wait_healthy(port: int, path: str = "/health", timeout: float = 20.0) -> float:
    """Poll until GET ``path`` answers 200; returns the time it took (s). Polls every 2 ms so the
    poll interval does not dominate a ~200 ms start."""
    start = time.perf_counter()
    deadline = start + timeout
    while time.perf_counter() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                conn.close()
                return time.perf_counter() - start
            conn.close()
        except OSError:
            pass
        time.sleep(0.002)
    raise RuntimeError(f"server on port {port} did not become healthy in {timeout}s")


@contextlib.contextmanager
def running(command: list[str], port: int, env: dict[str, str] | None = None) -> Iterator[subprocess.Popen]:
    """The server as a child process; its log goes to a file (a pipe nobody reads would fill up
    and stall the server), kept as ``proc.log_path`` so crashes can be counted afterwards."""
    log = tempfile.NamedTemporaryFile("w+b", prefix="hf-bench-", suffix=".log", delete=False)
    proc = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **CHILD_ENV, **(env or {})}, stdout=log, stderr=subprocess.STDOUT)
    proc.log_path = log.name  # type: ignore[attr-defined]
    try:
        wait_healthy(port)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def crash_lines(proc: subprocess.Popen) -> list[str]:
    """Lines of the server's log that report an unhandled error."""
    text = Path(proc.log_path).read_text(errors="replace")  # type: ignore[attr-defined]
    return [line for line in text.splitlines() if "Traceback" in line or " ERROR " in line]


def rss_mb(pid: int) -> float:
    """Resident set size of ``pid`` in MiB, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")
