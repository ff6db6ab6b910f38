"""One-regex dispatch (hf_tornado/dispatch.py) picks the rule Tornado's linear scan picks."""
from __future__ import annotations

import itertools

import tornado.routing
import tornado.web
from hypothesis import given, settings
from hypothesis import strategies as st

from hf_tornado import dispatch, openapi
from hf_tornado.app import make_app
from hf_tornado.config import Config

_MODELS = ("gpt2", "org/name", "BAAI/bge-small-en-v1.5", "a/b/c", "org/name/embed", "x/v1/chat/completions", "a%2Fb", "info", "m/info")
_SEGMENTS = ("", "models", "hf-inference", "v1", "chat", "completions", "embeddings", "pipeline", "feature-extraction",
             "embed", "rerank", "api", "status", "generate", "generate_stream", "health", "info", "__parlel", "rules",
             "x", "openapi.json", "openapiXjson", "tokenize", "models", "gpt2", "org", "name", "?", "%20", "é")


def linear(rules: list[tornado.routing.Rule], path: str) -> tornado.routing.Rule | None:
    """What Tornado's RuleRouter does: the first rule whose regex matches."""
    return next((rule for rule in rules if rule.matcher.regex.match(path)), None)  # type: ignore[attr-defined]


def _app() -> tornado.web.Application:
    return make_app(Config(disable_plugin_autoload=True))


APP = _app()
RULES = list(APP.wildcard_router.rules)
INDEX = dispatch.RouteIndex(RULES)


def _route_paths() -> list[str]:
    """Every route's path templates, filled with many model ids and tasks."""
    out = []
    for rule in RULES:
        for template, enums in openapi.templates(rule.matcher.regex.pattern.removesuffix("$")):  # type: ignore[attr-defined]
            for model in _MODELS:
                path = template.replace("{model}", model)
                for name, values in enums.items():
                    path = path.replace("{" + name + "}", values[0])
                for name in ("task", "revision", "item_id", "action"):
                    path = path.replace("{" + name + "}", "feature-extraction")
                out += [path, path + "/", path + "x", path.rstrip("/") + "//"]
    return out


def test_every_route_path_goes_where_tornado_sends_it() -> None:
    paths = _route_paths()
    assert len(paths) > 1000
    for path in paths:
        assert INDEX.find(path) is linear(RULES, path), path


def test_segment_combinations_go_where_tornado_sends_them() -> None:
    for count in (1, 2, 3, 4):
        for parts in itertools.islice(itertools.product(_SEGMENTS, repeat=count), 30000):
            path = "/" + "/".join(parts)
            assert INDEX.find(path) is linear(RULES, path), path


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_SEGMENTS) | st.text(max_size=6), max_size=6), st.booleans())
def test_arbitrary_paths_go_where_tornado_sends_them(parts: list[str], trailing: bool) -> None:
    path = "/" + "/".join(parts) + ("/" if trailing else "")
    assert INDEX.find(path) is linear(RULES, path)


def test_the_app_uses_the_index_and_falls_back_when_it_cannot() -> None:
    assert isinstance(APP, dispatch.Application)
    assert APP._current_index() is not None
    # A route added later (a host rule): the index steps aside and Tornado's router decides.
    app = _app()
    app.add_handlers(r"example\.com", [(r"/only-here", tornado.web.RequestHandler)])
    assert app._current_index() is None
    # A route with a back-reference cannot share the regex: Tornado's router decides.
    app = _app()
    app.wildcard_router.add_rules([(r"/(?P<a>x)(?P=a)", tornado.web.RequestHandler)])
    assert app._current_index() is None


def test_routes_answer_through_the_index(http) -> None:  # type: ignore[no-untyped-def]
    assert http("GET", "/health").status == 200
    assert http("POST", "/models/gpt2", {"inputs": "Hello"}).json()[0]["generated_text"].startswith("Hello")
    assert http("POST", "/hf-inference/models/BAAI/bge-small-en-v1.5/pipeline/feature-extraction", {"inputs": "a"}).status == 200
    missing = http("GET", "/no/such/route")
    assert missing.status == 404 and missing.json() == {"error": "No route for GET /no/such/route"}
