"""make_app(): the Tornado Application and the one route table.

Model ids contain slashes, so suffix routes (`/pipeline/{task}`, `/v1/...`) come before the
bare `/models/{id}`; the last route answers every unknown path with a JSON 404.
"""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any, Iterable

import pluggy
import tornado.web

from . import dispatch
from .lazy_routes import lazy_rules
from .config import Config
from .handlers import tei_routes
from .handlers.base import NotFoundHandler
from .handlers.deferred import deferred, resolved
from .handlers.health import HealthHandler
from .journal import Journal
from .registry import TaskRegistry, make_plugin_manager
from .state import ServiceState

_ROUTER = r"(?:/hf-inference)?"
_MODEL = r"(?P<model>[^?#]+?)"


def _surface(module: str, *handlers: str, **extra: Any) -> SimpleNamespace:
    """Stand-ins for a handler module's classes: the module is imported on the first request one
    of its routes serves, not at start-up (handlers/deferred.py, docs/performance.md)."""
    return SimpleNamespace(**{name: deferred(f"hf_tornado.handlers.{module}:{name}") for name in handlers}, **extra)


openai = _surface("openai", "ChatCompletionsHandler", "CompletionsHandler", "EmbeddingsHandler", "ModelsHandler")
tei = _surface("tei", "TEIHandler", ROUTES=tei_routes.ROUTES, MODEL_ROUTES=tei_routes.MODEL_ROUTES)
pipeline = _surface("pipeline", "PipelineHandler")
hub = _surface("hub", "ModelListHandler", "ModelInfoHandler", "TasksHandler", "AgentHarnessesHandler", "StatusHandler")
tgi = _surface("tgi", "GenerateHandler", "InfoHandler", "TokenizeHandler", "PingHandler", "MetricsHandler")
openapi_doc = _surface("openapi_doc", "OpenAPIHandler")
control = _surface(
    "control", "ResetHandler", "RequestsHandler", "RulesHandler", "FaultsHandler", "ModelsStateHandler",
    "TokensHandler", "UsageHandler", "StrictHandler", "ControlStateHandler",
)
# /health is answered by what start-up imports anyway: the server is healthy when it can serve.
service = _surface("service", "RootHandler", HealthHandler=HealthHandler)


def routes(state: ServiceState, *, deferred_handlers: bool = False) -> list[tuple[str, type, dict[str, Any]]]:
    """(pattern, handler class, kwargs) of every route, in matching order. The application
    holds stand-ins that import a surface on first use (``deferred_handlers=True``); by default
    each stand-in is resolved to its real class (which imports every surface)."""
    s = {"state": state}
    tgi_dialect = {"state": state, "surface": "tgi"}
    table: list[tuple[str, type, dict[str, Any]]] = [
        (rf"{_ROUTER}/models/{_MODEL}/v1/chat/completions/?", openai.ChatCompletionsHandler, tgi_dialect),
        (rf"{_ROUTER}/models/{_MODEL}/v1/completions/?", openai.CompletionsHandler, tgi_dialect),
        *((pattern, tei.TEIHandler, {"state": state, "operation": operation}) for pattern, operation in tei.MODEL_ROUTES),
        (rf"{_ROUTER}/models/{_MODEL}/pipeline/(?P<task>[^/]+)/?", pipeline.PipelineHandler, s),
        (rf"{_ROUTER}/pipeline/(?P<task>[^/]+)/{_MODEL}/?", pipeline.PipelineHandler, s),
        (rf"{_ROUTER}/models/{_MODEL}/?", pipeline.PipelineHandler, s),
        (r"/v1/chat/completions/?", openai.ChatCompletionsHandler, s),
        (r"/v1/completions/?", openai.CompletionsHandler, s),
        (r"/v1/embeddings/?", openai.EmbeddingsHandler, s),
        (r"/v1/models/?", openai.ModelsHandler, s),
        (rf"/v1/models/{_MODEL}/?", openai.ModelsHandler, s),
        (r"/v1/?", pipeline.PipelineHandler, s),
        (r"/api/models/?", hub.ModelListHandler, s),
        (rf"/api/models/{_MODEL}/revision/(?P<revision>[^/]+)/?", hub.ModelInfoHandler, s),
        (rf"/api/models/{_MODEL}/?", hub.ModelInfoHandler, s),
        (r"/api/tasks/?", hub.TasksHandler, s),
        (r"/api/agent-harnesses/?", hub.AgentHarnessesHandler, s),
        (rf"/status/{_MODEL}/?", hub.StatusHandler, s),
        (r"/generate/?", tgi.GenerateHandler, s),
        (r"/generate_stream/?", tgi.GenerateHandler, {"state": state, "stream": True}),
        (r"/info/?", tgi.InfoHandler, s),
        (r"/tokenize/?", tgi.TokenizeHandler, s),
        (r"/ping/?", tgi.PingHandler, s),
        (r"/metrics/?", tgi.MetricsHandler, s),
        (r"/health/?", service.HealthHandler, s),
        (r"/openapi\.json", openapi_doc.OpenAPIHandler, s),
        (r"/__parlel/reset/?", control.ResetHandler, s),
        (r"/__parlel/requests/?", control.RequestsHandler, s),
        (r"/__parlel/rules/?", control.RulesHandler, s),
        (r"/__parlel/rules/(?P<item_id>[^/]+)/?", control.RulesHandler, s),
        (r"/__parlel/faults/?", control.FaultsHandler, s),
        (r"/__parlel/faults/(?P<item_id>[^/]+)/?", control.FaultsHandler, s),
        (r"/__parlel/models/?", control.ModelsStateHandler, s),
        (r"/__parlel/models/(?P<action>cold|warm)/?", control.ModelsStateHandler, s),
        (r"/__parlel/tokens/?", control.TokensHandler, s),
        (r"/__parlel/usage/?", control.UsageHandler, s),
        (r"/__parlel/strict/?", control.StrictHandler, s),
        (r"/__parlel/control/?", control.ControlStateHandler, s),
        *((pattern, tei.TEIHandler, {"state": state, "operation": operation}) for pattern, operation in tei.ROUTES),
        (r"/", service.RootHandler, s),
        (r".*", NotFoundHandler, s),
    ]
    return table if deferred_handlers else [(pattern, resolved(handler), kwargs) for pattern, handler, kwargs in table]


def make_state(config: Config | None = None, plugin_manager: pluggy.PluginManager | None = None, plugins: Iterable[Any] = ()) -> ServiceState:
    config = config or Config()
    pm = plugin_manager or make_plugin_manager(load_entrypoints=not config.disable_plugin_autoload, extra_plugins=plugins)
    return ServiceState(
        config=config,
        plugin_manager=pm,
        registry=TaskRegistry(pm, max_total_tokens=config.max_total_tokens),
        journal=Journal(cap=config.journal_cap, body_cap=config.journal_body_bytes),
    )


def make_app(
    config: Config | None = None,
    plugin_manager: pluggy.PluginManager | None = None,
    *,
    plugins: Iterable[Any] = (),
    state: ServiceState | None = None,
) -> tornado.web.Application:
    """The Application for ``config``; ``app.settings["hf_state"]`` is its ServiceState."""
    state = state or make_state(config, plugin_manager, plugins)
    # dispatch.Application: Tornado's Application, with the route table matched in one regex;
    # each rule's own regex compiles on its first request (lazy_routes.py).
    rules = lazy_rules(routes(state, deferred_handlers=True))
    return dispatch.Application(rules, hf_state=state, compress_response=False)
