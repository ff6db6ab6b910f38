"""pytest fixtures for testing apps against hf-tornado (registered through `pytest11`).

Fixtures only, all prefixed ``hf_``, none autouse. Imports happen inside the fixtures so that
merely having hf-tornado installed costs other test suites nothing.

- ``hf_server_session``: one server per test session, on a free loopback port, in its own thread.
- ``hf_server``: that server, reset (journal and scripted state cleared) before each test.
- ``hf_url``: ``hf_server.url``.
- ``hf_requests``: a function returning the journal entries, optionally filtered
  (``hf_requests(route_kind="chat", model="gpt2")``).
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
