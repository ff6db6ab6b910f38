"""JournalAssert: assertions over the request journal, with messages that show what was there.

    hf_journal.assert_one(route_kind="chat", model="gpt2", where=lambda e: "tools" in e.json)

Filters are journal entry fields (``route_kind``, ``model``, ``task``, ``status``, ``stream``,
``token_name``, ``rule``, ``fault``, ...); ``where`` is any predicate on a ``Seen`` entry.
"""
from __future__ import annotations

import json
from typing import Any, Callable, Iterable

from .facts import json_subset


class Seen:
    """A journal entry with its body parsed: ``.json`` (None if not JSON) and ``.extra`` keys
    reachable as attributes (``.rule``, ``.fault``, ``.token_name``, ``.prompt_tokens``)."""

    def __init__(self, entry: Any) -> None:
        self.entry = entry
        try:
            self.json = json.loads(entry.body) if entry.body else None
        except ValueError:
            self.json = None

    def __getattr__(self, name: str) -> Any:
        entry = self.__dict__["entry"]
        if hasattr(entry, name):
            return getattr(entry, name)
        return entry.extra.get(name)

    def __repr__(self) -> str:
        e = self.entry
        return f"<#{e.id} {e.method} {e.path} {e.route_kind} model={e.model} status={e.status}{' stream' if e.stream else ''}>"


class JournalAssert:
    def __init__(self, entries: Callable[..., list[Any]]) -> None:
        self._entries = entries

    def __call__(self, *, where: Callable[[Seen], bool] | None = None, json_subset_of: Any = None, **filters: Any) -> list[Seen]:
        """The matching entries, oldest first."""
        seen = [Seen(e) for e in self._entries(**filters)]
        if json_subset_of is not None:
            seen = [s for s in seen if json_subset(json_subset_of, s.json)]
        if where is not None:
            seen = [s for s in seen if where(s)]
        return seen

    def assert_count(self, count: int, **criteria: Any) -> list[Seen]:
        found = self(**criteria)
        if len(found) != count:
            raise AssertionError(
                f"expected {count} request(s) matching {_describe(criteria)}, found {len(found)}: {found}\n"
                f"journal: {_listing(Seen(e) for e in self._entries())}"
            )
        return found

    def assert_one(self, **criteria: Any) -> Seen:
        return self.assert_count(1, **criteria)[0]

    def assert_none(self, **criteria: Any) -> None:
        self.assert_count(0, **criteria)


def _describe(criteria: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in criteria.items()) or "anything"


def _listing(seen: Iterable[Seen]) -> str:
    items = list(seen)
    return "\n  " + "\n  ".join(repr(s) for s in items[-20:]) if items else "(empty)"
