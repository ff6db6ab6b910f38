"""A small JSON-schema toolkit without dependencies: is a schema usable, does a value match it.

``check_schema`` refuses what no generator can honour (unknown types, dangling ``$ref``,
contradictory bounds, bad patterns) so the client gets a clear 4xx instead of invalid output.
``matches`` is the subset validator the generator uses to pick ``oneOf`` branches and to honour
``not``; formats are not checked (the generator writes them correctly by construction).
"""
from __future__ import annotations

import re
from typing import Any

_TYPES = {"string", "number", "integer", "boolean", "object", "array", "null"}
_SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SUBSCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")
_SUBSCHEMA_ONE = ("not", "additionalProperties", "additionalItems", "contains", "if", "then", "else")


# The largest size a schema may demand (items, characters, properties): answers stay bounded.
MAX_SIZE = 10_000


class SchemaError(ValueError):
    """The schema cannot be used; the message says where and why."""


def resolve_ref(ref: Any, root: Any) -> Any:
    """The subschema a local ``$ref`` (``#``, ``#/$defs/X``, ``#/definitions/X``) points to."""
    if not isinstance(ref, str) or not ref.startswith("#"):
        raise SchemaError(f"only local `$ref`s are supported, got {ref!r}")
    node = root
    for part in [p for p in ref[1:].split("/") if p]:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise SchemaError(f"`$ref` {ref!r} does not resolve")
    return node


def check_schema(schema: Any, root: Any = None, where: str = "#") -> None:
    root = schema if root is None else root
    if isinstance(schema, bool):
        return
    if not isinstance(schema, dict):
        raise SchemaError(f"schema at {where} must be an object or a boolean, not {type(schema).__name__}")
    kinds = schema.get("type")
    for kind in kinds if isinstance(kinds, list) else [kinds] if kinds is not None else []:
        if kind not in _TYPES:
            raise SchemaError(f"unknown type {kind!r} at {where}")
    if "$ref" in schema:
        resolve_ref(schema["$ref"], root)
    if "enum" in schema and (not isinstance(schema["enum"], list) or not schema["enum"]):
        raise SchemaError(f"`enum` at {where} must be a non-empty list")
    if "required" in schema and not (isinstance(schema["required"], list) and all(isinstance(r, str) for r in schema["required"])):
        raise SchemaError(f"`required` at {where} must be a list of property names")
    if "pattern" in schema:
        try:
            re.compile(schema["pattern"])
        except (re.error, TypeError) as exc:
            raise SchemaError(f"`pattern` at {where} does not compile: {exc}") from None
    for key in ("minItems", "minLength", "minProperties"):
        if isinstance(schema.get(key), (int, float)) and schema[key] > MAX_SIZE:
            raise SchemaError(f"`{key}` at {where} asks for more than {MAX_SIZE}; structured output is capped there")
    for low, high in (("minimum", "maximum"), ("minItems", "maxItems"), ("minLength", "maxLength")):
        a, b = schema.get(low), schema.get(high)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and a > b:
            raise SchemaError(f"`{low}` is greater than `{high}` at {where}")
    for key in _SUBSCHEMA_MAPS:
        value = schema.get(key)
        if value is not None:
            if not isinstance(value, dict):
                raise SchemaError(f"`{key}` at {where} must be an object")
            for name, sub in value.items():
                check_schema(sub, root, f"{where}/{key}/{name}")
    for key in _SUBSCHEMA_LISTS:
        value = schema.get(key)
        if value is not None:
            if not isinstance(value, list) or not value:
                raise SchemaError(f"`{key}` at {where} must be a non-empty list")
            for index, sub in enumerate(value):
                check_schema(sub, root, f"{where}/{key}/{index}")
    items = schema.get("items")
    for index, sub in enumerate(items if isinstance(items, list) else [items] if items is not None else []):
        check_schema(sub, root, f"{where}/items/{index}")
    for key in _SUBSCHEMA_ONE:
        if key in schema:
            check_schema(schema[key], root, f"{where}/{key}")


def _is_type(value: Any, kind: str) -> bool:
    if kind == "null":
        return value is None
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool) or isinstance(value, float) and value.is_integer()
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    return False


def matches(value: Any, schema: Any, root: Any, _depth: int = 0) -> bool:  # noqa: C901 - one keyword per branch
    if schema is True or schema is None:
        return True
    if schema is False or _depth > 40:
        return False
    if "$ref" in schema and not matches(value, resolve_ref(schema["$ref"], root), root, _depth + 1):
        return False
    kinds = schema.get("type")
    if kinds is not None and not any(_is_type(value, k) for k in (kinds if isinstance(kinds, list) else [kinds])):
        return False
    if "const" in schema and value != schema["const"]:
        return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    if any(not matches(value, s, root, _depth + 1) for s in schema.get("allOf", [])):
        return False
    if "anyOf" in schema and not any(matches(value, s, root, _depth + 1) for s in schema["anyOf"]):
        return False
    if "oneOf" in schema and sum(matches(value, s, root, _depth + 1) for s in schema["oneOf"]) != 1:
        return False
    if "not" in schema and matches(value, schema["not"], root, _depth + 1):
        return False
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", len(value)):
            return False
        if "pattern" in schema and not re.search(schema["pattern"], value):
            return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"] or "maximum" in schema and value > schema["maximum"]:
            return False
        ex_low, ex_high = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
        if isinstance(ex_low, (int, float)) and not isinstance(ex_low, bool) and value <= ex_low:
            return False
        if isinstance(ex_high, (int, float)) and not isinstance(ex_high, bool) and value >= ex_high:
            return False
        step = schema.get("multipleOf")
        if isinstance(step, (int, float)) and step > 0 and abs(value / step - round(value / step)) > 1e-9:
            return False
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", len(value)):
            return False
        prefix = schema.get("prefixItems") or (schema["items"] if isinstance(schema.get("items"), list) else [])
        rest = schema.get("items") if not isinstance(schema.get("items"), list) else schema.get("additionalItems", True)
        for index, item in enumerate(value):
            if not matches(item, prefix[index] if index < len(prefix) else rest, root, _depth + 1):
                return False
        if schema.get("uniqueItems") and any(value[i] in value[:i] for i in range(len(value))):
            return False
        if "contains" in schema and not any(matches(item, schema["contains"], root, _depth + 1) for item in value):
            return False
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        if any(name not in value for name in schema.get("required", [])):
            return False
        for name, needs in (schema.get("dependentRequired") or {}).items():
            if name in value and isinstance(needs, list) and any(n not in value for n in needs):
                return False
        extra = schema.get("additionalProperties", True)
        for name, item in value.items():
            if not matches(item, properties[name] if name in properties else extra, root, _depth + 1):
                return False
    return True
