"""The configured token list: which bearer tokens pass, and their limits (``Controller.tokens``).

With a token list configured, only listed tokens pass: an unknown one gets 401, one without the
inference permission 403, in the real service's words (WIRE 6.1). Tokens are compared in
constant time and never stored anywhere but here: the journal, the logs and the control routes
only ever see a token's name. Imported when a token list is first set, not at start-up
(docs/performance.md); ``hf_tornado.auth`` reads the bearer token of every request.
"""
from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from .. import errors

_TOKEN_KEYS = ("name", "token", "inference", "user", "requests_per_minute", "tokens_per_minute", "credits",
               "credits_per_request", "credits_per_1k_tokens", "window_seconds")


@dataclass(frozen=True)
class TokenSpec:
    """One accepted token and its limits (None: unlimited)."""

    name: str
    secret: str = field(repr=False)
    inference: bool = True
    user: str = ""
    requests_per_minute: int | None = None
    tokens_per_minute: int | None = None
    credits: float | None = None
    credits_per_request: float = 1.0
    credits_per_1k_tokens: float = 0.0
    # The quota window; 60 s like the real per-minute limits, shorter in tests.
    window_seconds: float = 60.0

    def describe(self) -> dict[str, Any]:
        """Everything but the secret."""
        return {k: getattr(self, k) for k in _TOKEN_KEYS if k != "token"}


def parse_token(spec: Any) -> TokenSpec:
    if not isinstance(spec, Mapping):
        raise ValueError("a token must be a JSON object with `name` and `token`")
    unknown = sorted(set(spec) - set(_TOKEN_KEYS))
    if unknown:
        raise ValueError(f"unknown key(s) in token: {', '.join(unknown)}; known: {', '.join(_TOKEN_KEYS)}")
    name, secret = spec.get("name"), spec.get("token")
    if not isinstance(name, str) or not name or not isinstance(secret, str) or not secret:
        raise ValueError("a token needs a non-empty `name` and a non-empty `token`")
    for key in ("requests_per_minute", "tokens_per_minute"):
        value = spec.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise ValueError(f"`{key}` of token {name!r} must be a non-negative integer")
    for key in ("credits", "credits_per_request", "credits_per_1k_tokens", "window_seconds"):
        value = spec.get(key)
        if value is not None and (not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0):
            raise ValueError(f"`{key}` of token {name!r} must be a non-negative number")
    return TokenSpec(
        name=name,
        secret=secret,
        inference=spec.get("inference", True) is not False,
        user=str(spec.get("user") or name),
        requests_per_minute=spec.get("requests_per_minute"),
        tokens_per_minute=spec.get("tokens_per_minute"),
        credits=None if spec.get("credits") is None else float(spec["credits"]),
        credits_per_request=float(spec.get("credits_per_request", 1.0)),
        credits_per_1k_tokens=float(spec.get("credits_per_1k_tokens", 0.0)),
        window_seconds=float(spec.get("window_seconds", 60.0)) or 60.0,
    )


def identify(token: str, tokens: Iterable[TokenSpec]) -> TokenSpec:
    """The listed token equal to ``token`` (every entry is compared, in constant time, so timing
    tells nothing); 401 if none, 403 if it may not call inference."""
    given = token.encode("utf-8")
    found: TokenSpec | None = None
    for spec in tokens:
        if hmac.compare_digest(given, spec.secret.encode("utf-8")):
            found = spec
    if found is None:
        raise errors.unauthorized("Invalid credentials in Authorization header")
    if not found.inference:
        message = (
            "This authentication method does not have sufficient permissions to call Inference Providers "
            f"on behalf of user {found.user}"
        )
        raise errors.ServiceError(403, message, code="insufficient_permissions", headers={"X-Error-Message": message})
    return found
