"""pytest fixtures for testing apps against hf-tornado (registered through `pytest11`).

Fixtures only, all prefixed ``hf_``, none autouse. Imports happen inside the fixtures so that
merely having hf-tornado installed costs other test suites nothing.

- ``hf_server_session``: one server per test session, on a free loopback port, in its own thread.
- ``hf_server``: that server, reset (journal and scripted state cleared) before each test.
- ``hf_url``: ``hf_server.url``.
- ``hf_requests``: a function returning the journal entries, optionally filtered
  (``hf_requests(route_kind="chat", model="gpt2")``).
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
