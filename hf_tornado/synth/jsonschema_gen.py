"""JSON values that validate against a JSON schema, drawn from a caller's private random stream.

Structured output (``response_format``, TGI ``grammar``) and tool-call arguments come from here.
Covered: ``type`` (one or a list), ``properties`` / ``required`` / ``additionalProperties``,
``enum``, ``const``, ``items`` / ``prefixItems`` with ``minItems`` / ``maxItems`` /
``uniqueItems``, ``anyOf`` / ``oneOf`` / ``allOf`` / ``not``, ``$ref`` into ``$defs`` /
``definitions`` (recursion is bounded), string ``format`` (date, date-time, time, email, uuid, uri,
ipv4, hostname), ``pattern``, ``minLength`` / ``maxLength``, numeric bounds and ``multipleOf``.
``schema_check.matches`` double-checks the draws where a guess can be wrong (oneOf, not).
"""
from __future__ import annotations

import math
import random
import re
from typing import Any

from .regex_gen import RegexError, regex_string
from .schema_check import SchemaError, check_schema, matches, resolve_ref
from .text import WORDS

__all__ = ["SchemaError", "generate_json", "check_schema", "matches"]

# Past this nesting depth only what the schema requires is generated, so recursive schemas end.
_MAX_DEPTH = 5
# A schema that still nests this deep requires infinite nesting (`{"$ref": "#"}`): refuse it.
_HARD_DEPTH = 60
_RETRIES = 12
# Whole documents drawn before a schema is declared unsatisfiable.
_ATTEMPTS = 4

_HINTS = {
    "location": ("Paris, France", "Brooklyn, NY", "Tokyo, Japan", "Lisbon, Portugal", "Nairobi, Kenya"),
    "city": ("Paris", "Brooklyn", "Tokyo", "Lisbon", "Nairobi", "Montreal"),
    "country": ("France", "Japan", "Portugal", "Kenya", "Canada"),
    "name": ("Ada Lovelace", "Alan Turing", "Grace Hopper", "Katherine Johnson", "Linus Torvalds"),
    "language": ("English", "French", "Japanese", "Portuguese", "Swahili"),
    "unit": ("celsius", "fahrenheit"),
}


# Properties whose value a model would copy from the request ("weather in Paris" -> "Paris").
_NAMED_ENTITY_HINTS = ("location", "city", "country", "place", "destination", "origin", "name", "person", "company")
_PROPER_NOUN = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)*")


def generate_json(schema: Any, stream: random.Random, context: str = "") -> Any:
    """A value valid against ``schema`` (checked first: an invalid schema raises SchemaError).

    ``context`` is the user's text: names in it (capitalised words not starting a sentence) fill
    string properties such as `location` or `name`, as a model would fill them.
    """
    check_schema(schema)
    generator = _Generator(schema, stream, _PROPER_NOUN.findall(context.strip()))
    # The generator guesses where keywords interact (uniqueItems over booleans, enum with a
    # conflicting const, a lookbehind pattern, a `false` schema); a few further draws fix what can
    # be fixed, and a schema nothing satisfies is a clear 4xx, never invalid output.
    for _ in range(_ATTEMPTS):
        value = generator.value(schema, 0, "")
        if matches(value, schema, schema):
            return value
    raise SchemaError("no document satisfies this schema (its keywords contradict each other, or combine in a way hf-tornado cannot meet)")


