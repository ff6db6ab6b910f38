"""One-regex dispatch (hf_tornado/dispatch.py) picks the rule Tornado's linear scan picks."""
from __future__ import annotations

import itertools
from types import SimpleNamespace

import tornado.routing
import tornado.web
from hypothesis import given, settings
from hypothesis import strategies as st

from hf_tornado import dispatch, openapi
from hf_tornado.app import make_app
from hf_tornado.config import Config
from hf_tornado.lazy_routes import lazy_rules

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


def test_route_groups_by_first_segment() -> None:
    assert dispatch.first_segments(r"(?:/hf-inference)?/models/(?P<model>[^?#]+?)/?$") == {"hf-inference", "models"}
    assert dispatch.first_segments(r"/health/?$") == {"health"}
    assert dispatch.first_segments(r"/openapi\.json$") == {"openapi.json"}
    assert dispatch.first_segments(r"/$") == {""}
    # Patterns whose first segment is not a literal followed by a segment end go in every group.
    for pattern in (r".*$", r"/a/?b$", r"/ab?/$", r"/a\/b/$", r"/a|/b$", r"/a.b/$", r"/[ab]/$", r"/a\d/$", r"/a(?:b)?/$", r"/?$"):
        assert dispatch.first_segments(pattern) is None, pattern
    assert dispatch.first_segment("/models/gpt2") == "models"
    assert dispatch.first_segment("/health") == "health" and dispatch.first_segment("/health\n") == "health"
    assert dispatch.first_segment("/") == "" and dispatch.first_segment("*") is None


def test_a_path_compiles_only_its_own_group() -> None:
    index = dispatch.RouteIndex(RULES)
    assert index.find("/health") is linear(RULES, "/health")
    assert list(index._compiled) == ["health"]
    assert index._compiled["health"][0].pattern.count("(?P<r") == 2  # /health and the 404 rule
    assert index.find("/no-such-segment") is linear(RULES, "/no-such-segment")
    assert list(index._compiled) == ["health", None]  # an unknown segment adds no group


def test_every_first_segment_goes_where_tornado_sends_it() -> None:
    segments = [*INDEX._groups, "unknown", "health\n", "modelsx", "v", "", "%2F"]
    for segment in segments:
        for tail in ("", "/", "/gpt2", "/org/name/pipeline/feature-extraction", "/x/v1/chat/completions", "/embed", "\n"):
            path = "/" + segment + tail
            assert INDEX.find(path) is linear(RULES, path), path
    for path in ("", "*", "models/gpt2", "//health", "/\n"):
        assert INDEX.find(path) is linear(RULES, path), path


def test_tricky_patterns_keep_first_match_order() -> None:
    patterns = (r"/a/?b", r"/ab?/", r"/a\/b/", r"/x|/a", r"/a.b/?", r"/[ab]/c", r"/a\d/", r"(?:/p)?/q/x", r"/a/c",
                r"/q/?", r"/p/?", r"/", r"/b/.*", r"/a\.b", r".*z", r".*")
    rules = lazy_rules((pattern, tornado.web.RequestHandler, {}) for pattern in patterns)
    index = dispatch.RouteIndex(rules)
    parts = ("a", "b", "ab", "abb", "a.b", "aXb", "a1", "p", "q", "x", "c", "z", "", "\n")
    for count in (1, 2, 3):
        for combo in itertools.product(parts, repeat=count):
            for path in ("/" + "/".join(combo), "/" + "/".join(combo) + "/", "".join(combo)):
                assert index.find(path) is linear(rules, path), path


def _arguments_agree(index: dispatch.RouteIndex, rules: list[tornado.routing.Rule], path: str) -> None:
    found = index.match(path)
    rule = linear(rules, path)
    assert (found[1].rule if found else None) is rule, path
    if found is not None and not found[1].mixed:
        assert dispatch.arguments(*found) == rule.matcher.match(SimpleNamespace(path=path)), path  # type: ignore[arg-type]


def test_arguments_are_what_the_rule_own_matcher_gives() -> None:
    paths = _route_paths() + ["/models/a%2Fb%20c/pipeline/x%C3%A9", "/__parlel/models/cold", "/api/models/o/n/revision/r%2F1"]
    for path in paths:
        _arguments_agree(INDEX, RULES, path)
    patterns = (r"/p/([^/]+)/(\d+)?/?", r"/n/(?P<a>[^/]+)/(?P<b>x)?", r"/(?:q|r)/(?P<c>.*)", r".*")
    rules = lazy_rules((pattern, tornado.web.RequestHandler, {}) for pattern in patterns)
    index = dispatch.RouteIndex(rules)
    for path in ("/p/a%20b/", "/p/a/12", "/n/%E2%82%AC/", "/n/a/x", "/q/", "/r/a/b%2F", "/zzz"):
        _arguments_agree(index, rules, path)
    # Named and positional groups in one rule: Tornado refuses it, so its own matcher decides.
    mixed = dispatch.RouteIndex(lazy_rules([(r"/m/(?P<d>[^/]+)/([^/]+)", tornado.web.RequestHandler, {})]))
    assert mixed.match("/m/a/b")[1].mixed  # type: ignore[index]


def test_rules_added_after_the_first_request_are_seen_and_apps_do_not_share_an_index() -> None:
    from tornado.httputil import HTTPServerRequest, RequestStartLine

    class Replacement(tornado.web.RequestHandler):
        pass

    def handler_class(app: tornado.web.Application, uri: str) -> type:
        return app.find_handler(HTTPServerRequest(start_line=RequestStartLine("GET", uri, "HTTP/1.0"))).handler_class

    first, second = _app(), _app()
    original = handler_class(first, "/health")
    assert first._current_index() is not None and first._current_index() is not second._current_index()
    # A rule put in front of the table after the index was built (and /health's group compiled).
    first.wildcard_router.rules.insert(0, tornado.routing.Rule(tornado.routing.PathMatches(r"/health/?$"), Replacement))
    first.wildcard_router.add_rules([(r"/added-later", Replacement)])  # behind the 404 rule: never reached
    assert handler_class(first, "/health") is Replacement and handler_class(first, "/health?x=1") is Replacement
    assert handler_class(first, "/added-later") is linear(list(first.wildcard_router.rules), "/added-later").target
    assert handler_class(second, "/health") is original  # the other app is untouched
    for uri in ("/health", "/%68ealth", "/héalth", "//health", "/health/", "/" + "x" * 20000, "/models/" + "a/" * 2000 + "b"):
        for app in (first, second):
            rule = linear(list(app.wildcard_router.rules), uri.partition("?")[0])
            assert handler_class(app, uri) is (rule.target if rule else tornado.web.ErrorHandler), uri
