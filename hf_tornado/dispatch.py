"""Route dispatch in one regex match instead of one per route.

Tornado's router tries each rule's regex in turn from Python: with ~80 routes, `/health` cost 33
`PathMatches.match` calls and `/v1/chat/completions` 18 (docs/performance.md). Here every rule's
pattern becomes one alternative of a single compiled regex, in the table's order; `re` tries
alternatives in order and takes the first that matches the whole path, which is exactly
Tornado's first-match rule. The winning rule's own matcher then extracts the arguments, so
handlers get what Tornado would give them (same groups, same unquoting).

Anything this cannot represent (a rule that is not a path regex for a RequestHandler class,
host-specific rules, routes added after start) goes through Tornado's own router.
"""
from __future__ import annotations

import re
from inspect import isclass
from typing import Any

import tornado.httputil
import tornado.routing
import tornado.web

from .lazy_routes import LazyPathMatches

# A capturing group's name: renamed inside the combined regex (names must be unique there).
_NAMED_GROUP = re.compile(r"\(\?P<[A-Za-z_][A-Za-z0-9_]*>")
# Would point at the wrong group once the rules share one regex.
_BACK_REFERENCE = re.compile(r"\(\?P=|\\[1-9]")
# Inline flags: a global one would apply to every alternative (an error since Python 3.11).
_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux-]")


def _pattern_and_flags(matcher: Any) -> tuple[Any, int]:
    """A rule's pattern and flags; a LazyPathMatches' (lazy_routes.py) without compiling it."""
    if isinstance(matcher, LazyPathMatches):
        return matcher.pattern, 0
    return matcher.regex.pattern, matcher.regex.flags


class RouteIndex:
    """The rules of one router as a single alternation; ``find`` gives the rule that Tornado's
    linear scan would pick for a path, or None."""

    def __init__(self, rules: list[tornado.routing.Rule]) -> None:
        self.rules = rules
        alternatives = []
        for index, rule in enumerate(rules):
            pattern, flags = _pattern_and_flags(rule.matcher)
            if not isinstance(pattern, str) or flags & ~re.UNICODE or _BACK_REFERENCE.search(pattern) or _INLINE_FLAGS.search(pattern):
                raise ValueError(f"route {pattern!r} has flags or back-references")
            # Named groups become plain groups; only the outer group says which rule matched.
            inner = _NAMED_GROUP.sub("(?:", pattern)
            alternatives.append(f"(?P<r{index}>{inner})")
        try:
            self._combined = re.compile("|".join(alternatives))
        except re.error as exc:  # e.g. a route with inline global flags
            raise ValueError(str(exc)) from None
        self._rule_of_group = {self._combined.groupindex[f"r{i}"]: rule for i, rule in enumerate(rules)}

    def find(self, path: str) -> tornado.routing.Rule | None:
        found = self._combined.match(path)
        if found is None:
            return None
        # The outer group closes last, so it is the last group matched.
        return self._rule_of_group[found.lastindex]  # type: ignore[index]


def _indexable(app: tornado.web.Application) -> list[tornado.routing.Rule] | None:
    """The app's rules when every one is a path regex for a RequestHandler class and no host
    rules exist; else None."""
    if len(app.default_router.rules) != 1:
        return None
    rules = app.wildcard_router.rules
    for rule in rules:
        if not isinstance(rule.matcher, tornado.routing.PathMatches):
            return None
        if not (isclass(rule.target) and issubclass(rule.target, tornado.web.RequestHandler)):
            return None
    return list(rules)


class Application(tornado.web.Application):
    """tornado.web.Application with one-regex dispatch (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._route_index: RouteIndex | None = None
        self._indexed: tuple[int, int] = (-1, -1)

    def _current_index(self) -> RouteIndex | None:
        shape = (len(self.default_router.rules), len(self.wildcard_router.rules))
        if shape != self._indexed:  # first use, or rules were added since
            rules = _indexable(self)
            try:
                self._route_index = RouteIndex(rules) if rules else None
            except ValueError:
                self._route_index = None
            self._indexed = shape
        return self._route_index

    def find_handler(self, request: tornado.httputil.HTTPServerRequest, **kwargs: Any) -> Any:
        index = self._current_index()
        if index is None or request.path is None:
            return super().find_handler(request, **kwargs)
        rule = index.find(request.path)
        if rule is None:
            return super().find_handler(request, **kwargs)
        params = rule.matcher.match(request)
        if params is None:  # cannot happen (same regex); Tornado decides if it does
            return super().find_handler(request, **kwargs)
        return self.get_handler_delegate(request, rule.target, rule.target_kwargs, **params)
