"""Structured output never returns a document that fails its schema.

Found by the issue-3 audit: `contains` and `dependentRequired` were ignored, and schemas no
document satisfies (three unique booleans, an `enum` its `const` is not in, a lookbehind the
generator cannot honour, `false`) got invalid JSON with status 200. Now the generator meets the
first two, and the others are TGI's 422 grammar error.
"""
from __future__ import annotations

import json

import jsonschema
import openai
import pytest

MESSAGES = [{"role": "user", "content": "Facts about Paris"}]


def response_format(schema):
    return {"type": "json_schema", "json_schema": {"name": "answer", "schema": schema}}


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "properties": {"a": {"type": "array", "items": {"type": "integer"}, "contains": {"type": "integer", "minimum": 100}}}, "required": ["a"]},
        {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}, "required": ["a"], "dependentRequired": {"a": ["b"]}},
    ],
)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_contains_and_dependent_required_are_met(openai_client, schema, seed):
    out = openai_client.chat.completions.create(model="gpt2", messages=MESSAGES, response_format=response_format(schema), seed=seed)
    jsonschema.validate(json.loads(out.choices[0].message.content), schema)


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "properties": {"a": {"type": "array", "items": {"type": "boolean"}, "uniqueItems": True, "minItems": 3}}, "required": ["a"]},
        {"type": "object", "properties": {"x": {"type": "string", "enum": ["a", "b"], "const": "c"}}, "required": ["x"]},
        {"type": "object", "properties": {"x": {"type": "string", "pattern": "(?<=a)b"}}, "required": ["x"]},
        False,
    ],
)
def test_unsatisfiable_schemas_are_422(openai_client, http, schema):
    with pytest.raises(openai.UnprocessableEntityError) as caught:
        openai_client.chat.completions.create(model="gpt2", messages=MESSAGES, response_format=response_format(schema))
    assert "Input validation error: Grammar error: invalid JSON schema: " in caught.value.message
    tgi = http("POST", "/generate", {"inputs": "x", "parameters": {"grammar": {"type": "json", "value": schema}}})
    assert tgi.status == 422 and tgi.json()["error_type"] == "validation"
    assert openai_client.chat.completions.create(model="gpt2", messages=MESSAGES, max_tokens=3).choices[0].finish_reason == "length"
