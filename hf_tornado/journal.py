"""The bounded request journal: what a test asserts on.

A ring buffer of the last ``cap`` requests, so memory stays flat under load. Authorization is
redacted and bodies are capped before they are stored. A lock guards it because a threaded
server's journal is read from the test's thread.
"""
from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from typing import TYPE_CHECKING, Any, Iterable, Mapping

if TYPE_CHECKING:
    from .journal_entry import JournalEntry

REDACTED = "[redacted]"
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "x-api-key", "api-key"})


def redact_headers(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {name: (REDACTED if name.lower() in _SECRET_HEADERS else value) for name, value in headers}


def capped_text(body: bytes, cap: int) -> tuple[str, bool]:
    truncated = len(body) > cap
    return body[:cap].decode("utf-8", errors="replace"), truncated


class Journal:
    def __init__(self, cap: int = 1000, body_cap: int = 4096) -> None:
        self.cap = cap
        self.body_cap = body_cap
        # JournalEntry objects (record()) or the facts of one (note(), made into an entry on reading).
        self._entries: deque[Any] = deque(maxlen=max(cap, 0) or None)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def record(self, **fields: Any) -> JournalEntry:
        from .journal_entry import JournalEntry

        body: bytes = fields.pop("raw_body", b"")
        text, truncated = capped_text(body, self.body_cap)
        with self._lock:
            entry = JournalEntry(
                id=next(self._ids),
                time=time.time(),
                body=text,
                body_truncated=truncated,
                body_bytes=len(body),
                **fields,
            )
            if self.cap > 0:
                self._entries.append(entry)
        return entry

    def note(self, method: str, path: str, query: str, route_kind: str, model: str | None, task: str | None,
             status: int, seconds: float, stream: bool, headers: Any, body: bytes, extra: dict[str, Any]) -> None:
        """``record()`` for the request path: the facts are stored as they are and turned into a
        JournalEntry (headers redacted, body decoded, duration rounded) only when someone reads
        the journal. Building the entry on every request cost ~10 us (docs/performance.md);
        the entry a reader gets is the same. ``headers`` is the request's (never changed
        after parsing) HTTPHeaders, or any mapping."""
        capped = body[: self.body_cap] if len(body) > self.body_cap else body
        with self._lock:
            facts = (next(self._ids), time.time(), method, path, query, route_kind, model, task, status,
                     seconds, stream, headers, capped, len(body), extra)
            if self.cap > 0:
                self._entries.append(facts)  # type: ignore[arg-type]

    def entries(self, **filters: Any) -> list[JournalEntry]:
        with self._lock:
            items = list(self._entries)
        return [e for e in map(_as_entry, items) if _matches(e, filters)]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def _as_entry(item: Any) -> JournalEntry:
    """A stored item as a JournalEntry: ``record()`` stored one, ``note()`` its facts (a tuple)."""
    if type(item) is not tuple:
        return item
    from .journal_entry import JournalEntry

    (id_, when, method, path, query, route_kind, model, task, status, seconds, stream, headers, body,
     body_bytes, extra) = item
    pairs = headers.get_all() if hasattr(headers, "get_all") else headers.items()
    return JournalEntry(
        id=id_, time=when, method=method, path=path, query=query, route_kind=route_kind, model=model, task=task,
        status=status, duration_ms=round(seconds * 1000, 3), stream=stream, headers=redact_headers(pairs),
        body=body.decode("utf-8", errors="replace"), body_truncated=body_bytes > len(body), body_bytes=body_bytes,
        extra=extra,
    )


def _matches(entry: JournalEntry, filters: Mapping[str, Any]) -> bool:
    for key, wanted in filters.items():
        if wanted is None:
            continue
        if key == "since_id":
            if entry.id <= int(wanted):
                return False
            continue
        value = getattr(entry, key, entry.extra.get(key))
        if str(value) != str(wanted):
            return False
    return True


def __getattr__(name: str) -> Any:
    # JournalEntry lives in journal_entry.py, imported when the journal is first read (a dataclass
    # costs ~0.4 M instructions to build at start-up); `from hf_tornado.journal import JournalEntry`
    # still works.
    if name == "JournalEntry":
        from .journal_entry import JournalEntry

        return JournalEntry
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
