"""Test control: scripted answers (rules), faults, model warm-up, tokens and quotas, usage.

``Controller`` is the per-server object (``ServiceState.control``); ``model_state`` is the
legacy `GET /status/{id}` body for the Hub routes.
"""
from typing import Any

from .book import SpecError
from .controller import Controller, check_config

__all__ = ["Controller", "SpecError", "check_config", "model_state"]


def __getattr__(name: str) -> Any:
    # model_state lives with the warm-up book, which a server imports on first use only.
    if name == "model_state":
        from .warmup import model_state

        return model_state
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
