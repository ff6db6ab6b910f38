"""BaseHandler: what every route shares.

- CORS on every answer, OPTIONS preflight 204.
- Request bodies are streamed in so an oversized one is refused with 413 (in the surface's
  dialect) instead of being buffered.
- Auth for inference routes.
- One error path: ``write_error`` renders ``ServiceError`` in ``self.surface``'s dialect; any
  other exception is a logged 500 ``{"error": "unknown error"}``, never a traceback or HTML.
- One journal entry per request, written in ``on_finish``.
"""
from __future__ import annotations

import functools
import json
import logging
import time
from typing import Any

import tornado
import tornado.httputil
import tornado.iostream
import tornado.web

from .. import auth, errors, limits
from ..synth.embedding_rows import EmbeddingRows
from ..state import ServiceState

log = logging.getLogger("hf_tornado")

JSON_TYPE = "application/json"
_ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS"
_EXPOSED_HEADERS = "x-compute-type, x-compute-time, x-request-id, x-compute-characters, x-inference-id"
_DEFAULT_ALLOWED_HEADERS = "Authorization, Content-Type, X-HF-Bill-To, x-wait-for-model, x-use-cache"


def _nested_embedding(value: Any) -> Any:
    """An embedding answer inside another value (a plugin wrapping one in a dict) is written as the
    floats its own text holds; anything else JSON cannot write is the TypeError json raises."""
    if type(value) is EmbeddingRows:
        return value.floats()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# What json.dumps(value, separators=(",", ":"), ensure_ascii=False) builds on every call, built
# once (an encoder keeps no state between calls): same bytes, a third less time per stream event.
_ENCODE = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, default=_nested_embedding).encode


def dumps(value: Any) -> bytes:
    if type(value) is EmbeddingRows:  # embeddings carry their own JSON text (synth/embedding.py)
        return value.json()
    return _ENCODE(value).encode("utf-8")


_SERVER = f"TornadoServer/{tornado.version}"


@functools.lru_cache(maxsize=4)
def _http_date(second: int) -> str:
    """The Date header for a wall-clock second (a pure function: memoised, not state)."""
    return tornado.httputil.format_timestamp(second)


def reject_json_constant(constant: str) -> Any:
    """Python reads NaN and Infinity, which JSON (and the real service's serde) does not: accepted,
    they would come back in the journal as invalid JSON."""
    raise ValueError(f"{constant} is not a JSON value")


# What json.loads(raw, parse_constant=reject_json_constant) builds on every call, built once (a
# decoder keeps no state between calls), as the stdlib keeps its own default decoder.
_DECODER = json.JSONDecoder(parse_constant=reject_json_constant)


def loads_json(raw: bytes) -> Any:
    """``json.loads(raw, parse_constant=reject_json_constant)`` for a body's bytes: the same
    decoding (UTF-8/16/32 detected as json.loads does), value and errors, half the time."""
    return _DECODER.decode(raw.decode(json.detect_encoding(raw), "surrogatepass"))


def header(headers: Any, name: str, default: Any = None) -> Any:
    """``headers.get(name, default)`` without the KeyError Tornado's HTTPHeaders raises and
    catches inside ``get`` for every header a request lacks."""
    return headers[name] if name in headers else default


