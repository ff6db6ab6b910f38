"""Service routes: `GET /` (what this server is and serves); `GET /health` is in health.py."""
from __future__ import annotations

from typing import Any

from .. import __version__
from .health import HealthHandler  # noqa: F401  (its home until /health needed no surface module)
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
