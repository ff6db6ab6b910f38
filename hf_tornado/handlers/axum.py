"""The framework errors of TGI's and TEI's routers, both Rust (axum's Json extractor over
serde_json): text/plain, answered before the request reaches the model (WIRE.md 4.1 and 8).

- a Content-Type that is not JSON: 415;
- a body that is not JSON: 400 with serde_json's wording and position.

What a body of the wrong shape gets (422 ``Failed to deserialize ...``) is up to each surface.
"""
from __future__ import annotations

import json
from typing import Any

from .. import errors


def require_json_content_type(content_type: str) -> None:
    media = content_type.split(";", 1)[0].strip().lower()
    if not (media == "application/json" or media.endswith("+json")):
        raise errors.ServiceError(415, "Expected request with `Content-Type: application/json`", plain_text=True)


class _NotJson(ValueError):
    pass


def _not_json(constant: str) -> Any:
    raise _NotJson(constant)


def parse_json(raw: bytes) -> Any:
    """The body's JSON value, or axum's 400 in serde_json's words."""
    try:
        return json.loads(raw, parse_constant=_not_json)
    except _NotJson as exc:  # NaN / Infinity: Python reads them, serde_json does not
        before = raw[: raw.find(exc.args[0].encode())]
        line, column = before.count(b"\n") + 1, len(before) - before.rfind(b"\n")
        raise _parse_error(f"expected value at line {line} column {column}") from None
    except UnicodeDecodeError:
        raise _parse_error("invalid unicode code point at line 1 column 1") from None
    except json.JSONDecodeError as exc:
        position = end_position(raw, consumed_whitespace=True) if _at_end(exc) else f"line {exc.lineno} column {exc.colno}"
        raise _parse_error(f"{_serde_message(exc)} at {position}") from None
    except ValueError:  # an integer of more than 4,300 digits (Python's int limit); serde says so too
        raise _parse_error("number out of range at line 1 column 1") from None


def end_position(raw: bytes, *, consumed_whitespace: bool = False) -> str:
    """serde's `line L column C` of the body's last character (of the trailing white space too
    when the parser read it, as it does before an EOF error)."""
    text = raw.decode("utf-8", "replace")
    text = text if consumed_whitespace else text.rstrip()
    line = text.count("\n") + 1
    column = len(text) - (text.rfind("\n") + 1)
    return f"line {line} column {column}"


def _parse_error(detail: str) -> errors.ServiceError:
    return errors.ServiceError(400, f"Failed to parse the request body as JSON: {detail}", plain_text=True)


def _at_end(exc: json.JSONDecodeError) -> bool:
    return exc.pos >= len(exc.doc.rstrip())


def _serde_message(exc: json.JSONDecodeError) -> str:
    """serde_json's wording for the commonest syntax errors."""
    if _at_end(exc):
        return "EOF while parsing a value"
    return {
        "Expecting value": "expected value",
        "Expecting property name enclosed in double quotes": "key must be a string",
        "Expecting ',' delimiter": "expected `,` or `}`",
        "Expecting ':' delimiter": "expected `:`",
        "Extra data": "trailing characters",
    }.get(exc.msg, exc.msg[:1].lower() + exc.msg[1:])
