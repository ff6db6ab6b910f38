"""Strings that match a regular expression, drawn from a caller's private random stream.

Used for JSON-schema ``pattern`` and TGI's ``{"type": "regex"}`` grammar. The pattern is parsed
with the standard library's own regex parser, so whatever ``re`` accepts is understood; the
generator walks the parse tree. Unbounded repeats (``*``, ``+``) are capped so answers stay short.
"""
from __future__ import annotations

import random
import re
import string
from typing import Any

try:  # Python 3.11+: the parser lives in re._parser; older versions call it sre_parse.
    from re import _parser as sre_parse  # type: ignore[attr-defined]
    from re import _constants as sre_constants  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

# How many extra repetitions an open-ended quantifier may add beyond its minimum.
_OPEN_REPEAT = 4
# Bounded repeats beyond this are refused, so a pattern cannot ask for a gigabyte of text.
_MAX_REPEAT = 10_000
_PRINTABLE = [c for c in string.ascii_letters + string.digits + " .,-_"]
_CATEGORIES: dict[Any, str] = {
    sre_constants.CATEGORY_DIGIT: string.digits,
    sre_constants.CATEGORY_NOT_DIGIT: string.ascii_letters + " ",
    sre_constants.CATEGORY_WORD: string.ascii_letters + string.digits + "_",
    sre_constants.CATEGORY_NOT_WORD: " .,-!",
    sre_constants.CATEGORY_SPACE: " ",
    sre_constants.CATEGORY_NOT_SPACE: string.ascii_letters + string.digits,
}


class RegexError(ValueError):
    """The pattern does not compile."""


def regex_string(pattern: str, stream: random.Random) -> str:
    """A string that ``re.fullmatch(pattern, ...)`` accepts (anchors are honoured by construction).

    A handful of draws is tried in case lookarounds or backreferences reject one; the last draw
    is returned regardless, since such constructs cannot always be satisfied by a generator.
    """
    try:
        compiled = re.compile(pattern)
        tree = sre_parse.parse(pattern)
    except (re.error, RecursionError) as exc:
        raise RegexError(f"invalid regular expression {pattern!r}: {exc}") from None
    text = ""
    for _ in range(8):
        groups: dict[int, str] = {}
        text = _emit(tree, stream, groups)
        if compiled.fullmatch(text):
            return text
    return text


def _emit(items: Any, stream: random.Random, groups: dict[int, str]) -> str:
    out: list[str] = []
    for op, arg in items:
        out.append(_emit_one(op, arg, stream, groups))
    return "".join(out)


def _emit_one(op: Any, arg: Any, stream: random.Random, groups: dict[int, str]) -> str:
    if op is sre_constants.LITERAL:
        return chr(arg)
    if op is sre_constants.NOT_LITERAL:
        choices = [c for c in _PRINTABLE if ord(c) != arg]
        return stream.choice(choices)
    if op is sre_constants.ANY:
        return stream.choice(string.ascii_letters + string.digits)
    if op is sre_constants.IN:
        return _emit_class(arg, stream)
    if op is sre_constants.BRANCH:
        return _emit(stream.choice(arg[1]), stream, groups)
    if op is sre_constants.SUBPATTERN:
        group, _add, _del, sub = arg
        text = _emit(sub, stream, groups)
        if group is not None:
            groups[group] = text
        return text
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants, "POSSESSIVE_REPEAT", None)):
        low, high, sub = arg
        if low > _MAX_REPEAT:
            raise RegexError(f"a repetition of at least {low} is more than this service generates ({_MAX_REPEAT})")
        # Any count in [low, high] matches; a few above the minimum keeps answers short.
        high = low + _OPEN_REPEAT if high is sre_constants.MAXREPEAT else min(high, low + _OPEN_REPEAT)
        pieces: list[str] = []
        size = 0
        for _ in range(stream.randint(low, max(low, high))):
            pieces.append(_emit(sub, stream, groups))
            size += len(pieces[-1])
            if size > _MAX_REPEAT:
                raise RegexError(f"the pattern asks for more than {_MAX_REPEAT} characters")
        return "".join(pieces)
    if op is sre_constants.GROUPREF:
        return groups.get(arg, "")
    if op is sre_constants.CATEGORY:
        return stream.choice(_CATEGORIES.get(arg, string.ascii_letters))
    # AT (anchors), ASSERT, ASSERT_NOT and the like produce no characters.
    return ""


def _emit_class(items: Any, stream: random.Random) -> str:
    negate = any(op is sre_constants.NEGATE for op, _ in items)
    allowed: list[str] = []
    for op, arg in items:
        if op is sre_constants.LITERAL:
            allowed.append(chr(arg))
        elif op is sre_constants.RANGE:
            low, high = arg
            allowed.extend(chr(c) for c in range(low, min(high, low + 200) + 1))
        elif op is sre_constants.CATEGORY:
            allowed.extend(_CATEGORIES.get(arg, ""))
    if negate:
        excluded = set(allowed)
        allowed = [c for c in _PRINTABLE if c not in excluded]
    return stream.choice(allowed) if allowed else ""
