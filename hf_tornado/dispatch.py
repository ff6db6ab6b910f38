"""Route dispatch in one regex match instead of one per route.

Tornado's router tries each rule's regex in turn from Python: with ~80 routes, `/health` cost 33
`PathMatches.match` calls and `/v1/chat/completions` 18 (docs/performance.md). Here every rule's
pattern becomes one alternative of a single compiled regex, in the table's order; `re` tries
alternatives in order and takes the first that matches the whole path, which is exactly
Tornado's first-match rule. The winning rule's arguments are read from the same match, as its
own matcher would extract them (same groups, same unquoting: ``arguments``), so handlers get
what Tornado would give them.

The alternation is split by a path's first segment (`/models/...`, `/health`, `/v1/...`): a
rule goes into the group of every first segment it can match, a rule that could begin with any
segment (`.*`, a leading regex) into every group, and each group compiles on its first path.
So the first `/health` compiles a three-way alternation instead of all 56 routes (~2.6 ms of a
start, docs/performance.md), and a path tries only its own segment's rules.

Anything this cannot represent (a rule that is not a path regex for a RequestHandler class,
host-specific rules, routes added after start) goes through Tornado's own router.
"""
from __future__ import annotations

import re
from inspect import isclass
from typing import Any, NamedTuple

import tornado.escape
import tornado.httputil
import tornado.routing
import tornado.web

from .lazy_routes import LazyPathMatches

# A capturing group's name: prefixed inside the combined regex (names must be unique there).
_NAMED_GROUP = re.compile(r"\(\?P<([A-Za-z_][A-Za-z0-9_]*)>")
# Would point at the wrong group once the rules share one regex (so would a conditional group).
_BACK_REFERENCE = re.compile(r"\(\?P=|\\[1-9]|\(\?\(")
# Inline flags: a global one would apply to every alternative (an error since Python 3.11).
_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux-]")


def _pattern_and_flags(matcher: Any) -> tuple[Any, int]:
    """A rule's pattern and flags; a LazyPathMatches' (lazy_routes.py) without compiling it."""
    if isinstance(matcher, LazyPathMatches):
        return matcher.pattern, 0
    return matcher.regex.pattern, matcher.regex.flags


# A pattern's opening: "/", its first segment's literal text (word characters, "-", "~", "%" or an
# escaped punctuation mark but "/"), then something that ends the segment there: "/" (not made optional),
# "/?" closing the pattern, or the pattern's end. Anything else may begin with any segment.
_FIRST_SEGMENT = re.compile(r"/((?:[\w~%-]|\\[^\w\s/])*)(?:/(?![?*{])|/\?\$$|\$$)", re.ASCII)
# An optional literal prefix, `(?:/hf-inference)?`: the rule may begin with it or without it.
_OPTIONAL_PREFIX = re.compile(r"\(\?:(/(?:[\w~%-]|\\[^\w\s/])*)\)\?", re.ASCII)
_UNESCAPE = re.compile(r"\\(.)")


def _top_level_alternation(pattern: str) -> bool:
    """Whether ``pattern`` has a "|" outside every group (it would split the opening)."""
    depth, escaped, in_class = 0, False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
    return False


def first_segments(pattern: str) -> frozenset[str] | None:
    """The first path segments a path matching ``pattern`` can have (``"/health/?$"`` ->
    {"health"}, ``"/$"`` -> {""}), or None when it cannot tell (any segment may match)."""
    if _top_level_alternation(pattern):
        return None
    choices = [pattern]
    prefix = _OPTIONAL_PREFIX.match(pattern)
    if prefix:
        rest = pattern[prefix.end():]
        choices = [prefix.group(1) + rest, rest]
    segments = set()
    for choice in choices:
        found = _FIRST_SEGMENT.match(choice)
        if found is None:
            return None
        segments.add(_UNESCAPE.sub(r"\1", found.group(1)))
    return frozenset(segments)


def first_segment(path: str) -> str | None:
    """A request path's first segment ("/models/gpt2" -> "models", "/" -> ""); None when the path
    does not start with "/"."""
    if not path.startswith("/"):
        return None
    end = path.find("/", 1)
    # "$" also matches before a final newline, so "/health\n" is a "health" path.
    return path[1:end] if end > 0 else path[1:].rstrip("\n")


class Target(NamedTuple):
    """A rule an alternation found, and where its arguments are in the alternation's match."""

    rule: tornado.routing.Rule
    #: (argument name, group number) of a rule with named groups
    named: tuple[tuple[str, int], ...]
    #: group numbers of a rule with positional groups
    positional: tuple[int, ...]
    #: groups both named and positional: the rule's own matcher decides (Tornado refuses it)
    mixed: bool


