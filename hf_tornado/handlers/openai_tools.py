"""What a chat request asks the generation to be: text, a call of one of its tools, or a
document in a `response_format` (WIRE.md 5.4, 5.5).

The decision is the surface's; the content is the task's: a tool call is generated as a JSON
document under the tool's parameter schema (a TGI `grammar`), so its tokens, usage, stream
deltas and finish reason come from the one generation like any other answer.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import errors
from ..synth.seed import choose

_GRAMMAR_FORMS = ("json", "json_object", "json_schema", "regex")


@dataclass(frozen=True)
class Tool:
    name: str
    parameters: Any


def tool_error(message: str) -> errors.ServiceError:
    return errors.ServiceError(422, f"Tool error: {message}", error_type="tool_error", param="tools")


def parse_tools(body: dict[str, Any]) -> list[Tool]:
    tools = body.get("tools")
    if tools is None:
        return []
    if not isinstance(tools, list):
        raise tool_error("`tools` must be a list of {\"type\": \"function\", \"function\": {...}} objects")
    out = []
    for index, tool in enumerate(tools):
        function = tool.get("function") if isinstance(tool, dict) else None
        if not isinstance(function, dict) or not isinstance(function.get("name"), str) or not function["name"]:
            raise tool_error(f"tools[{index}] must be {{\"type\": \"function\", \"function\": {{\"name\", \"parameters\"}}}}")
        parameters = function.get("parameters")
        out.append(Tool(function["name"], parameters if parameters is not None else {"type": "object", "properties": {}}))
    return out


def chosen_tool(body: dict[str, Any], tools: list[Tool], messages: list[Any], *seed_parts: Any) -> Tool | None:
    """The tool this turn calls, or None for a text answer.

    ``none`` answers text; ``required`` and ``auto`` call a tool, except that ``auto`` answers in
    text when the last message is a tool's result; a named choice calls that tool. Which tool
    ``auto`` and ``required`` pick is drawn from the request's seed.
    """
    choice = body.get("tool_choice")
    if not tools:
        if isinstance(choice, dict) or choice == "required":
            raise tool_error("`tool_choice` needs `tools`")
        return None
    if choice is None or choice == "auto":
        last = messages[-1] if messages else {}
        if isinstance(last, dict) and last.get("role") in ("tool", "function"):
            return None
        return choose(tools, "tool-choice", *seed_parts)
    if choice == "none":
        return None
    if choice == "required":
        return choose(tools, "tool-choice", *seed_parts)
    if isinstance(choice, (dict, str)):
        # TGI also takes a bare function name (the text-generation client sends one)
        function = choice.get("function") if isinstance(choice, dict) else None
        name = choice if isinstance(choice, str) else function.get("name") if isinstance(function, dict) else choice.get("name")
        for tool in tools:
            if tool.name == name:
                return tool
        raise tool_error(f"Tool with name {name} not found")
    raise tool_error(f"invalid `tool_choice` {choice!r}: use \"auto\", \"none\", \"required\" or {{\"type\": \"function\", \"function\": {{\"name\"}}}}")


def response_format_grammar(body: dict[str, Any]) -> dict[str, Any] | None:
    """The TGI grammar for a `response_format` in any form of WIRE.md 5.5 (None for text)."""
    fmt = body.get("response_format")
    if fmt is None:
        return None
    if not isinstance(fmt, dict) or not isinstance(fmt.get("type"), str):
        raise errors.ServiceError(422, "`response_format` must be an object with a `type`", error_type="validation", param="response_format")
    if fmt["type"] == "text":
        return None
    if fmt["type"] not in _GRAMMAR_FORMS:
        raise errors.ServiceError(
            422,
            f"Unknown `response_format.type` {fmt['type']!r}: expected text, json_object, json_schema, json or regex",
            error_type="validation",
            param="response_format",
        )
    return fmt
