"""The request journal and the control routes."""
from __future__ import annotations

import json

from hf_tornado.journal import Journal


def test_entry_fields_and_redaction(http, hf_requests):
    r = http("POST", "/models/gpt2?task=text-generation", {"inputs": "journal me", "parameters": {"max_new_tokens": 2}}, headers={"X-Custom": "yes"})
    assert r.status == 200
    [entry] = hf_requests()
    assert entry.method == "POST" and entry.path == "/models/gpt2" and entry.query == "task=text-generation"
    assert entry.model == "gpt2" and entry.task == "text-generation" and entry.route_kind == "pipeline"
    assert entry.status == 200 and entry.id >= 1 and entry.time > 0
    assert json.loads(entry.body)["inputs"] == "journal me"
    assert entry.headers["Authorization"] == "[redacted]"
    assert entry.headers["X-Custom"] == "yes"
    assert "hf_test_token" not in json.dumps(entry.as_dict())


def test_failed_requests_are_journaled_too(http, hf_requests):
    http("POST", "/models/gpt2", {"inputs": "x"}, auth=False)
    [entry] = hf_requests()
    assert entry.status == 401 and entry.extra["error"] == "Invalid username or password."


def test_http_journal_filters_clear_and_reset(http):
    http("POST", "/models/gpt2", {"inputs": "a"})
    http("POST", "/v1/chat/completions", {"model": "gpt2", "messages": [{"role": "user", "content": "b"}]})
    listing = http("GET", "/__parlel/requests", auth=False).json()
    assert [e["route_kind"] for e in listing["requests"]] == ["pipeline", "chat"]
    assert http("GET", "/__parlel/requests?route_kind=chat", auth=False).json()["count"] == 1
    first_id = listing["requests"][0]["id"]
    assert http("GET", f"/__parlel/requests?since_id={first_id}", auth=False).json()["requests"][0]["route_kind"] == "chat"
    assert http("GET", "/__parlel/requests?limit=1", auth=False).json()["requests"][0]["route_kind"] == "chat"
    assert http("GET", "/__parlel/requests?limit=x", auth=False).status == 400
    assert http("DELETE", "/__parlel/requests", auth=False).json() == {"status": "cleared"}
    assert http("GET", "/__parlel/requests", auth=False).json()["count"] == 0
    http("POST", "/models/gpt2", {"inputs": "c"})
    assert http("POST", "/__parlel/reset", auth=False).json() == {"status": "reset"}
    assert http("GET", "/__parlel/requests", auth=False).json()["count"] == 0


def test_ring_buffer_is_bounded_and_bodies_capped():
    journal = Journal(cap=3, body_cap=10)
    for i in range(10):
        journal.record(method="POST", path=f"/{i}", query="", route_kind="pipeline", model=None, task=None, status=200,
                       duration_ms=0.0, stream=False, headers={}, raw_body=b"x" * 100)
    entries = journal.entries()
    assert [e.path for e in entries] == ["/7", "/8", "/9"]
    assert entries[0].body == "x" * 10 and entries[0].body_truncated and entries[0].body_bytes == 100


def test_journal_entry_is_importable_from_journal_and_read_entries_are_it() -> None:
    from hf_tornado import journal
    from hf_tornado.journal_entry import JournalEntry

    assert journal.JournalEntry is JournalEntry
    book = Journal()
    book.note("GET", "/health", "", "service", None, None, 200, 0.001, False, {"Authorization": "x"}, b"", {})
    book.record(method="POST", path="/x", query="", route_kind="pipeline", model="m", task=None, status=200,
                duration_ms=1.0, stream=False, headers={}, raw_body=b"hi")
    entries = book.entries()
    assert [type(entry) for entry in entries] == [JournalEntry, JournalEntry]
    assert entries[0].headers == {"Authorization": journal.REDACTED} and entries[1].body == "hi"
