"""Every hook hf-tornado calls. Plugins implement them with ``@hf_tornado.hookimpl``.

Hooks are plain ``def``s. Collect-all hooks register things; ``firstresult`` hooks answer
"who claims this?" and the built-in answers to them are ``trylast``, so a third-party plugin
claims first whatever the registration order.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from .catalog import Catalog, ModelCard
    from .tasks import Task

PROJECT_NAME = "hf_tornado"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def hf_tornado_register_tasks() -> "list[Task]":
    """Return the tasks this plugin serves, as ``Task`` instances.

    Called once per app, when the app is made. Collect-all: every plugin's tasks are served.
    Two plugins returning a task of the same ``name`` is an error at startup that names both.
    """


@hookspec
def hf_tornado_register_models() -> "list[ModelCard]":
    """Return ``ModelCard``s for models this plugin knows (pipeline tag, labels, sizes).

    Called once per app, when the app is made. Collect-all; for the same model id a later
    plugin's card replaces an earlier one (entry-point plugins load after the built-ins).
    """


@hookspec(firstresult=True)
def hf_tornado_resolve_task(model: str, body: Any, catalog: "Catalog") -> str | None:
    """Return the task name for a request to ``model`` that named no task, or ``None``.

    Called per request when neither the path, ``?task=`` nor a body ``task`` names the task.
    ``body`` is the decoded JSON body (a dict, a list or a string) or the raw ``bytes``.
    First answer wins; the built-in answer (catalog, body shape, name rules, text-generation)
    is ``trylast``.
    """
