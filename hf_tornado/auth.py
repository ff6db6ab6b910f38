"""Bearer-token checks for inference routes.

By default any non-empty token passes. With a token list configured (``control/tokens.py``),
only listed tokens pass.
"""
from __future__ import annotations

from typing import Mapping

from . import errors


def bearer_token(headers: Mapping[str, str]) -> str:
    """The token of ``Authorization: Bearer <token>``; 401 in the real service's words if there
    is none or it is malformed."""
    header = headers.get("Authorization")
    if header is None or not header.strip():
        raise errors.unauthorized("Invalid username or password.")
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or token in ("undefined", "null"):
        raise errors.unauthorized("Invalid credentials in Authorization header")
    return token
