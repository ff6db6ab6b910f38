"""Usage totals per model and per token name, exact (the journal is capped, these are not)."""
from __future__ import annotations

import threading
from typing import Any

_FIELDS = ("requests", "errors", "streamed", "prompt_tokens", "generated_tokens", "credits")


def _empty() -> dict[str, Any]:
    return {name: 0 for name in _FIELDS}


class Usage:
    def __init__(self) -> None:
        self._models: dict[str, dict[str, Any]] = {}
        self._tokens: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def record(self, model: str | None, token_name: str | None, *, status: int, stream: bool,
               prompt_tokens: int, generated_tokens: int, credits: float) -> None:
        with self._lock:
            # get() first: setdefault would build an empty totals dict on every request.
            key = model or "(none)"
            targets = [self._models.get(key) or self._models.setdefault(key, _empty())]
            if token_name is not None:
                targets.append(self._tokens.get(token_name) or self._tokens.setdefault(token_name, _empty()))
            for totals in targets:
                totals["requests"] += 1
                totals["errors"] += status >= 400
                totals["streamed"] += stream
                totals["prompt_tokens"] += prompt_tokens
                totals["generated_tokens"] += generated_tokens
                totals["credits"] = round(totals["credits"] + credits, 6)

    def totals(self) -> dict[str, Any]:
        with self._lock:
            models = {k: dict(v) for k, v in self._models.items()}
            tokens = {k: dict(v) for k, v in self._tokens.items()}
        overall = _empty()
        for totals in models.values():
            for name in _FIELDS:
                overall[name] += totals[name]
        overall["credits"] = round(overall["credits"], 6)
        return {"total": overall, "models": models, "tokens": tokens}

    def clear(self) -> None:
        with self._lock:
            self._models.clear()
            self._tokens.clear()
