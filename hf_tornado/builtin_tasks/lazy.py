"""LazyTask: a task registered by name whose implementation is imported on its first run.

A built-in plugin module registers its model cards and tasks at start-up; the code that answers
(samplers, parsers, PNG/WAV/JPEG writers, label tables, regexes, dataclasses) lives in a separate
``*_tasks`` module that only the first request of one of its tasks imports. Importing all of them
was ~20 ms of `python -m hf_tornado`'s start-up (docs/performance.md). A LazyTask is a ``Task``
like any other: plugins may register one too, or plain ``Task`` instances as before.
"""
from __future__ import annotations

from typing import Any

from hf_tornado.deferred_import import import_named
from hf_tornado.errors import PluginError
from hf_tornado.tasks import InferenceRequest, Task


class LazyTask(Task):
    """The task ``name``, implemented by the ``Task`` class ``implementation`` ("module:Class"),
    which is imported and instantiated on the first ``run``."""

    def __init__(self, name: str, implementation: str, *, binary_input: bool = False) -> None:
        module_name, colon, class_name = implementation.partition(":")
        if not (module_name and colon and class_name):  # caught at registration, not first request
            raise PluginError(f"LazyTask {name!r}: implementation {implementation!r} is not 'module:Class'")
        self.name = name  # type: ignore[misc]  # per instance: one LazyTask class, many tasks
        self.binary_input = binary_input  # type: ignore[misc]
        self.implementation = implementation
        self._task: Task | None = None

    def run(self, request: InferenceRequest) -> Any:
        task = self._task
        if task is None:
            # Two threads may both load it: the same class, instantiated twice, is harmless.
            task = self._task = self.load()
        return task.run(request)

    def load(self) -> Task:
        try:
            task = import_named(self.implementation)()
        except Exception as exc:
            # A plugin's mistake, found on the task's first request (logged with the 500 it
            # answers): say which task and implementation, as a failed entry point does. Not
            # kept: a later request tries again.
            raise PluginError(
                f"task {self.name!r}: implementation {self.implementation} failed to load: {type(exc).__name__}: {exc}"
            ) from exc
        if task.name != self.name or bool(task.binary_input) != self.binary_input:
            raise PluginError(
                f"{self.implementation} is task {task.name!r} (binary_input={task.binary_input}), "
                f"registered as {self.name!r} (binary_input={self.binary_input})"
            )
        return task