@tornado.web.stream_request_body
class BaseHandler(tornado.web.RequestHandler):
    #: Error dialect: pipeline, tgi, openai, tei, hub, control.
    surface = "pipeline"
    #: What the journal calls this route.
    route_kind = "service"
    requires_auth = False

    def initialize(self, state: ServiceState) -> None:
        self.state = state
        self.model: str | None = None
        self.task_name: str | None = None
        self.streamed = False
        self.journal_extra: dict[str, Any] = {}
        self._chunks: list[bytes] = []
        self._received = 0
        self._too_large = False

    # --- response headers -------------------------------------------------------------------
    def clear(self) -> None:
        """Tornado's ``RequestHandler.clear`` (the same headers, in the same order, and state),
        cheaper: it runs for every request, and formatting the Date header (~8 us) and
        re-validating constant header values were a third of a request's tornado.web cost
        (docs/performance.md). tests/test_handler_headers.py compares it with Tornado's."""
        headers = self._headers = tornado.httputil.HTTPHeaders()
        headers["Server"] = _SERVER
        headers["Content-Type"] = "text/html; charset=UTF-8"
        headers["Date"] = _http_date(int(time.time()))
        self.set_default_headers()
        self._write_buffer = []
        self._status_code = 200
        self._reason = "OK"

    def set_trusted_header(self, name: str, value: str) -> None:
        """``set_header`` for a value built here from digits, hex and constants: Tornado checks
        every value for characters a header may not hold, which such a value cannot."""
        self._headers[name] = value

    # --- CORS -----------------------------------------------------------------------------
    def set_default_headers(self) -> None:
        headers = self._headers
        origin = header(self.request.headers, "Origin")
        # A credentialed browser request needs its Origin echoed instead of "*"; the client's
        # value goes through Tornado's checks.
        if origin:
            self.set_header("Access-Control-Allow-Origin", origin)
        else:
            headers["Access-Control-Allow-Origin"] = "*"
        headers["Access-Control-Allow-Credentials"] = "true"
        headers["Access-Control-Expose-Headers"] = _EXPOSED_HEADERS
        headers["Vary"] = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"

    def options(self, *args: Any, **kwargs: Any) -> None:
        self.set_header("Access-Control-Allow-Methods", _ALLOWED_METHODS)
        requested = self.request.headers.get("Access-Control-Request-Headers")
        self.set_header("Access-Control-Allow-Headers", requested or _DEFAULT_ALLOWED_HEADERS)
        self.set_header("Access-Control-Max-Age", "86400")
        self.set_status(204)
        self.finish()

    # --- body and auth --------------------------------------------------------------------
    def prepare(self) -> None:
        if self.request.method == "OPTIONS":
            return
        limit = self.body_limit()
        length = self.request.headers.get("Content-Length")
        if length is not None and length.isdigit() and int(length) > limit:
            raise errors.payload_too_large(limit)
        if self.auth_required():
            self.token = auth.bearer_token(self.request.headers)

    def auth_required(self) -> bool:
        return self.requires_auth

    def body_limit(self) -> int:
        """Largest body this route accepts (a surface may be stricter, as TEI's 2 MB is)."""
        return self.state.config.max_body_bytes

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        # Errors answered on purpose are the client's business, not the server log's.
        if isinstance(value, errors.ServiceError):
            log.debug("%s %s -> %s %s", self.request.method, self.request.path, value.status, value.message)
            return
        # A client that hangs up mid-stream is ordinary (a test that got what it needed, a
        # load generator that stops): not a crash worth a traceback.
        if isinstance(value, tornado.iostream.StreamClosedError):
            log.debug("%s %s: client closed the connection", self.request.method, self.request.path)
            return
        super().log_exception(typ, value, tb)

    def data_received(self, chunk: bytes) -> None:
        self._received += len(chunk)
        if self._received > self.body_limit():
            self._too_large = True
            self._chunks.clear()
        elif not self._too_large:
            self._chunks.append(chunk)

    @property
    def body(self) -> bytes:
        if self._too_large:
            raise errors.payload_too_large(self.body_limit())
        if self._chunks:
            self.request.body = b"".join(self._chunks)
            self._chunks = []
            # Checked once, before any route's parser can recurse into a hostile body.
            too_deep = limits.nesting_error(
                self.request.body, self.state.config.max_json_depth, self.request.headers.get("Content-Type", "")
            )
            if too_deep is not None:
                self._too_deep = too_deep
        if getattr(self, "_too_deep", None) is not None:
            raise self._too_deep
        return self.request.body

    def is_json_request(self) -> bool:
        content_type = self.request.headers.get("Content-Type", "")
        return content_type.split(";", 1)[0].strip().lower().endswith("json")

    def json_body(self, *, required: bool = True) -> Any:
        """The body parsed as JSON; a 400 in the surface's dialect when it is not."""
        raw = self.body
        if not raw.strip():
            if required:
                raise errors.bad_request("Request body is empty; expected a JSON object", code="invalid_json")
            return None
        try:
            return loads_json(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise errors.bad_request(f"Invalid JSON body: {exc}", code="invalid_json", plain_text=False) from None

    # --- answers --------------------------------------------------------------------------
    def write_json(self, value: Any, status: int = 200, content_type: str = JSON_TYPE) -> None:
        self.set_status(status)
        if content_type is JSON_TYPE:
            self._headers["Content-Type"] = JSON_TYPE
        else:
            self.set_header("Content-Type", content_type)
        self.finish(dumps(value))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(exc, errors.ServiceError):
            error = exc
        elif isinstance(exc, tornado.web.HTTPError):
            error = _http_error(exc, self.request.method or "")
        else:
            if exc is not None:
                log.error("unhandled error on %s %s", self.request.method, self.request.path, exc_info=kwargs["exc_info"])
            error = errors.ServiceError(500, "unknown error")
        rendered = error.render(self.surface)
        self.clear()
        self.set_default_headers()
        self.set_status(rendered.status)
        for name, value in rendered.headers.items():
            self.set_header(name, value)
        self.set_header("Content-Type", rendered.content_type)
        self.journal_extra.setdefault("error", error.message)
        self.finish(rendered.body)

    def send_error(self, status_code: int = 500, **kwargs: Any) -> None:
        # Tornado refuses to send an error once headers are out (mid-stream); by then the
        # surface has written its own error event, so just close.
        if self._headers_written:
            if not self._finished:
                self.finish()
            return
        super().send_error(status_code, **kwargs)

    # --- journal --------------------------------------------------------------------------
    def finish(self, chunk: Any = None) -> Any:
        # Journal before the last bytes go out: a client that has its answer must find the
        # request in the journal (on_finish runs after the response is flushed).
        self.record_in_journal()
        return super().finish(chunk)

    def on_finish(self) -> None:
        self.record_in_journal()  # a connection closed before finish() still leaves a trace

    def record_in_journal(self) -> None:
        if getattr(self, "_journaled", False) or self.request.method == "OPTIONS":
            return
        self._journaled = True
        request = self.request
        self.state.journal.note(
            request.method or "",
            request.path,
            request.query,
            self.route_kind,
            self.model,
            self.task_name,
            self._status_code,
            request.request_time(),
            self.streamed,
            request.headers,
            b"" if self._too_large else (request.body or b"".join(self._chunks)),
            self.journal_extra,
        )


def _http_error(exc: tornado.web.HTTPError, method: str) -> errors.ServiceError:
    if exc.status_code == 405:
        return errors.ServiceError(405, f"Method {method} is not allowed on this route", code="method_not_allowed")
    if exc.status_code == 404:
        return errors.not_found("Not Found")
    return errors.ServiceError(exc.status_code, exc.log_message or exc.reason or "error")


class NotFoundHandler(BaseHandler):
    """Every unknown route: a JSON 404, never Tornado's HTML page."""

    surface = "control"

    def prepare(self) -> None:
        if self.request.method != "OPTIONS":
            raise errors.not_found(f"No route for {self.request.method} {self.request.path}", code="route_not_found")
