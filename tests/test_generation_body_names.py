"""Bodies the real service's serde refuses are refused here too, in the request's own words.

Found by the issue-3 audit: a bad `max_tokens` / `seed` on the OpenAI routes was reported as
`parameters.max_new_tokens` / `parameters.seed` (TGI's names, not the caller's), and NaN or
Infinity (which Python's json reads and JSON does not) were accepted and came back in the journal
as invalid JSON.
"""
from __future__ import annotations

import json

import openai
import pytest

MESSAGES = [{"role": "user", "content": "hi"}]


@pytest.mark.parametrize(
    "extra, words",
    [
        ({"max_tokens": 2**64}, "max_tokens: invalid value: integer `18446744073709551616`, expected u32"),
        ({"max_tokens": "5"}, 'max_tokens: invalid type: string "5", expected u32'),
        ({"max_completion_tokens": -1}, "max_completion_tokens: invalid value: integer `-1`, expected u32"),
        ({"seed": -5}, "seed: invalid value: integer `-5`, expected u64"),
    ],
)
def test_openai_fields_are_named_as_sent(openai_client, extra, words):
    with pytest.raises(openai.UnprocessableEntityError) as caught:
        openai_client.chat.completions.create(model="gpt2", messages=MESSAGES, extra_body=extra)
    assert f"Failed to deserialize the JSON body into the target type: {words}" in caught.value.message


def test_model_scoped_routes_answer_tgi_text(http):
    r = http("POST", "/models/gpt2/v1/completions", {"model": "tgi", "prompt": "hi", "max_tokens": -1})
    assert (r.status, r.headers["Content-Type"].split(";")[0]) == (422, "text/plain")
    assert r.body.decode() == "Failed to deserialize the JSON body into the target type: max_tokens: invalid value: integer `-1`, expected u32"
    assert http("POST", "/models/gpt2/v1/completions", {"model": "tgi", "prompt": "hi", "max_tokens": 2}).status == 200


@pytest.mark.parametrize(
    "path, body, status, expected",
    [
        ("/generate", b'{"inputs": "hi", "parameters": {"temperature": NaN}}', 400, "Failed to parse the request body as JSON: expected value at line 1 column 48"),
        ("/models/gpt2/v1/chat/completions", b'{"messages": [], "top_p": Infinity}', 400, "Failed to parse the request body as JSON: expected value at line 1 column 27"),
        ("/models/gpt2", b'{"inputs": "hi", "parameters": {"temperature": -Infinity}}', 400, '{"error": "Invalid JSON body: -Infinity is not a JSON value"}'),
        ("/v1/chat/completions", b'{"model": "gpt2", "messages": [], "temperature": NaN}', 400, "NaN is not a JSON value"),
    ],
)
def test_nan_and_infinity_are_not_json(http, path, body, status, expected):
    r = http("POST", path, body, {"Content-Type": "application/json"})
    assert r.status == status and expected in r.body.decode(), r.body
    journal = http("GET", "/__parlel/requests", auth=False)
    json.loads(journal.body)  # strict JSON: no NaN came back
    assert http("POST", "/models/gpt2", {"inputs": "hi", "parameters": {"max_new_tokens": 2}}).status == 200


@pytest.mark.parametrize("calls, status", [(-1, 400), ([1], 400), ([{"function": 5}], 200), ([{"function": {"name": "f", "arguments": "{}"}}], 200)])
def test_assistant_tool_calls_of_the_wrong_shape(http, calls, status):
    # Found by fuzzing: a number or a list of numbers in `tool_calls` was a 500 "unknown error".
    messages = [{"role": "user", "content": "w"}, {"role": "assistant", "tool_calls": calls}, {"role": "user", "content": "x"}]
    r = http("POST", "/v1/chat/completions", {"model": "gpt2", "messages": messages, "max_tokens": 2})
    assert r.status == status, r.body
    if status == 400:
        assert r.json()["error"]["message"] == "'messages[1].tool_calls' must be a list of tool calls"
