"""Control routes for tests (docs/control.md has the reference):

- `POST /__parlel/reset`; `GET|DELETE /__parlel/requests` (the journal, with filters);
- `GET|POST|DELETE /__parlel/rules`, `DELETE /__parlel/rules/{id}` (scripted answers);
- `GET|POST|DELETE /__parlel/faults`, `DELETE /__parlel/faults/{id}`;
- `GET /__parlel/models`, `POST /__parlel/models/cold`, `POST /__parlel/models/warm` (warm-up);
- `GET|PUT|DELETE /__parlel/tokens` (names and limits only, never the tokens);
- `GET /__parlel/usage`; `GET|POST /__parlel/strict`; `GET /__parlel/control` (all of it).
"""
from __future__ import annotations

from typing import Any, Callable

from .. import errors
from ..control import SpecError
from .base import BaseHandler

_FILTERS = ("model", "task", "route_kind", "status", "method", "path", "stream", "since_id", "token_name", "rule", "fault")


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
        unknown = sorted(set(self.request.query_arguments) - {*_FILTERS, "limit"})
        if unknown:  # a misspelt filter would otherwise list every request and pass a test by accident
            raise errors.bad_request(f"unknown filter(s): {', '.join(unknown)}; known: {', '.join(_FILTERS)}, limit")
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


class _SpecHandler(ControlHandler):
    """Shared: a JSON body, and spec errors as 400 `{"error": ...}`."""

    def spec_body(self) -> Any:
        return self.json_body()

    def apply(self, make: Callable[[Any], Any]) -> Any:
        try:
            return make(self.spec_body())
        except SpecError as exc:
            raise errors.bad_request(str(exc), code="invalid_spec") from None


class _BookHandler(_SpecHandler):
    """Rules and faults: POST one spec or `{"<plural>": [specs]}`, GET the list, DELETE all or one."""

    plural = ""

    def book(self) -> Any:
        raise NotImplementedError

    def get(self, item_id: str | None = None) -> None:
        self.write_json({self.plural: [item.describe() for item in self.book().list()]})

    def post(self, item_id: str | None = None) -> None:
        def add(body: Any) -> list[Any]:
            specs = body[self.plural] if isinstance(body, dict) and self.plural in body else [body]
            if not isinstance(specs, list):
                raise SpecError(f"`{self.plural}` must be a list")
            return [self.book().add(spec).describe() for spec in specs]

        added = self.apply(add)
        self.write_json({self.plural: added}, status=201)

    def delete(self, item_id: str | None = None) -> None:
        if item_id is None:
            self.book().clear()
            self.write_json({"status": "cleared"})
        elif self.book().remove(item_id):
            self.write_json({"status": "removed", "id": item_id})
        else:
            raise errors.not_found(f"No {self.plural[:-1]} with id {item_id!r}")


class RulesHandler(_BookHandler):
    plural = "rules"

    def book(self) -> Any:
        return self.state.control.rules


class FaultsHandler(_BookHandler):
    plural = "faults"

    def book(self) -> Any:
        return self.state.control.faults


class ModelsStateHandler(_SpecHandler):
    """`GET /__parlel/models`: every catalog model and every declared cold model, with its state;
    `POST .../cold` declares cold models, `POST .../warm` warms one (`{"model"}`) or all."""

    def get(self, action: str | None = None) -> None:
        cold = self.state.control.warmup.states()
        models = [{"id": card.id, "task": card.task, **cold.get(card.id, {"state": "Loaded", "loaded": True})}
                  for card in self.state.registry.catalog]
        known = {m["id"] for m in models}
        models += [{"id": m, "task": None, **state} for m, state in cold.items() if m not in known]
        self.write_json({"models": models})

    def post(self, action: str | None = None) -> None:
        warmup = self.state.control.warmup
        if action == "cold":
            def declare(body: Any) -> list[Any]:
                specs = body["cold_models"] if isinstance(body, dict) and "cold_models" in body else [body]
                return [warmup.declare(spec).model for spec in specs]

            self.write_json({"cold": self.apply(declare)}, status=201)
        elif action == "warm":
            body = self.json_body(required=False) or {}
            warmup.warm(body.get("model") if isinstance(body, dict) else None)
            self.write_json({"models": warmup.states()})
        else:
            raise errors.not_found("POST /__parlel/models/cold or /__parlel/models/warm")


class TokensHandler(_SpecHandler):
    def get(self) -> None:
        self.write_json({"enabled": bool(self.state.control.tokens), "tokens": [t.describe() for t in self.state.control.tokens]})

    def put(self) -> None:
        def replace(body: Any) -> None:
            specs = body.get("tokens") if isinstance(body, dict) else body
            if not isinstance(specs, list):
                raise SpecError("send {\"tokens\": [{\"name\", \"token\", ...}]}")
            self.state.control.set_tokens(specs)

        self.apply(replace)
        self.get()

    post = put

    def delete(self) -> None:
        self.state.control.set_tokens(None)
        self.write_json({"enabled": False, "tokens": []})


class UsageHandler(ControlHandler):
    def get(self) -> None:
        self.write_json(self.state.control.usage.totals())


class StrictHandler(_SpecHandler):
    def get(self) -> None:
        self.write_json({"strict": self.state.control.strict})

    def post(self) -> None:
        body = self.json_body(required=False)
        enabled = body.get("strict", True) if isinstance(body, dict) else True
        if not isinstance(enabled, bool):
            raise errors.bad_request("`strict` must be true or false")
        self.state.control.strict = enabled
        self.get()


class ControlStateHandler(ControlHandler):
    def get(self) -> None:
        self.write_json(self.state.control.describe())
