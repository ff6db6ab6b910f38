"""RequestFacts: what the control layer knows about an inference request before a task runs.

Rules and faults are decided on these facts, gathered once from the handler after auth and
after the body has arrived, so a rule can answer before the surface parses anything.
"""
from __future__ import annotations

import fnmatch
import json
from functools import cached_property
from typing import Any, Mapping

# The task a route kind always serves; pipeline routes resolve it per model.
ROUTE_TASKS = {"chat": "text-generation", "completions": "text-generation", "embeddings": "feature-extraction",
               "tgi": "text-generation"}  # TEI routes resolve per operation and model
_PLACEHOLDER_MODELS = ("tgi", "dummy", "")


class RequestFacts:
    """Computed lazily: the body is parsed, and the task resolved, only if a rule or fault asks,
    so the control step stays cheap when the configured rules look at the model alone."""

    def __init__(self, handler: Any, token_name: str | None) -> None:
        self._handler = handler
        self.token_name = token_name
        self.route_kind: str = handler.route_kind
        self.surface: str = handler.surface
        self.headers: Mapping[str, str] = handler.request.headers
        self.raw: bytes = handler.body or b""

    @cached_property
    def body(self) -> Any:
        """The parsed JSON body, or None when the body is not JSON."""
        raw = self.raw
        if raw.lstrip()[:1] in (b"{", b"[") or "json" in self.headers.get("Content-Type", ""):
            try:
                return json.loads(raw)
            except (ValueError, UnicodeDecodeError):
                return None
        return None

    @cached_property
    def model(self) -> str:
        model = (self._handler.path_kwargs.get("model") or "").rstrip("/")
        if model:
            return model
        named = self.body.get("model") if isinstance(self.body, dict) else None
        if isinstance(named, str) and "://" not in named and named not in _PLACEHOLDER_MODELS:
            return named.rsplit(":", 1)[0] if ":" in named else named
        config = self._handler.state.config
        return config.default_embedding_model if self.route_kind in ("embeddings", "tei") else config.default_model

    @cached_property
    def task(self) -> str | None:
        return _task_of(self._handler, self.route_kind, self.model, self.body, self.raw)

    @cached_property
    def stream(self) -> bool:
        if self._handler.request.path.rstrip("/").endswith("generate_stream"):
            return True
        return isinstance(self.body, dict) and self.body.get("stream") is True

    @cached_property
    def wait_for_model(self) -> bool:
        if self.headers.get("x-wait-for-model", "").strip().lower() in ("true", "1"):
            return True
        options = self.body.get("options") if isinstance(self.body, dict) else None
        return isinstance(options, dict) and options.get("wait_for_model") is True

    @cached_property
    def text(self) -> str:
        """The body as text, for substring and regex matching."""
        return self.raw.decode("utf-8", errors="replace")

    @cached_property
    def last_message(self) -> str | None:
        """The content of the last chat message, as text (content parts joined)."""
        messages = self.body.get("messages") if isinstance(self.body, dict) else None
        if not isinstance(messages, list) or not messages or not isinstance(messages[-1], dict):
            return None
        content = messages[-1].get("content")
        if isinstance(content, list):
            return " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict) and p.get("type") == "text")
        return "" if content is None else str(content)


def glob_match(pattern: str, value: str | None) -> bool:
    """Exact or shell-style glob (``meta-llama/*``), case-sensitive like model ids."""
    if value is None:
        return False
    return pattern == value or fnmatch.fnmatchcase(value, pattern)


def one_or_many(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def json_subset(wanted: Any, actual: Any) -> bool:
    """True when ``wanted`` is contained in ``actual``: dict keys recursively, list items in order
    as a prefix-free subsequence, scalars equal."""
    if isinstance(wanted, dict):
        return isinstance(actual, dict) and all(k in actual and json_subset(v, actual[k]) for k, v in wanted.items())
    if isinstance(wanted, list):
        if not isinstance(actual, list):
            return False
        position = 0
        for item in wanted:
            while position < len(actual) and not json_subset(item, actual[position]):
                position += 1
            if position == len(actual):
                return False
            position += 1
        return True
    return wanted == actual


def facts_from_handler(handler: Any, token_name: str | None) -> RequestFacts:
    """The facts of an InferenceHandler whose body has arrived."""
    return RequestFacts(handler, token_name)


def _task_of(handler: Any, route_kind: str, model: str, body: Any, raw: bytes) -> str | None:
    explicit = handler.path_kwargs.get("task") or handler.get_query_argument("task", None)
    if explicit:
        return explicit
    if isinstance(body, dict) and isinstance(body.get("task"), str):
        return body["task"]
    if route_kind in ROUTE_TASKS:
        return ROUTE_TASKS[route_kind]
    try:
        return handler.state.registry.resolve(model, body if body is not None else raw)
    except Exception:  # a task the surface will reject with its own error
        return None
