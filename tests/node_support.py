"""Running a JS scenario (tests/js/scenarios/<x>.mjs through tests/js/run.mjs) with the real JS
SDKs: behind the `node` fixture (conftest.py), and for module-scoped fixtures that batch a whole
test file's calls into one node start (about half a second each)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from typing import Any

import pytest

JS_DIR = os.path.join(os.path.dirname(__file__), "js")


def run_scenario(scenario: str, base: str, args: Any = None, env: dict[str, str] | None = None) -> Any:
    """``{"ok": value}`` or ``{"error": {name, message, status, body}}`` of the scenario's
    default export, called with ``{base, args, ...}``."""
    if shutil.which("node") is None or not os.path.isdir(os.path.join(JS_DIR, "node_modules")):
        pytest.fail("node and tests/js/node_modules are required: run `npm ci --prefix tests/js`")
    proc = subprocess.run(
        ["node", "run.mjs", scenario, base, json.dumps(args or {})],
        cwd=JS_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )
    assert proc.returncode == 0, proc.stderr
    try:
        return json.loads(proc.stdout)
    except ValueError:
        raise AssertionError(f"scenario printed no JSON: {proc.stdout!r} {proc.stderr!r}") from None
