"""The README's Python snippets for issues 5 and 6 run as written, against a test server: the
language, media, TEI and zero-change adoption sections (the media section's own test checks only
its first lines)."""
from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

import pytest

from media_fixtures import image_bytes, wav_bytes

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def python_block(heading: str) -> str:
    section = README.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def run(code: str, url: str, scope: dict | None = None) -> dict:
    scope = {} if scope is None else scope
    exec(compile(code.replace("http://127.0.0.1:4756", url), "README", "exec"), scope)
    return scope


def test_language_snippet(hf_url):
    long_text = " ".join(["The river flooded the valley after three days of rain."] * 5)
    code = python_block("Language and tabular tasks")
    # Keep each expression's value, to assert on the ones the comments promise.
    lines = [f"_{i} = {line}" if line.startswith("at(") else line for i, line in enumerate(code.splitlines())]
    scope = run("\n".join(lines), hf_url, {"long_text": long_text})
    values = [scope[k] for k in sorted((k for k in scope if re.fullmatch(r"_\d+", k)), key=lambda k: int(k[1:]))]
    assert values[0] == "POSITIVE"  # '# POSITIVE' in the README
    assert values[2] == "Paris"
    assert values[5] == "Bonjour, mon ami."
    assert values[-1]  # text2text-generation


def test_media_snippet_refused_tasks(hf_url, tmp_path, monkeypatch):
    (tmp_path / "cat.png").write_bytes(image_bytes(64, 64))
    (tmp_path / "speech.wav").write_bytes(wav_bytes(1.0))
    monkeypatch.chdir(tmp_path)
    scope = run(python_block("Image, audio and video tasks"), hf_url)
    assert scope["music"][:4] == b"RIFF"
    assert scope["clip"][4:8] == b"ftyp"
    assert scope["edit"][:8] == b"\x89PNG\r\n\x1a\n"


def test_tei_snippet(hf_url):
    scope = run(python_block("Text Embeddings Inference (TEI) routes"), hf_url)
    assert len(scope["rows"]) == 2
    assert scope["vector"].tolist() == pytest.approx(scope["rows"][0], abs=1e-6)


def test_adoption_snippet_with_an_unchanged_app(hf_redirect, tmp_path, monkeypatch):
    # An app written the usual way: a client made at import, model ids, no URL.
    (tmp_path / "myapp.py").write_text(textwrap.dedent('''
        from huggingface_hub import InferenceClient

        client = InferenceClient()

        def answer(question):
            messages = [{"role": "user", "content": question}]
            return client.chat_completion(messages, model="meta-llama/Llama-3.1-8B-Instruct", max_tokens=10).choices[0].message.content

        def main():
            global last
            last = client.text_classification("I love it", model="distilbert/distilbert-base-uncased-finetuned-sst-2-english")[0].label
    '''))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "myapp", raising=False)
    scope = run(python_block("Test your app without changing it"), hf_redirect.url)
    scope["test_answer"](hf_redirect)  # the pytest example, given the fixture's server
    assert sys.modules["myapp"].last == "POSITIVE"  # main() ran inside the `with redirect` block
    assert [e.status for e in hf_redirect.requests()] and all(e.status == 200 for e in hf_redirect.requests())


def test_js_snippets(node):
    import base64

    out = node("scenarios/readme_js.mjs", {"audio": base64.b64encode(wav_bytes(1.0)).decode()})["ok"]
    entities, table, regression = out["language"]
    assert [e["word"] for e in entities] == ["Angela Merkel", "Berlin"]
    assert table["aggregator"] and len(regression) == 2
    assert isinstance(out["media"][0], str)  # the transcription's text
    labels = out["logged"][0][0]  # console.log(await client.textClassification(...)) by model id
    assert labels[0]["label"] == "POSITIVE"
    assert len(out["adoption"][0]) == 384  # runMyApp() under installGlobalFetch()
    assert out["fetchRestored"]
