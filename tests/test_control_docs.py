"""The README's test-control examples run as written (against a test server)."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()
SECTION = README.split("## Test control: scripted answers, faults, warm-up, tokens and quotas", 1)[1].split("\n## ", 1)[0]


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", SECTION, re.S)


def test_curl_examples_are_accepted(http):
    calls = [shlex.split(line) for line in blocks("bash")[0].splitlines() if line.startswith("curl")]
    assert len(calls) >= 10
    for argv in calls:
        method = argv[argv.index("-X") + 1] if "-X" in argv else ("POST" if "-d" in argv else "GET")
        url = next(a for a in argv if a.startswith("localhost:4756"))
        body = argv[argv.index("-d") + 1].encode() if "-d" in argv else None
        r = http(method, url[len("localhost:4756"):], body, auth=False)
        assert r.status < 400, (argv, r.body)


def test_python_example_runs(capsys):
    exec(compile(blocks("python")[0], "README-control", "exec"), {})
    out = capsys.readouterr().out
    assert "typed error: Request failed during generation" in out
    assert "503 Model gpt2 is currently loading" in out and "'requests': 3" in out


def test_pytest_example_is_a_real_test(hf_url, hf_fault, hf_journal):
    namespace: dict = {}
    exec(compile(blocks("python")[1], "README-control-pytest", "exec"), namespace)
    namespace["test_openai_retries_a_rate_limit"](hf_url, hf_fault, hf_journal)