class _Generator:
    def __init__(self, root: Any, stream: random.Random, names: list[str] | None = None) -> None:
        self.root = root
        self.stream = stream
        self.names = names or []

    def value(self, schema: Any, depth: int, hint: str) -> Any:
        if depth > _HARD_DEPTH:
            raise SchemaError("the schema requires unbounded nesting (a `$ref` cycle without a way out)")
        if schema is True or schema == {}:
            return self.words(1, 3) if depth else {}
        if schema is False:
            raise SchemaError("a `false` schema accepts no value, but this value is required")
        if "$ref" in schema:
            target = resolve_ref(schema["$ref"], self.root)
            rest = {k: v for k, v in schema.items() if k != "$ref"}
            return self.value(_merge(target, rest) if rest else target, depth + 1, hint)
        if "allOf" in schema:
            merged = {k: v for k, v in schema.items() if k != "allOf"}
            for part in schema["allOf"]:
                if "$ref" in part:
                    part = resolve_ref(part["$ref"], self.root)
                merged = _merge(merged, part)
            return self.value(merged, depth, hint)
        for key in ("anyOf", "oneOf"):
            if key in schema:
                return self.choice_of(schema, key, depth, hint)
        if "not" in schema:
            rest = {k: v for k, v in schema.items() if k != "not"}
            kinds = ("string", "integer", "boolean", "object", "array", "null")
            for attempt in range(_RETRIES):
                typed = rest if "type" in rest else {**rest, "type": kinds[attempt % len(kinds)]}
                candidate = self.value(typed, depth, hint)
                if not matches(candidate, schema["not"], self.root):
                    return candidate
            return candidate
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return self.stream.choice(schema["enum"])
        kind = self.pick_type(schema, depth)
        return getattr(self, "make_" + kind)(schema, depth, hint)

    def choice_of(self, schema: dict[str, Any], key: str, depth: int, hint: str) -> Any:
        rest = {k: v for k, v in schema.items() if k != key}
        branches = list(schema[key])
        if depth >= _MAX_DEPTH:  # prefer branches that do not recurse further
            branches.sort(key=lambda b: "$ref" in b if isinstance(b, dict) else False)
        else:
            self.stream.shuffle(branches)
        candidate: Any = None
        for attempt in range(_RETRIES):
            branch = branches[attempt % len(branches)]
            merged = _merge(rest, branch) if isinstance(branch, dict) else branch
            try:
                candidate = self.value(merged, depth + 1, hint)
            except SchemaError:
                continue
            hits = sum(1 for b in schema[key] if matches(candidate, b, self.root))
            if (hits == 1 if key == "oneOf" else hits >= 1) and matches(candidate, rest, self.root):
                return candidate
        if candidate is None:
            raise SchemaError(f"no branch of `{key}` can be satisfied")
        return candidate

    def pick_type(self, schema: dict[str, Any], depth: int) -> str:
        kind = schema.get("type")
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"] or ["null"]
            if "null" in kind and (depth >= _MAX_DEPTH or self.stream.random() < 0.15):
                return "null"
            return self.stream.choice(kinds)
        if isinstance(kind, str):
            return kind
        if "properties" in schema or "required" in schema or "additionalProperties" in schema:
            return "object"
        if "items" in schema or "prefixItems" in schema or "minItems" in schema:
            return "array"
        if any(k in schema for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")):
            return "number"
        return "string"

    # --- one maker per JSON type --------------------------------------------------------------
    def make_null(self, schema: dict[str, Any], depth: int, hint: str) -> None:
        return None

    def make_boolean(self, schema: dict[str, Any], depth: int, hint: str) -> bool:
        return self.stream.random() < 0.5

    def _multiple_of(self, step: int | float, low: float, high: float, kind: str) -> int | float:
        """A seeded multiple of ``step`` inside [low, high]."""
        first, last = math.ceil(low / step), math.floor(high / step)
        if first > last:
            raise SchemaError(f"no {kind} satisfies the bounds and `multipleOf`")
        return self.stream.randint(first, last) * step

    def make_integer(self, schema: dict[str, Any], depth: int, hint: str) -> int:
        low, high = _bounds(schema, integer=True)
        step = schema.get("multipleOf")
        if isinstance(step, (int, float)) and step > 0:
            return int(self._multiple_of(step, low, high, "integer"))
        return self.stream.randint(low, high)

    def make_number(self, schema: dict[str, Any], depth: int, hint: str) -> float | int:
        low, high = _bounds(schema, integer=False)
        step = schema.get("multipleOf")
        if isinstance(step, (int, float)) and step > 0:
            value = self._multiple_of(step, low, high, "number")
            return round(value, 10) if isinstance(value, float) else value
        value = round(self.stream.uniform(low, high), 2)
        return min(max(value, low), high)

    def make_string(self, schema: dict[str, Any], depth: int, hint: str) -> str:
        if "pattern" in schema:
            try:
                return regex_string(schema["pattern"], self.stream)
            except RegexError as exc:
                raise SchemaError(str(exc)) from None
        text = _formatted(schema.get("format"), self.stream)
        if text is None:
            key = hint.lower().rsplit("_", 1)[-1] if hint else ""
            options = self.names if self.names and key in _NAMED_ENTITY_HINTS else _HINTS.get(key)
            text = self.stream.choice(options) if options else self.words(1, 4)
        low = int(schema.get("minLength", 0))
        high = schema.get("maxLength")
        while len(text) < low:
            text += " " + self.words(1, 3)
        if isinstance(high, int) and len(text) > high:
            cut = text[:high]
            text = cut.rstrip() if len(cut.rstrip()) >= low else cut  # no trailing space unless needed
        return text

    def make_array(self, schema: dict[str, Any], depth: int, hint: str) -> list[Any]:
        prefix = schema.get("prefixItems") or (schema["items"] if isinstance(schema.get("items"), list) else [])
        items = schema.get("items") if isinstance(schema.get("items"), (dict, bool)) else schema.get("additionalItems", True)
        low = int(schema.get("minItems", 0 if depth >= _MAX_DEPTH else 1))
        high = int(schema.get("maxItems", max(low, len(prefix)) + (0 if depth >= _MAX_DEPTH else 2)))
        count = low if depth >= _MAX_DEPTH else self.stream.randint(low, max(low, high))
        if items is False:
            count = min(count, len(prefix))
        out: list[Any] = []
        for index in range(count):
            sub = prefix[index] if index < len(prefix) else items
            for _ in range(_RETRIES):
                value = self.value(sub, depth + 1, hint)
                if not schema.get("uniqueItems") or value not in out:
                    break
            else:
                if len(out) >= low:
                    break
            out.append(value)
        wanted = schema.get("contains")
        if wanted is not None and not any(matches(v, wanted, self.root) for v in out) and len(out) < schema.get("maxItems", len(out) + 1):
            out.append(self.value(wanted, depth + 1, hint))
        return out

    def make_object(self, schema: dict[str, Any], depth: int, hint: str) -> dict[str, Any]:
        properties: dict[str, Any] = schema.get("properties") or {}
        required = [r for r in schema.get("required", []) if isinstance(r, str)]
        extra = schema.get("additionalProperties", True)
        out: dict[str, Any] = {}
        for name, sub in properties.items():
            if name in required or (depth < _MAX_DEPTH and self.stream.random() < 0.75):
                out[name] = self.value(sub, depth + 1, name)
        for name in required:
            if name not in out:
                out[name] = self.value(extra if isinstance(extra, dict) else True, depth + 1, name)
        free = extra is not False and not properties and depth < _MAX_DEPTH
        wanted = int(schema.get("minProperties", 2 if free else 0))
        while len(out) < wanted:
            spare = [p for p in properties if p not in out]
            if spare:
                out[spare[0]] = self.value(properties[spare[0]], depth + 1, spare[0])
            elif extra is not False:
                key = self.stream.choice(WORDS)
                out[key if key not in out else f"{key}_{len(out)}"] = self.value(extra if isinstance(extra, dict) else True, depth + 1, key)
            else:
                raise SchemaError("`minProperties` cannot be met without additional properties")
        for name, needs in (schema.get("dependentRequired") or {}).items():
            for needed in (needs if name in out and isinstance(needs, list) else []):
                if isinstance(needed, str) and needed not in out:
                    out[needed] = self.value(properties.get(needed, extra if isinstance(extra, dict) else True), depth + 1, needed)
        return out

    def words(self, low: int, high: int) -> str:
        return " ".join(self.stream.choice(WORDS) for _ in range(self.stream.randint(low, high)))


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``base`` and ``extra`` as one schema (allOf): properties and required united."""
    merged = dict(base)
    for key, value in extra.items():
        if key == "properties":
            merged["properties"] = {**base.get("properties", {}), **value}
        elif key == "required":
            merged["required"] = list(dict.fromkeys([*base.get("required", []), *value]))
        else:
            merged[key] = value
    return merged


def _bounds(schema: dict[str, Any], *, integer: bool) -> tuple[Any, Any]:
    low = schema.get("minimum")
    high = schema.get("maximum")
    ex_low = schema.get("exclusiveMinimum")
    ex_high = schema.get("exclusiveMaximum")
    # Draft 4 spells exclusivity as booleans beside minimum/maximum; later drafts as numbers.
    if ex_low is True and low is not None:
        ex_low, low = low, None
    if ex_high is True and high is not None:
        ex_high, high = high, None
    nudge = 1 if integer else 0.01
    candidates_low = [v for v in (low, (ex_low + nudge) if isinstance(ex_low, (int, float)) and ex_low is not True else None) if v is not None]
    candidates_high = [v for v in (high, (ex_high - nudge) if isinstance(ex_high, (int, float)) and ex_high is not True else None) if v is not None]
    lo = max(candidates_low) if candidates_low else None
    hi = min(candidates_high) if candidates_high else None
    if lo is None and hi is None:
        lo, hi = 0, 100
    elif lo is None:
        lo = hi - 100
    elif hi is None:
        hi = lo + 100
    if integer:
        lo, hi = math.ceil(lo), math.floor(hi)
    if lo > hi:
        raise SchemaError("the numeric bounds leave no value")
    return lo, hi


def _formatted(fmt: Any, stream: random.Random) -> str | None:
    year, month, day = stream.randint(2000, 2030), stream.randint(1, 12), stream.randint(1, 28)
    hour, minute, second = stream.randint(0, 23), stream.randint(0, 59), stream.randint(0, 59)
    if fmt == "date":
        return f"{year:04d}-{month:02d}-{day:02d}"
    if fmt == "date-time":
        return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}Z"
    if fmt == "time":
        return f"{hour:02d}:{minute:02d}:{second:02d}Z"
    if fmt == "email":
        return f"{stream.choice(WORDS)}.{stream.choice(WORDS)}@example.com"
    if fmt == "uuid":
        hexes = "".join(stream.choice("0123456789abcdef") for _ in range(32))
        return f"{hexes[:8]}-{hexes[8:12]}-4{hexes[13:16]}-a{hexes[17:20]}-{hexes[20:]}"
    if fmt in ("uri", "url", "iri"):
        return f"https://example.com/{stream.choice(WORDS)}/{stream.choice(WORDS)}"
    if fmt == "ipv4":
        return ".".join(str(stream.randint(1, 254)) for _ in range(4))
    if fmt == "hostname":
        return f"{stream.choice(WORDS)}.example.com"
    if fmt == "duration":
        return f"P{stream.randint(1, 30)}D"
    return None
