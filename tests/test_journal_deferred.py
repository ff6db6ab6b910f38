"""Journal.note (the request path's deferred record) reads back exactly as Journal.record."""
from __future__ import annotations

import tornado.httputil

from hf_tornado.journal import Journal


def test_note_reads_back_as_record_would_have_stored_it() -> None:
    headers = tornado.httputil.HTTPHeaders({"Authorization": "Bearer hf_secret", "X-Custom": "yes", "Cookie": "a=b"})
    for body in (b"", b'{"inputs":"x"}', b"\xff\xfe" + b"y" * 50, "é".encode() * 8):
        recorded, noted = Journal(cap=5, body_cap=10), Journal(cap=5, body_cap=10)
        extra = {"parameters": {}}
        entry = recorded.record(method="POST", path="/models/gpt2", query="a=1", route_kind="pipeline", model="gpt2",
                                task="text-generation", status=200, duration_ms=round(0.0123456 * 1000, 3), stream=False,
                                headers={"Authorization": "[redacted]", "X-Custom": "yes", "Cookie": "[redacted]"},
                                raw_body=body, extra=extra)
        noted.note("POST", "/models/gpt2", "a=1", "pipeline", "gpt2", "text-generation", 200, 0.0123456, False, headers, body, extra)
        [read] = noted.entries()
        assert {**read.as_dict(), "time": 0} == {**entry.as_dict(), "time": 0}
        assert read.extra is extra  # the handler's dict, as record() keeps it


def test_noted_entries_are_bounded_numbered_and_filtered_like_recorded_ones() -> None:
    journal = Journal(cap=3, body_cap=4)
    for i in range(7):
        if i % 2:
            journal.note("GET", f"/{i}", "", "service", None, None, 200, 0.0, False, {"A": "b"}, b"abcdef", {})
        else:
            journal.record(method="POST", path=f"/{i}", query="", route_kind="pipeline", model=None, task=None, status=404,
                           duration_ms=0.0, stream=False, headers={}, raw_body=b"x")
    assert [(e.id, e.path) for e in journal.entries()] == [(5, "/4"), (6, "/5"), (7, "/6")]
    assert [e.path for e in journal.entries(status=200)] == ["/5"]
    [noted] = journal.entries(route_kind="service")
    assert noted.body == "abcd" and noted.body_truncated and noted.body_bytes == 6 and noted.headers == {"A": "b"}
    off = Journal(cap=0)
    off.note("GET", "/", "", "service", None, None, 200, 0.0, False, {}, b"", {})
    assert off.entries() == [] and len(off) == 0
