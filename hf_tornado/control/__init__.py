"""Test control: scripted answers (rules), faults, model warm-up, tokens and quotas, usage.

``Controller`` is the per-server object (``ServiceState.control``); ``model_state`` is the
legacy `GET /status/{id}` body for the Hub routes.
"""
from .controller import Controller, check_config
from .rules import SpecError
from .warmup import model_state

__all__ = ["Controller", "SpecError", "check_config", "model_state"]
