"""ServiceState: everything one running app owns. Never module-level: two apps, two states."""
from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Callable

import pluggy

from .config import Config
from .control import Controller, check_config
from .journal import Journal
from .registry import TaskRegistry


@dataclass
class ServiceState:
    config: Config
    plugin_manager: pluggy.PluginManager
    registry: TaskRegistry
    journal: Journal
    started_at: float = field(default_factory=time.time)
    # Features with per-test state (stubs, faults, quotas) register how to clear it.
    reset_callbacks: list[Callable[[], None]] = field(default_factory=list)
    _request_numbers: itertools.count = field(default_factory=lambda: itertools.count(1))

    # Test control (stubs, faults, warm-up, tokens, usage), built from the config file's extras.
    control: Controller = field(init=False)

    def __post_init__(self) -> None:
        self.control = check_config(self.config.extra)
        self.reset_callbacks.append(self.control.reset)

    def reset(self) -> None:
        """Back to a freshly started server: journal and every feature's state cleared."""
        self.journal.clear()
        for callback in self.reset_callbacks:
            callback()

    def next_request_number(self) -> int:
        return next(self._request_numbers)
