"""What the rule book and the fault book share: items parsed from specs that tests add, remove
and clear while the server runs (from their own thread, so a lock guards every book)."""
from __future__ import annotations

import itertools
import threading
from typing import Any, Callable, Generic, Protocol, TypeVar


class _Identified(Protocol):
    id: str


Item = TypeVar("Item", bound=_Identified)


class SpecError(ValueError):
    """A rule, fault, cold model or token spec is malformed; the message says which key."""


class SpecBook(Generic[Item]):
    """Items by id, and the same items in ``sort_key`` order (rebuilt on change, read on every
    request). A spec without an id gets ``{prefix}-{n}``, n counting the book's additions."""

    def __init__(self, parse: Callable[[Any, str, int], Item], prefix: str, sort_key: Callable[[Item], Any]) -> None:
        self._parse = parse
        self._prefix = prefix
        self._sort_key = sort_key
        self._items: dict[str, Item] = {}
        self._ordered: list[Item] = []
        self._lock = threading.Lock()
        self._numbers = itertools.count(1)

    def _reorder(self) -> None:
        self._ordered = sorted(self._items.values(), key=self._sort_key)

    def __bool__(self) -> bool:
        return bool(self._items)

    def add(self, spec: Any) -> Item:
        with self._lock:
            number = next(self._numbers)
            item = self._parse(spec, f"{self._prefix}-{number}", number)
            self._items[item.id] = item
            self._reorder()
            return item

    def remove(self, item_id: str) -> bool:
        with self._lock:
            removed = self._items.pop(item_id, None) is not None
            self._reorder()
            return removed

    def clear(self) -> None:
        """Forget everything; ids start again at 1, so seeded fractions repeat after a reset."""
        with self._lock:
            self._items.clear()
            self._ordered = []
            self._numbers = itertools.count(1)

    def list(self) -> list[Item]:
        with self._lock:
            return list(self._ordered)
