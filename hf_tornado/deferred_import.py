"""Naming code by a "module:Name" string and importing it when it is first needed.

Start-up imports only what the first request needs (docs/performance.md): route handlers
(handlers/deferred.py), built-in task implementations (builtin_tasks/lazy.py) and the control
layer's books (control/controller.py) are named this way and imported on first use.
"""
from __future__ import annotations

import importlib
from typing import Any


def import_named(target: str, package: str | None = None) -> Any:
    """The object ``target`` ("package.module:Name") names, importing its module now; a relative
    module (".rules:RuleBook") is resolved against ``package``."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module, package), name)
