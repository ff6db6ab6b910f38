"""`/openapi.json` describes every route, and schemathesis finds no 5xx and no answer outside it.

Schemathesis generates requests from the document (a few examples per operation, derandomized
so CI is repeatable) and checks each answer: never a 5xx, status codes, content types and JSON
bodies as documented. State a generated request may set up (rules, faults, tokens) is reset
after each call, so one operation's examples cannot break another's.
"""
from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hf_tornado import openapi
from hf_tornado.app import make_state, routes

AUTH = {"Authorization": "Bearer hf_test_token"}


def test_every_route_of_the_table_is_described(http):
    doc = http("GET", "/openapi.json", auth=False).json()
    assert doc["openapi"].startswith("3.")
    described = set(doc["paths"])
    for pattern, handler, _ in routes(make_state()):
        for path, _ in openapi.templates(pattern):
            if openapi._methods(handler):
                assert path in described, f"{pattern} ({handler.__name__}) is not in /openapi.json"
    # And nothing is described that the server does not route.
    assert "/v1/chat/completions" in described and "/models/{model}/v1/chat/completions" in described
    assert set(doc["paths"]["/__parlel/requests"]) == {"get", "delete"}
    assert doc["paths"]["/models/{model}"]["post"]["security"] == [{"bearer": []}]


def test_templates_of_route_patterns():
    assert openapi.templates(r"(?:/hf-inference)?/models/(?P<model>[^?#]+?)/pipeline/(?P<task>[^/]+)/?") == [
        ("/models/{model}/pipeline/{task}", {}),
        ("/hf-inference/models/{model}/pipeline/{task}", {}),
    ]
    assert openapi.templates(r"/__parlel/models/(?P<action>cold|warm)/?") == [("/__parlel/models/{action}", {"action": ["cold", "warm"]})]
    assert openapi.templates(".*") == []


# schemathesis's own pytest integration (`from_fixture`) does not run on pytest 9, so each
# operation's strategy is drawn with hypothesis directly: the same generation and checks.
_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
_SCHEMA = schemathesis.openapi.from_dict(openapi.document(routes(make_state())))
_OPERATIONS = [result.ok() for result in _SCHEMA.get_all_operations()]


@pytest.mark.parametrize("operation", _OPERATIONS, ids=lambda op: f"{op.method.upper()} {op.path}")
def test_schemathesis_no_server_error_and_answers_conform(operation, hf_server_session):
    base_url = hf_server_session.url

    @given(case=operation.as_strategy())
    @settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        try:
            response = case.call(base_url=base_url, headers=AUTH, timeout=15)
            case.validate_response(response, checks=_CHECKS)
            assert b"Traceback" not in response.content
            assert not re.search(rb"<html", response.content[:200], re.I)
        finally:
            hf_server_session.reset()

    check()
