"""Control routes for tests: `POST /__parlel/reset`, `GET|DELETE /__parlel/requests`."""
from __future__ import annotations

from .. import errors
from .base import BaseHandler

_FILTERS = ("model", "task", "route_kind", "status", "method", "path", "stream", "since_id")


class ControlHandler(BaseHandler):
    surface = "control"
    route_kind = "control"

    def record_in_journal(self) -> None:
        # Control requests are not journaled: a test's assertions would otherwise see their
        # own reads, and a reset would leave itself behind.
        return


class ResetHandler(ControlHandler):
    def post(self) -> None:
        self.state.reset()
        self.write_json({"status": "reset"})


class RequestsHandler(ControlHandler):
    def get(self) -> None:
        filters = {name: self.get_query_argument(name, None) for name in _FILTERS}
        limit = self.get_query_argument("limit", None)
        if limit is not None and not limit.isdigit():
            raise errors.bad_request("`limit` must be a non-negative integer")
        if filters["since_id"] is not None and not filters["since_id"].isdigit():
            raise errors.bad_request("`since_id` must be a non-negative integer")
        entries = self.state.journal.entries(**filters)
        if limit is not None:
            entries = entries[-int(limit):] if int(limit) else []
        self.write_json({"requests": [e.as_dict() for e in entries], "count": len(entries), "cap": self.state.journal.cap})

    def delete(self) -> None:
        self.state.journal.clear()
        self.write_json({"status": "cleared"})
