"""The README's media snippets run as written (against a test server, with fixture files)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from media_fixtures import image_bytes, wav_bytes

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()
SECTION = README.split("## Image, audio and video tasks", 1)[1].split("\n## ", 1)[0]


def test_python_snippet_runs(hf_url, tmp_path, monkeypatch):
    code = re.search(r"```python\n(.*?)```", SECTION, re.S).group(1)
    (tmp_path / "cat.png").write_bytes(image_bytes(64, 64))
    (tmp_path / "speech.wav").write_bytes(wav_bytes(1.0))
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(compile(code.replace("http://127.0.0.1:4756", hf_url), "README", "exec"), scope)
    assert scope["wav"].startswith(b"RIFF")


def test_curl_snippet_writes_an_mp4(hf_url, tmp_path):
    command = re.search(r"```sh\n(.*?)```", SECTION, re.S).group(1).replace("http://127.0.0.1:4756", hf_url)
    subprocess.run(command, shell=True, cwd=tmp_path, check=True, timeout=30)
    assert (tmp_path / "river.mp4").read_bytes()[4:8] == b"ftyp"
