"""BaseHandler's cheaper clear() and header setting give what Tornado's would."""
from __future__ import annotations

import email.utils

import tornado.httputil
import tornado.web

from hf_tornado.app import make_app
from hf_tornado.config import Config
from hf_tornado.handlers.pipeline import PipelineHandler


class _Connection:
    def set_close_callback(self, callback: object) -> None:
        pass


def _handler(**headers: str) -> PipelineHandler:
    app = make_app(Config(disable_plugin_autoload=True))
    request = tornado.httputil.HTTPServerRequest(
        start_line=tornado.httputil.RequestStartLine("POST", "/models/gpt2", "HTTP/1.1"),
        headers=tornado.httputil.HTTPHeaders({"Host": "127.0.0.1", **headers}), connection=_Connection(), body=b"{}",
    )
    return PipelineHandler(app, request, state=app.settings["hf_state"])


def _state(handler: PipelineHandler) -> tuple:
    pairs = [(name, value if name != "Date" else email.utils.parsedate_to_datetime(value).timestamp()) for name, value in handler._headers.get_all()]
    return pairs, handler._status_code, handler._reason, handler._write_buffer


def test_clear_leaves_what_tornados_clear_leaves() -> None:
    for headers in ({}, {"Origin": "http://example.com"}, {"Origin": ""}):
        ours, theirs = _handler(**headers), _handler(**headers)
        for handler in (ours, theirs):  # dirty both first
            handler.set_status(404)
            handler.set_header("X-Extra", "1")
            handler.write(b"partial")
        ours.clear()
        tornado.web.RequestHandler.clear(theirs)
        (our_pairs, *our_rest), (their_pairs, *their_rest) = _state(ours), _state(theirs)
        assert our_rest == their_rest == [200, "OK", []]
        assert [name for name, _ in our_pairs] == [name for name, _ in their_pairs]
        for (name, ours_value), (_, theirs_value) in zip(our_pairs, their_pairs):
            if name == "Date":
                assert abs(ours_value - theirs_value) <= 1
            else:
                assert ours_value == theirs_value


def test_a_generation_answers_with_the_headers_it_always_had(http) -> None:  # type: ignore[no-untyped-def]
    response = http("POST", "/models/gpt2", {"inputs": "The answer"}, headers={"Origin": "http://example.com"})
    assert response.status == 200
    # (urllib closes each connection, so Tornado adds its Connection: close)
    assert [name for name, _ in response.headers.items() if name != "Connection"] == [
        "Server", "Content-Type", "Date", "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
        "Access-Control-Expose-Headers", "Vary", "X-Prompt-Tokens", "X-Generated-Tokens", "X-Request-Id", "X-Inference-Id",
        "X-Compute-Type", "X-Compute-Time", "X-Compute-Characters", "X-Inference-Provider", "Content-Length",
    ]
    assert response.headers["Access-Control-Allow-Origin"] == "http://example.com"
    assert response.headers["Content-Type"] == "application/json"
    assert email.utils.parsedate_to_datetime(response.headers["Date"]).tzname() == "UTC"


def test_loads_json_and_header_behave_as_the_stdlib_and_tornado_calls() -> None:
    import json

    import pytest

    from hf_tornado.handlers.base import header, loads_json, reject_json_constant

    samples = [b'{"inputs": "x"}', b"[1, 2.5, null]", '"é"'.encode("utf-16"), '{"a": "é"}'.encode("utf-32"), b"\xef\xbb\xbf{}",
               b"{bad", b"NaN", b'{"a": Infinity}', b"\xff\xfe\x00", b"", b"12345678901234567890", b'"\\ud800"']
    for raw in samples:
        try:
            expected: object = json.loads(raw, parse_constant=reject_json_constant)
        except (ValueError, UnicodeDecodeError) as exc:
            with pytest.raises(type(exc)) as caught:
                loads_json(raw)
            assert str(caught.value) == str(exc)
        else:
            assert loads_json(raw) == expected
    headers = tornado.httputil.HTTPHeaders({"Accept": "a/b", "X-Two": "1"})
    headers.add("X-Two", "2")
    for name in ("Accept", "accept", "X-Two", "Origin"):
        assert header(headers, name) == headers.get(name)
        assert header(headers, name, "d") == headers.get(name, "d")