def _compile_alternation(indexed_rules: list[tuple[int, str, tornado.routing.Rule]]) -> tuple[re.Pattern[str], dict[int, Target]]:
    """``(table place, pattern with prefixed group names, rule)`` entries as one regex,
    alternatives in the table's order, and the Target of each alternative's outer group number."""
    regex = re.compile("|".join(f"(?P<r{index}>{inner})" for index, inner, _ in indexed_rules))
    outer = [regex.groupindex[f"r{index}"] for index, _, _ in indexed_rules]
    targets = {}
    for (index, _, rule), first, following in zip(indexed_rules, outer, [*outer[1:], regex.groups + 1]):
        groups = range(first + 1, following)  # the rule's own groups, in order
        prefix = f"r{index}_"
        named = tuple((name.removeprefix(prefix), number) for name, number in regex.groupindex.items() if name.startswith(prefix))
        targets[first] = Target(rule, named, () if named else tuple(groups), 0 < len(named) < len(groups))
    return regex, targets


def arguments(found: re.Match[str], target: Target) -> dict[str, Any]:
    """What ``target.rule.matcher.match`` would give (tornado.routing.PathMatches.match), read from
    the alternation's match: the alternative matched exactly as the rule's regex alone would."""
    return {
        "path_args": [_unquote_or_none(found.group(number)) for number in target.positional],
        "path_kwargs": {name: _unquote_or_none(found.group(number)) for name, number in target.named},
    } if target.named or target.positional else {}


def _unquote_or_none(value: str | None) -> bytes | None:
    """tornado.routing's: a group's text unquoted to bytes (handlers decode), None if unmatched."""
    return None if value is None else tornado.escape.url_unescape(value, encoding=None, plus=False)


class RouteIndex:
    """The rules of one router as alternations by first path segment; ``find`` gives the rule that
    Tornado's linear scan would pick for a path, or None."""

    def __init__(self, rules: list[tornado.routing.Rule]) -> None:
        self.rules = rules
        entries = []
        for index, rule in enumerate(rules):
            pattern, flags = _pattern_and_flags(rule.matcher)
            if not isinstance(pattern, str) or flags & ~re.UNICODE or _BACK_REFERENCE.search(pattern) or _INLINE_FLAGS.search(pattern):
                raise ValueError(f"route {pattern!r} has flags or back-references")
            # Group names get the rule's prefix; the outer group says which rule matched.
            inner = _NAMED_GROUP.sub(lambda group: f"(?P<r{index}_{group[1]}>", pattern)
            entries.append(((index, inner, rule), first_segments(pattern)))
        named = {segment for _, segments in entries for segment in segments or ()}
        # Each named first segment's rules in table order, with the rules that match any segment.
        self._groups = {
            segment: [entry for entry, segments in entries if segments is None or segment in segments] for segment in named
        }
        # Paths whose first segment no rule names: only the rules that match any segment.
        self._other = [entry for entry, segments in entries if segments is None]
        # Compiled groups by first segment, filled on first use (only named segments: bounded).
        self._compiled: dict[str | None, tuple[re.Pattern[str], dict[int, Target]]] = {}

    def find(self, path: str) -> tornado.routing.Rule | None:
        """The rule Tornado's linear scan would pick for ``path``, or None."""
        found = self.match(path)
        return found[1].rule if found else None

    def match(self, path: str) -> tuple[re.Match[str], Target] | None:
        """The alternation's match of ``path`` and the Target it found, or None."""
        # first_segment(), inlined: it runs on every request. A path that does not start with "/"
        # can only match rules that match any segment, and every group holds those.
        end = path.find("/", 1)
        compiled = self._compiled.get(path[1:end] if end > 0 else path[1:])
        if compiled is None:
            compiled = self._compile_group(path)
        regex, target_of_group = compiled
        found = regex.match(path)
        if found is None:
            return None
        # The outer group closes last, so it is the last group matched.
        return found, target_of_group[found.lastindex]  # type: ignore[index]

    def _compile_group(self, path: str) -> tuple[re.Pattern[str], dict[int, Target]]:
        segment = first_segment(path)
        key = segment if segment in self._groups else None
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = _compile_alternation(self._groups[key] if key is not None else self._other)
        return compiled


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
        found = index.match(request.path)
        if found is None:
            return super().find_handler(request, **kwargs)
        match, target = found
        rule = target.rule
        # The arguments come from the same match, so the rule's own regex is neither compiled
        # (lazy_routes.py) nor run again; a rule Tornado would refuse asks its own matcher.
        params = rule.matcher.match(request) if target.mixed else arguments(match, target)
        if params is None:  # cannot happen (same regex); Tornado decides if it does
            return super().find_handler(request, **kwargs)
        return self.get_handler_delegate(request, rule.target, rule.target_kwargs, **params)
