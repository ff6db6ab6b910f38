"""Model warm-up: cold models answer 503 loading until they are warm.

A model declared cold warms after ``requests`` answers of 503, or ``seconds`` after its first
request (whichever comes first when both are given), as the real service loaded a model on
first use. A request that asks to wait (``x-wait-for-model: true`` or
``options.wait_for_model``) waits for the rest of the load (``wait_seconds`` for a model cold by
count) and then gets an answer. Nothing is cold by default (WIRE 6.3: the JS SDK retries 503
without limit).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from .. import errors
from .rules import SpecError

# The longest a request waits for a model, whatever the spec says.
MAX_WAIT_SECONDS = 120.0


@dataclass
class ColdModel:
    model: str
    requests: int | None
    seconds: float | None
    estimated_time: float
    wait_seconds: float
    refused: int = 0
    started: float | None = None
    warm: bool = False

    def remaining(self, now: float) -> float:
        if self.seconds is None:
            return self.estimated_time
        started = self.started if self.started is not None else now
        return max(0.0, self.seconds - (now - started))

    def ready(self, now: float) -> bool:
        """Warm now: marked so, or its refusals or its loading time are used up (it is only
        marked at its next request, but a status read must already say so)."""
        if self.warm:
            return True
        by_count = self.requests is not None and self.refused >= self.requests
        by_time = self.seconds is not None and self.started is not None and now - self.started >= self.seconds
        return by_count or by_time

    def describe(self, now: float) -> dict[str, Any]:
        warm = self.ready(now)
        out: dict[str, Any] = {"id": self.model, "state": "Loaded" if warm else "Loadable", "loaded": warm,
                               "refused": self.refused, "loading": self.started is not None and not warm}
        if not warm:
            out["estimated_time"] = round(self.remaining(now), 3)
        return out


def parse_cold(spec: Any) -> ColdModel:
    if isinstance(spec, str):
        spec = {"model": spec}
    if not isinstance(spec, Mapping) or not isinstance(spec.get("model"), str) or not spec["model"]:
        raise SpecError("a cold model needs `model` (a model id)")
    unknown = sorted(set(spec) - {"model", "requests", "seconds", "estimated_time", "wait_seconds"})
    if unknown:
        raise SpecError(f"unknown key(s) in cold model: {', '.join(unknown)}")
    requests, seconds = spec.get("requests"), spec.get("seconds")
    if requests is None and seconds is None:
        requests = 1
    if requests is not None and (not isinstance(requests, int) or isinstance(requests, bool) or requests < 0):
        raise SpecError("`requests` must be a non-negative integer")
    for key in ("seconds", "estimated_time", "wait_seconds"):
        value = spec.get(key)
        if value is not None and (not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0):
            raise SpecError(f"`{key}` must be a non-negative number")
    return ColdModel(
        model=spec["model"],
        requests=requests,
        seconds=None if seconds is None else float(seconds),
        estimated_time=float(spec.get("estimated_time", seconds if seconds is not None else 20.0)),
        wait_seconds=float(spec.get("wait_seconds", 0.05)),
    )


class WarmUp:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._models: dict[str, ColdModel] = {}
        self._lock = threading.Lock()
        self._clock = clock
        self.any_cold = False

    def declare(self, spec: Any) -> ColdModel:
        cold = parse_cold(spec)
        with self._lock:
            self._models[cold.model] = cold
            self.any_cold = True
        return cold

    def warm(self, model: str | None = None) -> None:
        """Make ``model`` (or every model) warm now."""
        with self._lock:
            for cold in self._models.values():
                if model is None or cold.model == model:
                    cold.warm = True
            self.any_cold = any(not c.warm for c in self._models.values())

    def forget(self, model: str) -> None:
        """Drop ``model``'s warm-up state, as if it had never been declared cold."""
        with self._lock:
            self._models.pop(model, None)
            self.any_cold = any(not c.warm for c in self._models.values())

    def clear(self) -> None:
        with self._lock:
            self._models.clear()
            self.any_cold = False

    def states(self) -> dict[str, dict[str, Any]]:
        now = self._clock()
        with self._lock:
            return {m: c.describe(now) for m, c in self._models.items()}

    def check(self, model: str, wait: bool) -> float | errors.ServiceError | None:
        """None when ``model`` is warm; seconds to wait when the request waits; else the 503."""
        now = self._clock()
        with self._lock:
            cold = self._models.get(model)
            if cold is None or cold.warm:
                return None
            if cold.started is None:
                cold.started = now
            if cold.ready(now):
                self._mark_warm(cold)
                return None
            if wait:
                if cold.seconds is not None:  # the load finishes on its own clock
                    return min(cold.remaining(now), MAX_WAIT_SECONDS)
                self._mark_warm(cold)  # a model cold by count loads while this request waits
                return min(cold.wait_seconds, MAX_WAIT_SECONDS)
            cold.refused += 1
            estimated = round(cold.remaining(now), 3)
        return errors.ServiceError(503, f"Model {model} is currently loading", code="model_loading", extra={"estimated_time": estimated})

    def _mark_warm(self, cold: ColdModel) -> None:
        cold.warm = True
        self.any_cold = any(not c.warm for c in self._models.values())


def model_state(state: Any, model_id: str) -> dict[str, Any]:
    """``{"loaded": bool, "state": "Loaded" | "Loadable"}`` for ``model_id`` on the server
    ``state``: loaded unless declared cold and not warm yet. The Hub's legacy `GET /status/{id}`
    merges it into its body."""
    control = getattr(state, "control", None)
    cold = control.warmup.states().get(model_id) if control is not None else None
    loaded = cold is None or bool(cold["loaded"])
    return {"loaded": loaded, "state": "Loaded" if loaded else "Loadable"}
