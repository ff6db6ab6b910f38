"""The README's snippets for the foundation and for generation (issues 2 and 3) run as written,
against a test server, through the real clients: huggingface_hub, openai, text-generation and the
JS SDK. The control section has its own test (test_control_docs.py), the task sections theirs
(test_audit_readme.py, test_task_media_readme.py)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def python_blocks(heading: str) -> list[str]:
    section = README.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def run(blocks: list[str], url: str) -> dict:
    scope: dict = {}
    for number, code in enumerate(blocks):
        exec(compile(code.replace("http://127.0.0.1:4756", url), f"README-{number}", "exec"), scope)
    return scope


def test_point_a_client_at_it(hf_url, hf_requests, capsys):
    run(python_blocks("Point a client at it"), hf_url)
    out = capsys.readouterr().out
    assert out.startswith("The capital of France is ")  # return_full_text defaults to true on /models/{id}
    assert "(384,)" in out and "CompletionUsage(completion_tokens=" in out
    kinds = [(e.route_kind, e.status) for e in hf_requests()]
    assert kinds.count(("chat", 200)) == 3 and ("pipeline", 200) in kinds


def test_embedding_it_in_tests(hf_url, hf_requests):
    scope = run(python_blocks("Embedding it in tests"), hf_url)
    scope["test_my_app_calls_the_model"](hf_url, hf_requests)  # the example test, with this test's fixtures


# text-generation 0.7 calls pydantic's deprecated .dict(), as the other TGI client tests note.
@pytest.mark.filterwarnings("ignore:The `dict` method is deprecated:DeprecationWarning:text_generation")
def test_generation_tools_structured_output_and_streams(hf_url, capsys):
    tools, structured, streams = python_blocks("Text generation, chat, tools and structured output")
    scope = run([tools, structured], hf_url)
    assert scope["call"].function.name == "get_weather" and '"location": "Paris"' in scope["call"].function.arguments
    assert scope["event"].title and isinstance(scope["event"].guests, list)
    scope = run([tools, streams], hf_url)
    assert scope["event"].details.generated_tokens == 8  # the TGI client's last event
    out = capsys.readouterr().out
    assert "get_weather" in out and "CompletionUsage(completion_tokens=" in out


def test_js_snippets(node):
    out = node("scenarios/readme_generation.mjs", {})["ok"]
    client = out["Point a client at it"]
    assert client["written"]  # the streamed chat
    generated, dimensions = client["logged"]
    assert isinstance(generated[0], str) and generated[0] and dimensions == [384]
    assert out["Text generation, chat, tools and structured output"]["written"]


def test_every_pytest_fixture_is_in_the_readme_table():
    import inspect

    from hf_tornado import pytest_plugin

    fixtures = {name for name, value in vars(pytest_plugin).items() if name.startswith("hf_") and callable(value)}
    table = README.split("## Embedding it in tests", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`(hf_\w+)`", table.split("```", 1)[0]))
    assert fixtures and fixtures <= listed, sorted(fixtures - listed)
    assert inspect.getdoc(pytest_plugin)
