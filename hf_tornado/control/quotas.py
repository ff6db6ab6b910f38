"""Per-token quotas: requests and generated tokens per window (429), a credit budget (402).

Windows are fixed, starting at a token's first request; the clock is only used for limits,
never for content.
"""
from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from typing import Callable

from .. import errors
from .tokens import TokenSpec
from .faults import CREDITS_MESSAGE, RATE_LIMIT_MESSAGE


@dataclass
class _Window:
    start: float
    requests: int = 0
    tokens: int = 0


class Quotas:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._windows: dict[str, _Window] = {}
        self._credits_spent: dict[str, float] = {}
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._windows.clear()
            self._credits_spent.clear()

    def admit(self, token: TokenSpec, surface: str) -> None:
        """Count one request for ``token``, or raise the 402 / 429 the real service would send."""
        now = self._clock()
        with self._lock:
            if token.credits is not None and self._credits_spent.get(token.name, 0.0) >= token.credits:
                raise errors.ServiceError(402, CREDITS_MESSAGE, code="insufficient_quota", headers={"X-Error-Message": CREDITS_MESSAGE})
            window = self._windows.get(token.name)
            if window is None or now - window.start >= token.window_seconds:
                window = self._windows[token.name] = _Window(start=now)
            over_requests = token.requests_per_minute is not None and window.requests >= token.requests_per_minute
            over_tokens = token.tokens_per_minute is not None and window.tokens >= token.tokens_per_minute
            if over_requests or over_tokens:
                retry = max(1, math.ceil(token.window_seconds - (now - window.start)))
                message = "Model is overloaded" if surface == "tgi" else RATE_LIMIT_MESSAGE
                raise errors.ServiceError(429, message, error_type="overloaded" if surface == "tgi" else None, code="rate_limit_exceeded", headers={"Retry-After": str(retry)})
            window.requests += 1

    def charge(self, token: TokenSpec, prompt_tokens: int, generated_tokens: int, succeeded: bool) -> float:
        """Record what a finished request used; returns the credits it cost."""
        cost = 0.0
        with self._lock:
            window = self._windows.get(token.name)
            if window is not None:
                window.tokens += generated_tokens
            if succeeded:
                cost = token.credits_per_request + token.credits_per_1k_tokens * (prompt_tokens + generated_tokens) / 1000
                self._credits_spent[token.name] = self._credits_spent.get(token.name, 0.0) + cost
        return cost

    def spent(self, name: str) -> float:
        with self._lock:
            return self._credits_spent.get(name, 0.0)
