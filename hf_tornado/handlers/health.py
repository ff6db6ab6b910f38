"""`GET /health`: answered by the start-up's own imports (no surface module needed)."""
from __future__ import annotations

from .base import BaseHandler


class HealthHandler(BaseHandler):
    surface = "control"

    def get(self) -> None:
        self.write_json({"status": "ok"})

    head = get  # `curl -I`, load balancers: headers only, as every GET route of axum answers HEAD
