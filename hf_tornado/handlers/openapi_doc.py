"""`GET /openapi.json`: the OpenAPI document of the routes this very application serves."""
from __future__ import annotations

from typing import Any

from .. import openapi
from .base import BaseHandler
from .deferred import resolved


class OpenAPIHandler(BaseHandler):
    surface = "control"
    route_kind = "service"

    def get(self) -> None:
        self.write_json(openapi.document(_route_table(self.application)))


def _route_table(application: Any) -> list[tuple[str, type, dict[str, Any]]]:
    """(pattern, handler class, kwargs) of each route, read back from the live Application so
    plugin-added routes are described too."""
    table = []
    for rule in application.wildcard_router.rules:
        pattern = getattr(rule.matcher, "regex", None)
        if pattern is None or not isinstance(rule.target, type):
            continue
        # A stand-in (handlers/deferred.py) is described as the real handler it serves.
        table.append((pattern.pattern.removesuffix("$"), resolved(rule.target), rule.target_kwargs or {}))
    return table
