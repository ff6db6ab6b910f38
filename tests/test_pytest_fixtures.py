"""The hf_* fixtures used the way the README shows. They come from the `pytest11` entry point of
the installed hf-tornado (this suite's conftest defines none of them)."""
from __future__ import annotations

from huggingface_hub import InferenceClient


def test_an_app_call_lands_in_the_journal(hf_url, hf_requests):
    client = InferenceClient(model=f"{hf_url}/models/gpt2", token="hf_anything")
    answer = client.text_generation("Tell me a story", max_new_tokens=5)
    assert answer == client.text_generation("Tell me a story", max_new_tokens=5)  # deterministic
    calls = hf_requests(model="gpt2", task="text-generation")
    assert len(calls) == 2 and all(c.status == 200 for c in calls)


def test_each_test_starts_with_a_fresh_journal(hf_server, hf_requests):
    assert hf_requests() == []
    assert hf_server.url.startswith("http://127.0.0.1:")


def test_fixtures_come_from_the_entry_point(pytestconfig):
    plugin = pytestconfig.pluginmanager.get_plugin("hf_tornado")
    assert plugin is not None and plugin.__name__ == "hf_tornado.pytest_plugin"
