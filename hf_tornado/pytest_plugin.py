"""pytest fixtures for testing apps against hf-tornado (registered through `pytest11`).

Fixtures only, all prefixed ``hf_``, none autouse. Imports happen inside the fixtures so that
merely having hf-tornado installed costs other test suites nothing.

- ``hf_server_session``: one server per test session, on a free loopback port, in its own thread.
- ``hf_server``: that server, reset (journal and scripted state cleared) before each test.
- ``hf_url``: ``hf_server.url``.
- ``hf_requests``: a function returning the journal entries, optionally filtered
  (``hf_requests(route_kind="chat", model="gpt2")``).
- ``hf_stub``, ``hf_fault``, ``hf_cold``, ``hf_tokens``: add a rule, a fault, a cold model or a
  token list for this test only (undone after it); ``hf_journal``: assertions over the journal
  (``hf_journal.assert_one(route_kind="chat", model="gpt2")``). See docs/control.md.
- ``hf_redirect``: ``hf_server`` with ``hf_tornado.redirect(hf_server.url)`` active for the test:
  the app's unedited huggingface_hub calls by model id land on it (undone after the test).
"""
from __future__ import annotations

from typing import Any, Callable, Iterator

import pytest


@pytest.fixture(scope="session")
def hf_server_session() -> Iterator[Any]:
    from hf_tornado import HuggingfaceInferenceServer

    server = HuggingfaceInferenceServer(port=0)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def hf_server(hf_server_session: Any) -> Iterator[Any]:
    hf_server_session.reset()
    yield hf_server_session


@pytest.fixture
def hf_url(hf_server: Any) -> str:
    return hf_server.url


@pytest.fixture
def hf_requests(hf_server: Any) -> Callable[..., list[Any]]:
    return hf_server.requests


@pytest.fixture
def hf_redirect(hf_server: Any) -> Iterator[Any]:
    from hf_tornado.redirect import redirect

    with redirect(hf_server.url):
        yield hf_server


@pytest.fixture
def hf_stub(hf_server: Any) -> Iterator[Callable[..., str]]:
    """``hf_stub(model="gpt2", contains="weather", output="It is sunny.")`` -> rule id."""
    added: list[str] = []

    def stub(spec: Any = None, **fields: Any) -> str:
        added.append(hf_server.stub(spec, **fields))
        return added[-1]

    yield stub
    for rule_id in added:
        hf_server.unstub(rule_id)


@pytest.fixture
def hf_fault(hf_server: Any) -> Iterator[Callable[..., str]]:
    """``hf_fault("rate_limit", model="gpt2", times=1)`` -> fault id."""
    added: list[str] = []

    def fault(kind: str, **fields: Any) -> str:
        added.append(hf_server.fault(kind, **fields))
        return added[-1]

    yield fault
    for fault_id in added:
        hf_server.clear_fault(fault_id)


@pytest.fixture
def hf_cold(hf_server: Any) -> Iterator[Callable[..., None]]:
    """``hf_cold("gpt2", requests=2)``: the model answers 503 loading twice, then warms."""
    declared: list[str] = []

    def cold(model: str, **fields: Any) -> None:
        hf_server.cold(model, **fields)
        declared.append(model)

    yield cold
    for model in declared:
        hf_server.control.warmup.forget(model)


@pytest.fixture
def hf_tokens(hf_server: Any) -> Iterator[Callable[..., None]]:
    """``hf_tokens([{"name": "ci", "token": "hf_ci", "requests_per_minute": 2}])``: only these
    tokens pass during the test."""
    control = hf_server.control
    before = control.tokens
    yield hf_server.set_tokens
    control.tokens = before
    control.quotas.clear()


@pytest.fixture
def hf_journal(hf_server: Any) -> Any:
    """Assertions over the journal: ``hf_journal.assert_one(route_kind="chat", model="gpt2",
    where=lambda e: "tools" in e.json)``; ``hf_journal(**filters)`` lists entries."""
    from hf_tornado.control.journal_assert import JournalAssert

    return JournalAssert(hf_server.requests)
