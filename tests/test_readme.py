"""The README's two set-up commands stay true."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def shell_blocks() -> list[str]:
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", README, re.S)]


def test_ci_runs_the_readme_test_command_verbatim():
    blocks = shell_blocks()
    test_command = next(b for b in blocks if "pytest" in b)
    ci_lines = [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line and not line.startswith(("#", "set ", "cd "))]
    assert ci_lines == [test_command]


def test_install_and_run_command_is_first():
    first = shell_blocks()[0]
    assert first.endswith("python -m hf_tornado")
    assert "pip install -e ." in first


def test_manifest_describes_the_service():
    import json

    manifest = json.loads((ROOT / "manifest.json").read_text())
    assert manifest["name"] == "huggingface-inference"
    assert manifest["port"] == 4756 and manifest["protocol"] == "http" and manifest["healthcheck"] == "/health"
    assert {"HF_TOKEN", "HUGGINGFACE_API_KEY", "HF_INFERENCE_BASE_URL"} <= set(manifest["env"])
    assert isinstance(manifest["startup_time_seconds"], (int, float))
