"""wrk, driven from Python: one request shape (throughput) or a cycle of shapes (soak).

wrk is C and multi-threaded, so the load generator is not the bottleneck; it runs with one
thread so that, on a 2-core machine, the server under test keeps a core to itself.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from procs import TOKEN

_LUA_ONE = """
wrk.method = "{method}"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {token}"
"""

# Cycles through a list of requests and exits after `limit` responses (wrk's main thread would
# otherwise sleep for the whole -d duration), so the total is exact however fast the server is.
_LUA_CYCLE = """
local requests = {{}}
init = function(args)
  -- built here, not at load time: wrk.format needs wrk.headers["Host"], set just before init
  requests = {{{requests}}}
end
limit = {limit}
local i = 0
local done = 0
local non2xx = 0
request = function()
  i = i % #requests + 1
  return requests[i]
end
response = function(status, headers, body)
  done = done + 1
  if status >= 500 then non2xx = non2xx + 1 end
  if done >= limit then io.stdout:write("sent ", done, " 5xx ", non2xx, "\\n"); io.stdout:flush(); os.exit(0) end
end
"""


@dataclass
class Shape:
    method: str
    path: str
    body: Any = None


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("wrk is needed: apt-get install -y wrk (Debian/Ubuntu)")
    return path


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string literal for ASCII


def _run(script: str, url: str, connections: int, seconds: float, threads: int = 1) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        out = subprocess.run(
            [require_wrk(), f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s", "-s", handle.name, url],
            capture_output=True,
            text=True,
            timeout=seconds + 600,
        )
    finally:
        Path(handle.name).unlink()
    if out.returncode != 0:
        raise RuntimeError(f"wrk failed: {out.stderr or out.stdout}")
    return out.stdout


def requests_per_second(base: str, path: str, body: Any, connections: int = 16, seconds: float = 3.0) -> float:
    """wrk's requests/s for POST ``path`` with JSON ``body`` (a GET when ``body`` is None)."""
    method, lua_body = ("GET", "nil") if body is None else ("POST", _lua_string(json.dumps(body)))
    script = _LUA_ONE.format(method=method, body=lua_body, token=TOKEN)
    out = _run(script, base + path, connections, seconds)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{errors.group(1)} non-2xx answers from {base}{path}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def cycle(base: str, shapes: list[Shape], total: int, connections: int = 16) -> tuple[int, int]:
    """Send ``total`` requests cycling through ``shapes``; (answers counted, 5xx answers)."""
    entries = []
    for shape in shapes:
        body = "nil" if shape.body is None else _lua_string(json.dumps(shape.body))
        headers = '{["Content-Type"]="application/json", ["Authorization"]="Bearer %s"}' % TOKEN
        entries.append(f"wrk.format({_lua_string(shape.method)}, {_lua_string(shape.path)}, {headers}, {body})")
    script = _LUA_CYCLE.format(requests=", ".join(entries), limit=max(1, total))
    # The duration is only a safety bound: the script exits at its limit.
    out = _run(script, base, connections, seconds=600)
    found = re.search(r"sent (\d+) 5xx (\d+)", out)
    if found is None:
        raise RuntimeError(f"wrk stopped before its limit: {out}")
    return int(found.group(1)), int(found.group(2))
