"""Faults: the real service's bad days, on purpose.

A fault is a JSON object: a ``kind`` (what goes wrong), targeting (``model`` glob,
``route_kind``, ``task``, ``token_name``, ``stream``, a seeded ``fraction``, the next ``times``
requests) and the kind's settings. Error kinds answer in the surface's own envelope; stream
kinds act after the answer has started; ``latency`` only slows things down.

The fraction is deterministic: fault ``f`` fires on its n-th candidate request when
``seed(f, n)`` falls below the fraction, so a run repeats exactly.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

from .. import errors
from ..synth.seed import seed_int
from .book import SpecBook
from .facts import RequestFacts, glob_match, one_or_many
from .rules import MAX_DELAY_SECONDS, SpecError, check_delay, check_targets

RATE_LIMIT_MESSAGE = (
    "Rate limit reached. You reached free usage limit (reset hourly). Please subscribe to a plan at "
    "https://huggingface.co/pricing to use the API at this rate"
)
CREDITS_MESSAGE = (
    "You have exceeded your monthly included credits for Inference Providers. "
    "Subscribe to PRO to get 20x more monthly included credits."
)

# kind -> (status, TGI error_type, OpenAI code)
ERROR_KINDS: dict[str, tuple[int, str, str]] = {
    "loading": (503, "unavailable", "model_loading"),
    "rate_limit": (429, "overloaded", "rate_limit_exceeded"),
    "server_error": (500, "internal_error", "internal_error"),
    "bad_gateway": (502, "bad_gateway", "bad_gateway"),
    "timeout": (504, "timeout", "timeout"),
    "generation": (424, "generation", "generation"),
    "credits": (402, "payment_required", "insufficient_quota"),
}
STREAM_KINDS = ("stream_error", "stream_cut", "stream_endless")
KINDS = (*ERROR_KINDS, *STREAM_KINDS, "latency")

_TARGET_KEYS = ("model", "route_kind", "task", "token_name", "stream", "fraction", "times")
_SETTING_KEYS = (
    "status", "message", "error_type", "delay", "retry_after", "retry_after_ms", "should_retry", "estimated_time",
    "after_chunks", "max_chunks", "time_to_first_token", "tokens_per_second",
)
_KEYS = ("id", "kind", *_TARGET_KEYS, *_SETTING_KEYS)


def default_message(kind: str, model: str, surface: str) -> str:
    if kind == "loading":
        return f"Model {model} is currently loading"
    if kind == "rate_limit":
        return "Model is overloaded" if surface == "tgi" else RATE_LIMIT_MESSAGE
    if kind == "credits":
        return CREDITS_MESSAGE
    if kind == "generation":
        return "Request failed during generation: Server error: CUDA out of memory. Tried to allocate 2.00 GiB"
    if kind == "timeout":
        return "Model too busy, unable to get response in less than 120 second(s)"
    if kind == "bad_gateway":
        return "Bad Gateway"
    return "unknown error"


@dataclass
class Fault:
    id: str
    kind: str
    spec: dict[str, Any]
    order: int
    candidates: int = 0
    fired: int = 0

    @property
    def expired(self) -> bool:
        times = self.spec.get("times")
        return times is not None and self.fired >= times

    def targets(self, facts: RequestFacts) -> bool:
        s = self.spec
        models = one_or_many(s.get("model"))
        if models is not None and not any(glob_match(p, facts.model) for p in models):
            return False
        kinds = one_or_many(s.get("route_kind"))
        if kinds is not None and facts.route_kind not in kinds:
            return False
        if "task" in s and facts.task != s["task"]:
            return False
        if "token_name" in s and facts.token_name != s["token_name"]:
            return False
        wants_stream = s.get("stream", True if self.kind in STREAM_KINDS else None)
        if wants_stream is not None and facts.stream != bool(wants_stream):
            return False
        return True

    def roll(self) -> bool:
        """Count a candidate request and decide, deterministically, whether the fault fires."""
        self.candidates += 1
        fraction = self.spec.get("fraction")
        if fraction is not None and (seed_int("fault", self.id, self.candidates) % 1_000_000) / 1_000_000 >= fraction:
            return False
        self.fired += 1
        return True

    def error(self, facts: RequestFacts) -> errors.ServiceError:
        """This fault as an error in the real service's words, for ``facts.surface``."""
        status, _, code = ERROR_KINDS.get(self.kind, (500, "internal_error", "internal_error"))
        s = self.spec
        status = s.get("status", status)
        message = s.get("message") or default_message(self.kind, facts.model, facts.surface)
        headers: dict[str, str] = {}
        if self.kind == "rate_limit" or "retry_after" in s or "retry_after_ms" in s:
            seconds = s.get("retry_after", s["retry_after_ms"] / 1000 if "retry_after_ms" in s else 1)
            headers["Retry-After"] = str(math.ceil(seconds))
            if "retry_after_ms" in s:  # the openai SDKs prefer it: tiny delays in tests
                headers["retry-after-ms"] = str(s["retry_after_ms"])
        if "should_retry" in s:  # the openai SDKs' override of their status rule (WIRE 5.10)
            headers["x-should-retry"] = "true" if s["should_retry"] else "false"
        if self.kind == "credits":
            headers["X-Error-Message"] = message
        extra = {"estimated_time": float(s.get("estimated_time", 20.0))} if self.kind == "loading" else {}
        # The pipeline body has no error_type, except a 424 (only TGI-served models fail during
        # generation, and their errors pass through); TGI's otherwise comes from the status.
        error_type = s.get("error_type") or ("generation" if self.kind == "generation" else None)
        return errors.ServiceError(status, message, error_type=error_type, code=code, extra=extra, headers=headers)

    def describe(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, **{k: v for k, v in self.spec.items() if k not in ("id", "kind")},
                "candidates": self.candidates, "fired": self.fired}


