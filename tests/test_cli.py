"""`python -m hf_tornado` as a user runs it: a subprocess, health-checked, stopped by signal."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request

import pytest

ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


def start_cli(*args: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "hf_tornado", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env or ENV,
    )
    line = proc.stdout.readline()
    assert "serving on http://" in line, (line, proc.stderr.read() if proc.poll() is not None else "")
    return proc, line.rsplit(" ", 1)[-1].strip()


def get_json(url: str, data: bytes | None = None) -> object:
    req = urllib.request.Request(url, data=data, headers={"Authorization": "Bearer t", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_cli_serves_and_stops_on_signal(sig):
    proc, url = start_cli("--port", "0")
    try:
        assert url.startswith("http://127.0.0.1:")
        assert get_json(url + "/health") == {"status": "ok"}
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=10)
        assert proc.returncode == 0, err
        assert "stopped" in out
        assert "Traceback" not in err
    finally:
        if proc.poll() is None:
            proc.kill()


def test_same_request_same_bytes_across_processes(hf_url):
    body = json.dumps({"inputs": "Determinism across processes", "parameters": {"max_new_tokens": 12}}).encode()
    proc, url = start_cli("--port", "0")
    try:
        other_process = get_json(url + "/models/gpt2", body)
    finally:
        proc.terminate()
        proc.communicate(timeout=10)
    assert get_json(hf_url + "/models/gpt2", body) == other_process


def test_port_in_use_is_one_line_error():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "hf_tornado", "--port", str(port)], capture_output=True, text=True, timeout=20, env=ENV)
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"hf-tornado: port {port} on 127.0.0.1 is already in use"


@pytest.mark.parametrize(
    "args, env, message",
    [
        (["--port", "70000"], {}, "invalid value for port: 70000"),
        ([], {"HF_TORNADO_PORT": "abc"}, "invalid value for port: 'abc'"),
        (["--config", "/nonexistent/hf.json"], {}, "cannot read config file /nonexistent/hf.json"),
    ],
)
def test_bad_settings_exit_1_with_one_line(args, env, message):
    proc = subprocess.run([sys.executable, "-m", "hf_tornado", *args], capture_output=True, text=True, timeout=20, env={**ENV, **env})
    assert proc.returncode == 1
    assert message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_settings_from_environment_and_config_file(tmp_path):
    config = tmp_path / "hf.json"
    config.write_text(json.dumps({"default_model": "gpt2", "journal_cap": 7}))
    proc, url = start_cli("--config", str(config), env={**ENV, "HF_TORNADO_PORT": "0", "HF_TORNADO_LOG_LEVEL": "warning"})
    try:
        root = get_json(url + "/")
        assert root["default_model"] == "gpt2"
        assert get_json(url + "/__parlel/requests")["cap"] == 7
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


def test_list_plugins_names_entry_point_plugin_and_its_task():
    proc = subprocess.run([sys.executable, "-m", "hf_tornado", "--list-plugins"], capture_output=True, text=True, timeout=20, env=ENV)
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert "langid: language-identification" in lines
    assert any(line.startswith("hf_tornado.builtin_tasks.text_generation: ") and "text-generation" in line for line in lines)
