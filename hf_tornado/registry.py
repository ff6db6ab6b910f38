"""The plugin manager and the task registry built from it.

One ``PluginManager`` per app: the built-ins in ``DEFAULT_PLUGINS`` are registered on it exactly
like entry-point plugins, so built-ins use only the public hook API, and two apps in one process
can carry different plugins.
"""
from __future__ import annotations

import importlib
import inspect
import os
import sys
from typing import Any, Iterable

import pluggy

from . import entry_points, hookspecs
from .catalog import Catalog, ModelCard
from .errors import PluginError
from .tasks import Task

ENTRY_POINT_GROUP = "hf_tornado"

DEFAULT_PLUGINS: tuple[str, ...] = (
    "hf_tornado.builtin_tasks.models",
    "hf_tornado.builtin_tasks.text_generation",
    "hf_tornado.builtin_tasks.feature_extraction",
    "hf_tornado.builtin_tasks.tei_models",
    "hf_tornado.builtin_tasks.text_classification",
    "hf_tornado.builtin_tasks.token_classification",
    "hf_tornado.builtin_tasks.question_answering",
    "hf_tornado.builtin_tasks.text2text",
    "hf_tornado.builtin_tasks.fill_mask",
    "hf_tornado.builtin_tasks.tabular",
    "hf_tornado.builtin_tasks.vision",
    "hf_tornado.builtin_tasks.multimodal",
    "hf_tornado.builtin_tasks.image_generation",
    "hf_tornado.builtin_tasks.audio",
)


def make_plugin_manager(
    *, load_entrypoints: bool = True, extra_plugins: Iterable[Any] = ()
) -> pluggy.PluginManager:
    """A manager with the hook specs, the built-ins, the entry points (unless disabled) and
    ``extra_plugins`` (modules or objects, e.g. a test's plugin), validated."""
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    for module_name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(module_name), name=module_name)
    if load_entrypoints:
        _load_entry_points(pm)
    for plugin in extra_plugins:
        name = getattr(plugin, "__name__", None) or type(plugin).__name__
        if pm.is_registered(plugin):
            continue
        _register(pm, plugin, name)
    _validate(pm)
    return pm


# Finding entry points reads every installed distribution's metadata (~4 ms, half of an
# embedded server's start; entry_points.py avoids importing importlib.metadata, another ~13 ms of
# `python -m hf_tornado`). The answer only changes when sys.path does, when a test swaps
# metadata.entry_points, or when a distribution is installed into (or removed from) a sys.path
# directory, which changes that directory's mtime (importlib.metadata's own lookup cache is keyed
# the same way): the last one is kept with what it was computed from.
_entry_point_memo: dict[str, Any] = {}


def _path_mtimes() -> tuple[int | None, ...]:
    """Each sys.path entry's mtime (None if it does not exist): one stat each, ~1 us."""
    out = []
    for entry in sys.path:
        try:
            out.append(os.stat(entry or ".").st_mtime_ns)
        except OSError:
            out.append(None)
    return tuple(out)


def _entry_points() -> tuple[Any, ...]:
    key = (entry_points.replaced_metadata_function(), tuple(sys.path), _path_mtimes())
    if _entry_point_memo.get("key") != key:
        _entry_point_memo.update(key=key, found=entry_points.entry_points(ENTRY_POINT_GROUP))
    return _entry_point_memo["found"]


def _load_entry_points(pm: pluggy.PluginManager) -> None:
    for ep in _entry_points():
        if pm.get_plugin(ep.name) is not None or pm.is_blocked(ep.name):
            continue
        try:
            plugin = ep.load()
        except Exception as exc:
            raise PluginError(f"plugin {ep.name!r} ({ep.value}) failed to import: {type(exc).__name__}: {exc}") from exc
        _register(pm, plugin, ep.name)


def _register(pm: pluggy.PluginManager, plugin: Any, name: str) -> None:
    try:
        pm.register(plugin, name=name)
    except (ValueError, pluggy.PluginValidationError) as exc:
        raise PluginError(f"plugin {name!r} could not be registered: {exc}") from exc


def _validate(pm: pluggy.PluginManager) -> None:
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {pm.get_name(exc.plugin)!r}: {exc}") from exc
    for hook_name in ("hf_tornado_register_tasks", "hf_tornado_register_models", "hf_tornado_resolve_task"):
        for impl in getattr(pm.hook, hook_name).get_hookimpls():
            if inspect.iscoroutinefunction(impl.function):
                # An async implementation returns a coroutine, never None: it would answer every
                # firstresult question and silence the other plugins.
                raise PluginError(f"plugin {impl.plugin_name!r}: {hook_name} must be a plain def, not async def")


def plugin_names(pm: pluggy.PluginManager) -> list[str]:
    return [name for name, _ in pm.list_name_plugin()]


class TaskRegistry:
    """Tasks and model cards collected from every plugin, and task resolution."""

    def __init__(self, pm: pluggy.PluginManager, *, max_total_tokens: int = 0) -> None:
        self.pm = pm
        self.tasks: dict[str, Task] = {}
        self.task_plugins: dict[str, str] = {}
        for impl in pm.hook.hf_tornado_register_tasks.get_hookimpls():
            for task in impl.function() or ():
                self._add_task(task, impl.plugin_name)
        cards: list[ModelCard] = []
        for batch in reversed(pm.hook.hf_tornado_register_models()):
            cards.extend(batch or ())
        self.catalog = Catalog(cards, max_total_tokens=max_total_tokens)

    def _add_task(self, task: Task, plugin_name: str) -> None:
        if not getattr(task, "name", None) or not callable(getattr(task, "run", None)):
            raise PluginError(f"plugin {plugin_name!r} registered {task!r}, which is not a Task (needs name and run)")
        if task.name in self.tasks:
            raise PluginError(
                f"task {task.name!r} is registered twice: by plugin {self.task_plugins[task.name]!r} "
                f"and by plugin {plugin_name!r}"
            )
        self.tasks[task.name] = task
        self.task_plugins[task.name] = plugin_name

    def get(self, task_name: str) -> Task | None:
        return self.tasks.get(task_name)

    def resolve(self, model: str, body: Any) -> str:
        """The task of a request that named none (DESIGN: override > plugins > catalog > rules)."""
        return self.pm.hook.hf_tornado_resolve_task(model=model, body=body, catalog=self.catalog)

    def plugins_and_tasks(self) -> dict[str, list[str]]:
        listing: dict[str, list[str]] = {name: [] for name in plugin_names(self.pm)}
        for task_name, plugin_name in self.task_plugins.items():
            listing.setdefault(plugin_name, []).append(task_name)
        return listing
