"""JournalEntry: one request as the journal gives it to a reader (journal.py).

Its own module so that a start does not build the dataclass: the journal stores a request's facts
and makes the entry only when someone reads it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class JournalEntry:
    id: int
    time: float
    method: str
    path: str
    query: str
    route_kind: str
    model: str | None
    task: str | None
    status: int
    duration_ms: float
    stream: bool
    headers: dict[str, str]
    body: str
    body_truncated: bool
    body_bytes: int
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
