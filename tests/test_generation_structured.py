"""Structured output: every document the service writes for a schema or regex validates.

The generator is checked directly over a fixed varied set of schemas and over schemas that
hypothesis builds; the routes (TGI `grammar`, every `response_format` form) are checked end to end.
"""
from __future__ import annotations

import json
import re

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hf_tornado.synth.jsonschema_gen import SchemaError, generate_json
from hf_tornado.synth.regex_gen import regex_string
from hf_tornado.synth.seed import rng

FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER

SCHEMAS = {
    "weather": {
        "type": "object",
        "properties": {"location": {"type": "string"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
        "required": ["location", "unit"],
        "additionalProperties": False,
    },
    "recursive_defs": {
        "$defs": {"Node": {"type": "object", "properties": {"value": {"type": "integer", "minimum": -3, "maximum": 3}, "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}, "maxItems": 2}}, "required": ["value", "children"]}},
        "$ref": "#/$defs/Node",
    },
    "definitions_draft7": {
        "definitions": {"Tag": {"type": "string", "pattern": "^#[a-z]{2,6}$"}},
        "type": "object",
        "properties": {"tags": {"type": "array", "items": {"$ref": "#/definitions/Tag"}, "minItems": 2, "maxItems": 4, "uniqueItems": True}},
        "required": ["tags"],
    },
    "formats": {
        "type": "object",
        "properties": {k: {"type": "string", "format": k} for k in ("date", "date-time", "email", "uuid", "time", "uri", "ipv4")},
        "required": ["date", "date-time", "email", "uuid", "time", "uri", "ipv4"],
    },
    "numbers": {
        "type": "object",
        "properties": {
            "ratio": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
            "age": {"type": "integer", "minimum": 18, "maximum": 21},
            "step": {"type": "integer", "multipleOf": 7, "minimum": 1, "maximum": 50},
            "price": {"type": "number", "minimum": 9.5, "maximum": 10},
        },
        "required": ["ratio", "age", "step", "price"],
    },
    "one_of": {"oneOf": [{"type": "integer", "multipleOf": 2}, {"type": "integer", "multipleOf": 3}]},
    "any_of_nullable": {"type": "object", "properties": {"note": {"anyOf": [{"type": "string", "maxLength": 5}, {"type": "null"}]}}, "required": ["note"]},
    "const_and_enum": {"type": "object", "properties": {"kind": {"const": "event"}, "level": {"enum": [1, "two", None, True]}}, "required": ["kind", "level"]},
    "tuple": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}, {"type": "boolean"}], "items": False, "minItems": 3},
    "all_of": {"allOf": [{"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}, {"properties": {"b": {"type": "string", "minLength": 12}}, "required": ["b"]}]},
    "type_list": {"type": ["string", "integer", "null"]},
    "pydantic_like": {
        "$defs": {"Step": {"additionalProperties": False, "properties": {"explanation": {"title": "Explanation", "type": "string"}, "output": {"title": "Output", "type": "string"}}, "required": ["explanation", "output"], "title": "Step", "type": "object"}},
        "additionalProperties": False,
        "properties": {"steps": {"items": {"$ref": "#/$defs/Step"}, "title": "Steps", "type": "array"}, "final_answer": {"title": "Final Answer", "type": "string"}},
        "required": ["steps", "final_answer"],
        "title": "MathReasoning",
        "type": "object",
    },
    "not": {"type": "object", "properties": {"x": {"not": {"type": ["string", "object", "array"]}}}, "required": ["x"]},
    "min_properties": {"type": "object", "additionalProperties": {"type": "integer"}, "minProperties": 3},
}


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_fixed_schemas_validate_across_seeds(name):
    schema = SCHEMAS[name]
    values = [generate_json(schema, rng("structured-test", name, i)) for i in range(40)]
    for value in values:
        jsonschema.validate(value, schema, format_checker=FORMATS)
    assert len({json.dumps(v, sort_keys=True) for v in values}) > 1 or "const" in name  # real variety


def test_formats_parse_with_the_standard_library():
    """jsonschema checks `date-time` only with an extra package; parse every format directly."""
    import datetime
    import ipaddress
    import uuid
    from urllib.parse import urlparse

    for i in range(40):
        value = generate_json(SCHEMAS["formats"], rng("formats", i))
        datetime.date.fromisoformat(value["date"])
        datetime.datetime.fromisoformat(value["date-time"].replace("Z", "+00:00"))
        datetime.time.fromisoformat(value["time"].replace("Z", "+00:00"))
        assert uuid.UUID(value["uuid"]).version == 4
        ipaddress.IPv4Address(value["ipv4"])
        assert urlparse(value["uri"]).scheme == "https"
        local, _, domain = value["email"].partition("@")
        assert local and "." in domain


leaf = st.one_of(
    st.just({"type": "string"}),
    st.builds(lambda lo, extra: {"type": "string", "minLength": lo, "maxLength": lo + extra}, st.integers(0, 10), st.integers(0, 10)),
    st.sampled_from([{"type": "string", "format": f} for f in ("date", "date-time", "email", "uuid")]),
    st.builds(lambda lo, span: {"type": "integer", "minimum": lo, "maximum": lo + span}, st.integers(-1000, 1000), st.integers(0, 50)),
    st.builds(lambda lo, span: {"type": "number", "exclusiveMinimum": lo, "maximum": lo + span}, st.integers(-50, 50), st.integers(1, 50)),
    st.just({"type": "boolean"}),
    st.just({"type": "null"}),
    st.builds(lambda values: {"enum": values}, st.lists(st.one_of(st.integers(), st.text(max_size=5), st.booleans()), min_size=1, max_size=4, unique=True)),
    st.builds(lambda value: {"const": value}, st.one_of(st.integers(), st.text(max_size=5))),
    st.sampled_from([{"type": "string", "pattern": p} for p in ("^[A-Z]{2}-\\d{3}$", "^(yes|no)$", "^\\w+@\\w+\\.com$")]),
)


def _compound(children):
    names = st.text("abcdefghij_", min_size=1, max_size=6)
    objects = st.builds(
        lambda props, data: {"type": "object", "properties": props, "required": data.draw(st.lists(st.sampled_from(sorted(props)), unique=True)) if props else [], "additionalProperties": False},
        st.dictionaries(names, children, max_size=4),
        st.data(),
    )
    arrays = st.builds(lambda item, lo, extra: {"type": "array", "items": item, "minItems": lo, "maxItems": lo + extra}, children, st.integers(0, 3), st.integers(0, 3))
    any_of = st.builds(lambda branches: {"anyOf": branches}, st.lists(children, min_size=1, max_size=3))
    return st.one_of(objects, arrays, any_of)


schemas = st.recursive(leaf, _compound, max_leaves=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schema=schemas, seed=st.integers(0, 2**32))
def test_generated_json_validates_against_random_schemas(schema, seed):
    value = generate_json(schema, rng("hypothesis", seed))
    jsonschema.validate(value, schema, format_checker=FORMATS)


@pytest.mark.parametrize("pattern", [r"^\d{3}-\d{4}$", r"(cat|dog)s?", r"[A-F0-9]{8}", r"[^aeiou\s]{3,5}x+", r"(\w+)@example\.(org|net)"])
def test_regex_strings_fullmatch(pattern):
    for i in range(25):
        assert re.fullmatch(pattern, regex_string(pattern, rng("regex", pattern, i)))


@pytest.mark.parametrize("schema", [
    {"type": "strng"}, {"$ref": "#/$defs/Missing"}, {"type": "integer", "minimum": 5, "maximum": 1}, {"type": "string", "pattern": "(["},
    {"enum": []}, "not a schema",
    # bounded work: no infinite nesting, no gigantic answers
    {"$ref": "#"}, {"type": "object", "properties": {"again": {"$ref": "#"}}, "required": ["again"]},
    {"type": "array", "minItems": 10**9}, {"type": "string", "pattern": "a{100000000}"}, {"type": "string", "pattern": "(a{5000}){5000}"},
])
def test_invalid_schemas_raise(schema):
    with pytest.raises(SchemaError):
        generate_json(schema, rng("bad"))


def test_tgi_grammar_json_and_regex(http):
    schema = SCHEMAS["pydantic_like"]
    for form in ({"type": "json", "value": schema}, {"type": "json", "value": json.dumps(schema)}, {"type": "json_schema", "value": {"name": "m", "schema": schema}}):
        out = http("POST", "/generate", {"inputs": "Solve", "parameters": {"grammar": form, "details": True}}).json()
        assert out["details"]["finish_reason"] == "eos_token"
        jsonschema.validate(json.loads(out["generated_text"]), schema)
    regex = http("POST", "/generate", {"inputs": "Phone", "parameters": {"grammar": {"type": "regex", "value": r"\(\d{3}\) \d{3}-\d{4}"}}}).json()
    assert re.fullmatch(r"\(\d{3}\) \d{3}-\d{4}", regex["generated_text"])


def test_tgi_grammar_errors_are_validation_422s(http):
    r = http("POST", "/generate", {"inputs": "x", "parameters": {"grammar": {"type": "json", "value": {"type": "strng"}}}})
    assert r.status == 422 and r.json()["error_type"] == "validation" and "unknown type 'strng'" in r.json()["error"]
    r = http("POST", "/generate", {"inputs": "x", "parameters": {"grammar": {"type": "yaml", "value": {}}}})
    assert r.status == 422 and b"unknown variant `yaml`" in r.body


@pytest.mark.parametrize("form", [
    lambda s: {"type": "json_schema", "json_schema": {"name": "out", "schema": s, "strict": True}},
    lambda s: {"type": "json_object", "value": s},
    lambda s: {"type": "json_object", "schema": s},
    lambda s: {"type": "json", "value": s},
    lambda s: {"type": "json_schema", "value": {"name": "out", "schema": s}},
])
def test_every_response_format_form_validates(http, form):
    for name in ("weather", "recursive_defs", "formats", "one_of"):
        schema = SCHEMAS[name]
        r = http("POST", "/v1/chat/completions", {"model": "gpt2", "messages": [{"role": "user", "content": name}], "response_format": form(schema)})
        assert r.status == 200, r.body
        choice = r.json()["choices"][0]
        assert choice["finish_reason"] == "stop"
        jsonschema.validate(json.loads(choice["message"]["content"]), schema, format_checker=FORMATS)


def test_json_object_without_schema_is_an_object(http):
    r = http("POST", "/v1/chat/completions", {"model": "gpt2", "messages": [{"role": "user", "content": "json please"}], "response_format": {"type": "json_object"}})
    assert isinstance(json.loads(r.json()["choices"][0]["message"]["content"]), dict)


def test_invalid_response_format_is_a_clear_4xx(http):
    r = http("POST", "/v1/chat/completions", {"model": "gpt2", "messages": [{"role": "user", "content": "x"}], "response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {"$ref": "#/$defs/Nope"}}}})
    assert r.status == 422 and "does not resolve" in r.json()["error"]["message"]
    r = http("POST", "/v1/chat/completions", {"model": "gpt2", "messages": [{"role": "user", "content": "x"}], "response_format": {"type": "xml"}})
    assert r.status == 422 and r.json()["error"]["param"] == "response_format"


def test_pydantic_schemas_round_trip():
    """A model with what pydantic apps use: enums, Literal unions with a discriminator, Optional,
    nested and self-referencing models, dicts, sets, constrained fields, dates, UUIDs."""
    import datetime
    import enum
    import uuid
    from typing import Annotated, Literal, Optional, Union

    from pydantic import BaseModel, Field

    class Color(enum.Enum):
        red = "red"
        green = "green"

    class Address(BaseModel):
        street: str
        zip: Annotated[str, Field(pattern=r"^\d{5}$")]

    class Cat(BaseModel):
        kind: Literal["cat"]
        lives: int = Field(ge=1, le=9)

    class Dog(BaseModel):
        kind: Literal["dog"]
        good: bool

    class Person(BaseModel):
        id: uuid.UUID
        name: str = Field(min_length=2, max_length=20)
        born: datetime.date
        seen: datetime.datetime
        color: Color
        nick: Optional[str] = None
        address: Address
        others: list[Address] = Field(min_length=1, max_length=3)
        scores: dict[str, float]
        pet: Union[Cat, Dog] = Field(discriminator="kind")
        ratio: float = Field(gt=0, lt=1)
        tags: set[str]
        friend: Optional["Person"] = None

    schema = Person.model_json_schema()
    for i in range(60):
        value = generate_json(schema, rng("pydantic", i))
        jsonschema.validate(value, schema, format_checker=FORMATS)
        Person.model_validate(value)
