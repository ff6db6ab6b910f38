"""Route rules whose regexes compile on first use.

Tornado's ``PathMatches`` compiles its pattern when the route table is built: 56 regexes, ~4 ms
of `python -m hf_tornado`'s start (docs/performance.md). ``dispatch.RouteIndex`` compiles the
patterns once more as alternations (one per first path segment), and that is what matches paths
and gives a rule its arguments; a rule's own regex is only needed for a linear scan when the
index cannot be used, or to reverse a URL. A ``LazyPathMatches`` keeps the pattern's text and
compiles it then, so a route's regex is compiled only if that happens.
"""
from __future__ import annotations

import re
from functools import cached_property
from typing import Any, Iterable

import tornado.routing


class LazyPathMatches(tornado.routing.PathMatches):
    """``PathMatches(pattern)``, with ``regex`` (and the reversing data) computed on first use."""

    def __init__(self, path_pattern: str) -> None:
        # Not super().__init__(): it compiles. The attributes it sets are the properties below.
        self.pattern = path_pattern if path_pattern.endswith("$") else path_pattern + "$"

    @cached_property
    def regex(self) -> re.Pattern[str]:  # type: ignore[override]
        regex = re.compile(self.pattern)
        assert len(regex.groupindex) in (0, regex.groups), (
            "groups in url regexes must either be all named or all positional: %r" % regex.pattern
        )
        return regex

    @cached_property
    def _reverse_data(self) -> tuple[str | None, int | None]:
        return self._find_groups()

    @property
    def _path(self) -> str | None:  # type: ignore[override]
        return self._reverse_data[0]

    @property
    def _group_count(self) -> int | None:  # type: ignore[override]
        return self._reverse_data[1]


def lazy_rules(routes: Iterable[tuple[str, Any, dict[str, Any]]]) -> list[tornado.routing.Rule]:
    """``(pattern, handler, kwargs)`` routes as Tornado rules with lazily compiled matchers."""
    return [tornado.routing.Rule(LazyPathMatches(pattern), handler, kwargs) for pattern, handler, kwargs in routes]
