"""One error hierarchy. Each error knows its status and renders itself in each surface's dialect.

Surfaces: ``pipeline`` (hf-inference: ``{"error": str | [str]}``), ``tgi``
(``{"error", "error_type"}``), ``openai`` (``{"error": {"message", "type", "param", "code"}}``),
``tei`` (``{"error", "error_type"}`` with PascalCase types), ``hub`` and ``control``
(``{"error": str}``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Mapping


class HFTornadoError(Exception):
    """Base of every error hf-tornado raises on purpose."""


class ConfigError(HFTornadoError):
    """A setting is invalid; the CLI prints it on one line and exits 1."""


class PluginError(HFTornadoError):
    """A plugin failed to load or to register; the message names the plugin."""


@dataclass
class ErrorResponse:
    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


class ServiceError(HFTornadoError):
    """An error answered to a client.

    ``error_type`` is the TGI/TEI variant (``validation``, ``generation``, ...); ``code`` the
    OpenAI envelope's code (defaults to ``error_type``); ``as_list`` sends the pipeline message as
    a list of strings, as hf-inference's input validation does; ``extra`` adds keys to the
    pipeline body (``estimated_time``); ``plain_text`` renders framework errors as text/plain on
    the TGI and TEI surfaces.
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        error_type: str | None = None,
        code: str | None = None,
        param: str | None = None,
        as_list: bool = False,
        extra: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        plain_text: bool = False,
        tei_type: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_type = error_type
        self.code = code
        self.param = param
        self.as_list = as_list
        self.extra = dict(extra or {})
        self.headers = dict(headers or {})
        self.plain_text = plain_text
        self.tei_type = tei_type

    def body(self, surface: str) -> Any:
        if surface == "openai":
            return {
                "error": {
                    "message": self.message,
                    "type": "invalid_request_error" if self.status < 500 else "server_error",
                    "param": self.param,
                    "code": self.code or self.error_type or _reason(self.status),
                }
            }
        if surface == "tei":
            return {"error": self.message, "error_type": self.tei_type or _tei_type(self.status)}
        if surface == "tgi":
            return {"error": self.message, "error_type": self.error_type or _reason(self.status)}
        body: dict[str, Any] = {"error": [self.message] if self.as_list else self.message}
        if self.error_type and surface == "pipeline":
            body["error_type"] = self.error_type
        body.update(self.extra)
        return body

    def render(self, surface: str) -> ErrorResponse:
        headers = dict(self.headers)
        if self.plain_text and surface in ("tgi", "tei"):
            return ErrorResponse(self.status, self.message.encode(), "text/plain; charset=utf-8", headers)
        data = json.dumps(self.body(surface), ensure_ascii=False).encode("utf-8")
        return ErrorResponse(self.status, data, "application/json", headers)


_REASONS = {
    400: "bad_request",
    401: "unauthorized",
    402: "payment_required",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation",
    424: "generation",
    429: "overloaded",
    500: "internal_error",
    502: "bad_gateway",
    503: "unavailable",
    504: "timeout",
}

_TEI_TYPES = {400: "Empty", 413: "Validation", 422: "Validation", 424: "Backend", 429: "Overloaded", 503: "Unhealthy"}


def _reason(status: int) -> str:
    return _REASONS.get(status, "error")


def _tei_type(status: int) -> str:
    return _TEI_TYPES.get(status, "Backend")


# Constructors for the errors every surface shares. Messages are the real service's.

def bad_request(message: str, **kw: Any) -> ServiceError:
    return ServiceError(400, message, **kw)


def missing_field(field_path: str) -> ServiceError:
    return ServiceError(400, f"Error in `{field_path}`: field required", as_list=True)


def invalid_field(field_path: str, message: str) -> ServiceError:
    return ServiceError(400, f"Error in `{field_path}`: {message}", as_list=True)


def validation(message: str, **kw: Any) -> ServiceError:
    """TGI's 422 input validation error."""
    return ServiceError(422, f"Input validation error: {message}", error_type="validation", **kw)


def unauthorized(message: str = "Invalid username or password.") -> ServiceError:
    return ServiceError(
        401,
        message,
        code="invalid_api_key",
        headers={
            "WWW-Authenticate": 'Bearer realm="Authentication required", charset="UTF-8"',
            "X-Error-Message": message,
        },
    )


def not_found(message: str, **kw: Any) -> ServiceError:
    return ServiceError(404, message, **kw)


# serde's `Unexpected` wording, shared by TGI's and TEI's `invalid type: ...` messages (both are
# Rust routers): a string is shown as Rust's `{:?}` shows it, quotes and controls escaped.
_RUST_STR_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\0": "\\0"}


def serde_describe(value: Any) -> str:
    """A JSON value as serde names it in `invalid type: ..., expected ...` messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean `{str(value).lower()}`"
    if isinstance(value, int):
        return f"integer `{value}`"
    if isinstance(value, float):
        return f"floating point `{value}`"
    if isinstance(value, str):
        return f'string "{"".join(_rust_escape(ch) for ch in value)}"'
    return "sequence" if isinstance(value, list) else "map"


def _rust_escape(ch: str) -> str:
    if ch in _RUST_STR_ESCAPES:
        return _RUST_STR_ESCAPES[ch]
    if ord(ch) < 0x20 or ord(ch) == 0x7F:
        return f"\\u{{{ord(ch):x}}}"
    return ch


def payload_too_large(limit: int) -> ServiceError:
    return ServiceError(
        413,
        "Failed to buffer the request body: length limit exceeded",
        code="payload_too_large",
        plain_text=True,
        extra={"max_body_bytes": limit},
    )
