"""The OpenAPI 3.0 document of this server's own routes, served at `GET /openapi.json`.

It is built from the route table in app.py at request time, so a route added there shows up
here without anyone remembering to: each Tornado path pattern becomes an OpenAPI path template,
each method its handler class implements becomes an operation. What a regex cannot say (request
bodies, which routes need a token) comes from the small tables below, keyed by handler kind.
A test (tests/test_robustness_openapi.py) checks that every route is described and runs
schemathesis against the document.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

import tornado.web

from . import __version__

_METHODS = ("get", "post", "put", "delete")
# Handler methods that exist only for a sub-path the regex cannot tell apart (PipelineHandler.get
# serves `/models/{id}/info` and `/health`, documented on their own paths below).
_UNDOCUMENTED = {("PipelineHandler", "get"), ("TEIHandler", "get")}  # TEI: a bare 405 (axum)

_STRING_OR_LIST = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]}
_MESSAGE = {
    "type": "object",
    "required": ["role", "content"],
    "properties": {"role": {"type": "string", "enum": ["system", "user", "assistant"]}, "content": {"type": "string"}},
}
_GENERATION_PARAMETERS = {
    "type": "object",
    "properties": {
        "max_new_tokens": {"type": "integer", "minimum": 1, "maximum": 512},
        "temperature": {"type": "number", "exclusiveMinimum": True, "minimum": 0},
        "seed": {"type": "integer", "minimum": 0},
        "details": {"type": "boolean"},
        "return_full_text": {"type": "boolean"},
        "stop": {"type": "array", "items": {"type": "string"}, "maxItems": 4},
    },
}
_PIPELINE_BODY = {
    "type": "object",
    "description": "`inputs` is the task's input; `parameters` its options (WIRE.md 2.3). Raw image or audio bytes are accepted as the body too.",
    "properties": {"inputs": {}, "parameters": {"type": "object"}, "options": {"type": "object"}, "stream": {"type": "boolean"}},
}
_TEI_BODIES: dict[str, dict[str, Any]] = {
    "embed": {"type": "object", "required": ["inputs"], "properties": {"inputs": _STRING_OR_LIST, "normalize": {"type": "boolean"}}},
    "embed_all": {"type": "object", "required": ["inputs"], "properties": {"inputs": _STRING_OR_LIST}},
    "embed_sparse": {"type": "object", "required": ["inputs"], "properties": {"inputs": _STRING_OR_LIST}},
    "rerank": {
        "type": "object",
        "required": ["query", "texts"],
        "properties": {"query": {"type": "string"}, "texts": {"type": "array", "items": {"type": "string"}}, "return_text": {"type": "boolean"}},
    },
    "predict": {"type": "object", "required": ["inputs"], "properties": {"inputs": _STRING_OR_LIST}},
    "similarity": {
        "type": "object",
        "required": ["inputs"],
        "properties": {
            "inputs": {
                "type": "object",
                "required": ["source_sentence", "sentences"],
                "properties": {"source_sentence": {"type": "string"}, "sentences": {"type": "array", "items": {"type": "string"}}},
            }
        },
    },
    "decode": {"type": "object", "required": ["ids"], "properties": {"ids": {"type": "array", "items": {"type": "integer", "minimum": 0}}}},
    "invocations": {"type": "object", "required": ["inputs"], "properties": {"inputs": _STRING_OR_LIST}},
}
_BODIES: dict[str, dict[str, Any]] = {
    "ChatCompletionsHandler": {
        "type": "object",
        "required": ["messages"],
        "properties": {
            "model": {"type": "string"},
            "messages": {"type": "array", "items": _MESSAGE, "minItems": 1},
            "max_tokens": {"type": "integer", "minimum": 1, "maximum": 512},
            "stream": {"type": "boolean"},
            "seed": {"type": "integer", "minimum": 0},
        },
    },
    "CompletionsHandler": {
        "type": "object",
        "required": ["prompt"],
        "properties": {"model": {"type": "string"}, "prompt": {"type": "string"}, "max_tokens": {"type": "integer", "minimum": 1, "maximum": 512}, "stream": {"type": "boolean"}},
    },
    "EmbeddingsHandler": {
        "type": "object",
        "required": ["input"],
        "properties": {"model": {"type": "string"}, "input": _STRING_OR_LIST, "encoding_format": {"type": "string", "enum": ["float", "base64"]}},
    },
    "GenerateHandler": {"type": "object", "required": ["inputs"], "properties": {"inputs": {"type": "string"}, "parameters": _GENERATION_PARAMETERS}},
    "TokenizeHandler": {"type": "object", "required": ["inputs"], "properties": {"inputs": {"type": "string"}}},
    "PipelineHandler": _PIPELINE_BODY,
    "RootHandler": _PIPELINE_BODY,
}

_ERROR = {
    "description": "An error in the route's dialect: `{\"error\": ...}` (pipeline, TGI, TEI, control) or the OpenAI envelope; TGI and TEI framework errors are text/plain",
    "content": {
        "application/json": {"schema": {"type": "object", "required": ["error"]}},
        "text/plain": {"schema": {"type": "string"}},
    },
}
_OK_JSON = {"description": "OK", "content": {"application/json": {"schema": {}}, "text/plain": {"schema": {"type": "string"}}}}
_OK_ANY = {
    "description": "The task's answer: JSON, a server-sent event stream, media bytes, or empty",
    "content": {
        "application/json": {"schema": {}},
        "text/event-stream": {"schema": {}},
        "text/plain": {"schema": {"type": "string"}},
        "image/*": {"schema": {"type": "string", "format": "binary"}},
        "audio/*": {"schema": {"type": "string", "format": "binary"}},
    },
}
_GROUP_PATTERN = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*(?:\([^()]*\)[^()]*)*)\)")


def templates(pattern: str) -> list[tuple[str, dict[str, list[str]]]]:
    """OpenAPI path templates for a Tornado route pattern, with each parameter's enum (if the
    pattern pins one): `(?:/hf-inference)?/models/(?P<model>...)/?` gives `/models/{model}`
    and `/hf-inference/models/{model}`. Catch-alls give nothing."""
    if pattern in (".*", r".*"):
        return []
    variants = [pattern.replace(r"(?:/hf-inference)?", ""), pattern.replace(r"(?:/hf-inference)?", "/hf-inference")]
    out = []
    for variant in dict.fromkeys(variants):
        enums: dict[str, list[str]] = {}

        def parameter(match: re.Match[str]) -> str:
            body = match.group("body")
            if re.fullmatch(r"[\w|-]+", body):
                enums[match.group("name")] = body.split("|")
            return "{" + match.group("name") + "}"

        path = _GROUP_PATTERN.sub(parameter, variant)
        if path.endswith("/?"):
            path = path[:-2]
        path = path.replace("\\", "") or "/"
        out.append((path, enums))
    return out


def _methods(handler: type) -> list[str]:
    found = []
    for method in _METHODS:
        if getattr(handler, method) is not getattr(tornado.web.RequestHandler, method):
            if (handler.__name__, method) not in _UNDOCUMENTED:
                found.append(method)
    return found


def _needs_token(handler: type, method: str) -> bool:
    if handler.__name__ == "RootHandler":
        return method == "post"
    return bool(getattr(handler, "requires_auth", False))


def _operation(path: str, enums: dict[str, list[str]], handler: type, kwargs: dict[str, Any], method: str) -> dict[str, Any]:
    name = handler.__name__.removesuffix("Handler")
    operation: dict[str, Any] = {
        "operationId": f"{method}_{re.sub(r'[^A-Za-z0-9]+', '_', path).strip('_') or 'root'}",
        "summary": f"{name} ({kwargs.get('operation') or kwargs.get('surface') or getattr(handler, 'surface', '')})",
        "tags": [getattr(handler, "route_kind", "service")],
        "parameters": [
            {"name": p, "in": "path", "required": True, "schema": {"type": "string", "minLength": 1, **({"enum": enums[p]} if p in enums else {})}}
            for p in re.findall(r"\{(\w+)\}", path)
        ],
        "responses": {"200": _OK_ANY if method == "post" else _OK_JSON, "4XX": _ERROR, "5XX": _ERROR},
    }
    if _needs_token(handler, method):
        operation["security"] = [{"bearer": []}]
    if method in ("post", "put"):
        schema = _TEI_BODIES.get(kwargs.get("operation", "")) or _BODIES.get(handler.__name__) or {"type": "object"}
        content: dict[str, Any] = {"application/json": {"schema": schema}}
        if schema is _PIPELINE_BODY:
            content["application/octet-stream"] = {"schema": {"type": "string", "format": "binary"}}
        operation["requestBody"] = {"required": handler.__name__ not in ("ResetHandler", "RootHandler"), "content": content}
    if handler.__name__ == "RequestsHandler" and method == "get":
        operation["parameters"] += [
            {"name": q, "in": "query", "required": False, "schema": {"type": "string"}} for q in ("model", "task", "route_kind", "status")
        ] + [{"name": "limit", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 0}}]
    return operation


def document(route_table: Iterable[tuple[str, type, dict[str, Any]]]) -> dict[str, Any]:
    """The OpenAPI 3.0.3 document of ``route_table`` (app.routes(state))."""
    paths: dict[str, dict[str, Any]] = {}
    for pattern, handler, kwargs in route_table:
        for path, enums in templates(pattern):
            entry = paths.setdefault(path, {})
            for method in _methods(handler):
                entry.setdefault(method, _operation(path, enums, handler, kwargs, method))
    # TGI's per-model info and health (served by the pipeline route, told apart by suffix).
    for suffix, ok in (("info", _OK_JSON), ("health", {"description": "healthy (empty body)"})):
        for prefix in ("", "/hf-inference"):
            path = f"{prefix}/models/{{model}}/{suffix}"
            paths.setdefault(path, {})["get"] = {
                "operationId": f"get_{prefix.strip('/').replace('-', '_')}_model_{suffix}".replace("__", "_"),
                "summary": f"TGI {suffix} of one model",
                "tags": ["tgi"],
                "parameters": [{"name": "model", "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}],
                "responses": {"200": ok, "4XX": _ERROR},
            }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "hf-tornado",
            "version": __version__,
            "description": "A local, deterministic emulator of the Hugging Face Inference API. Every route of this server; "
            "model ids may contain `/` (send them unescaped).",
        },
        "servers": [{"url": "/"}],
        "paths": {path: paths[path] for path in sorted(paths) if paths[path]},
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    }