def parse_fault(spec: Any, fault_id: str, order: int) -> Fault:
    if not isinstance(spec, Mapping):
        raise SpecError("a fault must be a JSON object")
    spec = dict(spec)
    kind = spec.get("kind")
    if kind not in KINDS:
        raise SpecError(f"`kind` must be one of {', '.join(KINDS)}; got {kind!r}")
    unknown = sorted(set(spec) - set(_KEYS))
    if unknown:
        raise SpecError(f"unknown key(s) in fault: {', '.join(unknown)}; known: {', '.join(_KEYS)}")
    spec = {k: v for k, v in spec.items() if v is not None}  # null means "not given"
    check_targets(spec, "")
    for key in ("message", "error_type"):
        if key in spec and not isinstance(spec[key], str):
            raise SpecError(f"`{key}` must be a string")
    fraction = spec.get("fraction")
    if fraction is not None and not (isinstance(fraction, (int, float)) and 0 <= fraction <= 1):
        raise SpecError("`fraction` must be a number between 0 and 1")
    for key in ("times", "after_chunks", "max_chunks", "status", "retry_after_ms"):
        value = spec.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise SpecError(f"`{key}` must be a non-negative integer")
    for key in ("retry_after", "time_to_first_token", "tokens_per_second", "estimated_time"):
        value = spec.get(key)
        if value is not None and (not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0):
            raise SpecError(f"`{key}` must be a non-negative number")
    if "status" in spec and not 400 <= spec["status"] <= 599:
        raise SpecError("`status` must be an HTTP error status (400 to 599)")
    for key in ("delay", "time_to_first_token"):
        if key in spec:
            check_delay(spec[key], key)
    tps = spec.get("tokens_per_second")
    if tps and tps < 1 / MAX_DELAY_SECONDS:
        raise SpecError(f"`tokens_per_second` must be 0 (unpaced) or at least {1 / MAX_DELAY_SECONDS:g}")
    if kind == "stream_endless" and spec.get("max_chunks") is None:
        spec["max_chunks"] = 1000  # "endless" is bounded: a test that forgets to stop must still end
    return Fault(id=str(spec.get("id") or fault_id), kind=kind, spec=spec, order=order)


class FaultBook(SpecBook[Fault]):
    """The faults of one server, oldest first."""

    def __init__(self) -> None:
        super().__init__(parse_fault, "fault", lambda f: f.order)

    def fire(self, facts: RequestFacts) -> list[Fault]:
        """The faults that fire on this request, oldest first: at most one error or stream fault
        (the first that fires) plus every latency fault."""
        fired: list[Fault] = []
        decisive = False
        with self._lock:
            for fault in self._ordered:
                if fault.expired or not fault.targets(facts):
                    continue
                is_latency = fault.kind == "latency"
                if decisive and not is_latency:
                    continue
                if fault.roll():
                    fired.append(fault)
                    decisive = decisive or not is_latency
        return fired
