"""The control fixtures as a user's suite uses them: each undone after its test, and the
journal assertion helper."""
from __future__ import annotations

import subprocess
import sys
import textwrap

from huggingface_hub import InferenceClient

USER_SUITE = textwrap.dedent(
    '''
    from huggingface_hub import InferenceClient
    from huggingface_hub.errors import HfHubHTTPError
    import pytest

    def test_uses_every_control_fixture(hf_url, hf_stub, hf_fault, hf_cold, hf_tokens, hf_journal):
        hf_stub(model="gpt2", contains="weather", output=" Sunny.")
        hf_fault("server_error", model="distilgpt2")
        hf_cold("acme/cold", requests=3)
        hf_tokens([{"name": "ci", "token": "hf_ci"}])
        client = InferenceClient(model=f"{hf_url}/models/gpt2", token="hf_ci")
        assert client.text_generation("weather?", return_full_text=False) == " Sunny."
        with pytest.raises(HfHubHTTPError):
            InferenceClient(model=f"{hf_url}/models/distilgpt2", token="hf_ci").text_generation("x")
        hf_journal.assert_one(model="gpt2", rule="rule-1", token_name="ci")

    def test_the_session_server_is_clean_again(hf_server_session):
        # No reset in between: the fixtures' own teardown undid their changes.
        control = hf_server_session.control
        assert not control.rules and not control.faults and not control.warmup.any_cold
        assert control.tokens == ()
    '''
)


def test_fixtures_undo_their_changes(tmp_path):
    (tmp_path / "test_user_suite.py").write_text(USER_SUITE)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", str(tmp_path)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert "2 passed" in proc.stdout, proc.stdout + proc.stderr


def test_journal_assertions(hf_url, hf_journal, openai_client):
    openai_client.chat.completions.create(
        model="gpt2",
        messages=[{"role": "user", "content": "hi"}],
        tools=[{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {}}}}],
    )
    InferenceClient(model=f"{hf_url}/models/gpt2", token="t").text_generation("x", max_new_tokens=2)
    seen = hf_journal.assert_one(route_kind="chat", model="gpt2", where=lambda e: "tools" in e.json)
    assert seen.json["tools"][0]["function"]["name"] == "get_weather" and seen.prompt_tokens > 0
    hf_journal.assert_one(route_kind="pipeline", json_subset_of={"parameters": {"max_new_tokens": 2}})
    hf_journal.assert_none(route_kind="embeddings")
    try:
        hf_journal.assert_count(3, model="gpt2")
    except AssertionError as exc:
        assert "expected 3 request(s) matching model='gpt2', found 2" in str(exc)
        assert "/v1/chat/completions" in str(exc)  # the message lists the journal
    else:
        raise AssertionError("assert_count did not fail")
