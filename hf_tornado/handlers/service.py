"""Service routes: `GET /` (what this server is and serves) and `GET /health`."""
from __future__ import annotations

from typing import Any

from .. import __version__
from .base import BaseHandler
from .pipeline import PipelineHandler


class RootHandler(PipelineHandler):
    """`GET /` describes the service; `POST /` is the TGI/TEI compat inference route."""

    route_kind = "pipeline"

    def auth_required(self) -> bool:
        return self.request.method == "POST"

    def get(self, *args: Any) -> None:  # type: ignore[override]
        self.route_kind = "service"
        registry = self.state.registry
        self.write_json(
            {
                "name": "hf-tornado",
                "description": "A local, deterministic emulator of the Hugging Face Inference API",
                "version": __version__,
                "default_model": self.state.config.default_model,
                "default_embedding_model": self.state.config.default_embedding_model,
                "tasks": sorted(registry.tasks),
                "plugins": registry.plugins_and_tasks(),
            }
        )


class HealthHandler(BaseHandler):
    surface = "control"

    def get(self) -> None:
        self.write_json({"status": "ok"})

    head = get  # `curl -I`, load balancers: headers only, as every GET route of axum answers HEAD
