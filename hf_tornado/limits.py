"""Limits that protect the process from requests built to hurt it, each answered with the real
service's error.

- JSON nesting depth (``Config.max_json_depth``, default 128, serde_json's own limit that TGI and
  TEI inherit): a deeper body gets 400 ``Failed to parse the request body as JSON: recursion
  limit exceeded at line 1 column N`` (text/plain on TGI/TEI routes, the surface's JSON error
  elsewhere), before any parser recurses into it.
- Inputs per request (``Config.max_batch_size``): TEI's 422 ``batch size N > maximum allowed
  batch size M`` (WIRE.md 8).
- Tokens of one generation's context (``Config.max_total_tokens``, 0 = each card's own): the
  catalog caps every text-generation card (catalog.Catalog.within_limits), so TGI's own 422s
  (``inputs` tokens + `max_new_tokens` must be <= N``) and the info routes follow from the card.
- Token events of one answer (``Config.max_stream_events``): ``cap_generation`` below.
Body size is ``Config.max_body_bytes`` (413, handlers/base.py).
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any

from . import errors
from .tasks import Generation

# Strings (whose brackets do not count) and brackets, found by the regex engine in C; only
# these few tokens reach the Python loop.
_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)


def nesting_error(raw: bytes, limit: int, content_type: str = "") -> errors.ServiceError | None:
    """The error for a JSON body nested deeper than ``limit``, or None. A body that does not
    start like a JSON array or object (WAV, PNG, plain text) is never checked, whatever its
    Content-Type says: routes parse JSON by content, not by header. Costs one C-level count for
    any body with fewer than ``limit`` brackets, which is nearly every body."""
    if limit <= 0 or raw.count(b"[") + raw.count(b"{") <= limit:
        return None
    if raw.lstrip()[:1] not in (b"[", b"{"):
        return None
    depth = 0
    for match in _TOKENS.finditer(raw):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            if depth > limit:
                line = raw.count(b"\n", 0, match.start()) + 1
                column = match.start() - (raw.rfind(b"\n", 0, match.start()) + 1) + 1
                return errors.ServiceError(
                    400,
                    f"Failed to parse the request body as JSON: recursion limit exceeded at line {line} column {column}",
                    code="invalid_json",
                    plain_text=True,
                    tei_type="Validation",
                )
        elif token in (b"]", b"}"):
            depth -= 1
    return None


def batch_error(inputs: Any, limit: int) -> errors.ServiceError | None:
    """TEI's error for a list of more than ``limit`` inputs, or None."""
    if limit > 0 and isinstance(inputs, list) and len(inputs) > limit:
        return errors.ServiceError(
            422,
            f"batch size {len(inputs)} > maximum allowed batch size {limit}",
            error_type="validation",
            tei_type="Validation",
        )
    return None


def cap_generation(result: Any, limit: int) -> Any:
    """``result`` cut to ``limit`` tokens when it is a longer generation (a scripted rule's long
    answer; natural ones are 12-48 tokens), ending as the real service ends a generation that
    reaches its token limit: finish_reason ``length``, the end-of-sequence token not reached.
    Cut before any surface renders it, so stream and non-stream, usage, details and headers
    agree. Anything else, and a generation within the limit, is returned as it is; a cut one is
    a new object (the task's result is left unchanged)."""
    if limit <= 0 or not isinstance(result, Generation) or len(result.tokens) <= limit:
        return result
    extras = dict(result.extras)
    if isinstance(extras.get("top_tokens"), list):
        extras["top_tokens"] = extras["top_tokens"][:limit]
    if isinstance(extras.get("best_of_sequences"), list):
        extras["best_of_sequences"] = [_cut_sequence(s, limit) for s in extras["best_of_sequences"]]
    return dataclasses.replace(result, tokens=result.tokens[:limit], finish_reason="length", extras=extras)


def _cut_sequence(sequence: Any, limit: int) -> Any:
    """One of TGI's `best_of_sequences` (a details dict) cut like the main generation."""
    if not isinstance(sequence, dict) or len(sequence.get("tokens") or ()) <= limit:
        return sequence
    kept = sequence["tokens"][:limit]
    cut = {
        **sequence,
        "tokens": kept,
        "generated_tokens": limit,
        "finish_reason": "length",
        "generated_text": "".join(t["text"] for t in kept if not t.get("special")),
    }
    if isinstance(sequence.get("top_tokens"), list):
        cut["top_tokens"] = sequence["top_tokens"][:limit]
    return cut
