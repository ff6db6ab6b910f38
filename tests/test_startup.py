"""Start-up stays lean: what `python -m hf_tornado` imports before it is ready, and the
entry-point discovery that replaces importlib.metadata on that path (docs/performance.md)."""
from __future__ import annotations

import sys
from importlib import metadata

from hf_tornado import entry_points


def test_entry_points_are_found_as_importlib_metadata_finds_them():
    groups = {ep.group for dist in metadata.distributions() for ep in dist.entry_points}
    assert {"hf_tornado", "pytest11", "console_scripts"} <= groups
    for group in groups:
        fast = entry_points._scan(group)
        assert fast is not None
        assert [(ep.name, ep.value, ep.group) for ep in fast] == [
            (ep.name, ep.value, ep.group) for ep in metadata.entry_points(group=group)
        ], group


def test_entry_point_loads_module_and_attribute():
    module = entry_points.EntryPoint("x", "hf_tornado.synth.seed", "g").load()
    assert module is sys.modules["hf_tornado.synth.seed"]
    assert entry_points.EntryPoint("x", "hf_tornado.synth.seed:rng", "g").load() is module.rng
    assert entry_points.EntryPoint("x", "hf_tornado.synth : seed.rng [extra]", "g").load() is module.rng


def test_entry_points_file_parsing_follows_importlib_metadata():
    text = "[hf_tornado]\n# a comment\n  langid = hf_tornado_langid  \n\n[other]\nx = y:z\n[hf_tornado]\nb=c:d.e [extra]\n"
    assert [(ep.name, ep.value) for ep in entry_points._parse(text, "hf_tornado")] == [
        ("langid", "hf_tornado_langid"),
        ("b", "c:d.e [extra]"),
    ]


def test_a_zip_on_sys_path_falls_back_to_importlib_metadata(tmp_path, monkeypatch):
    archive = tmp_path / "bundle.zip"
    archive.write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty zip
    monkeypatch.setattr(sys, "path", [*sys.path, str(archive)])
    assert entry_points._scan("hf_tornado") is None
    assert [ep.name for ep in entry_points.entry_points("hf_tornado")] == [
        ep.name for ep in metadata.entry_points(group="hf_tornado")
    ]


def test_a_replaced_metadata_function_is_used(monkeypatch):
    fake = metadata.EntryPoint(name="fake", value="hf_tornado_fake", group="hf_tornado")
    monkeypatch.setattr(metadata, "entry_points", lambda group=None: [fake])
    assert entry_points.entry_points("hf_tornado") == (fake,)


# --- what start-up imports ------------------------------------------------------------------

_BUILD_LIKE_THE_CLI = """
import json, sys
from hf_tornado.cli import main  # what `python -m hf_tornado` imports
from hf_tornado.app import make_app, make_state
from hf_tornado.config import load_config
app = make_app(state=make_state(load_config({"port": 0})))
from hf_tornado.catalog import compiled_name_rules
print(json.dumps({"modules": sorted(sys.modules), "name_rules_compiled": compiled_name_rules.cache_info().currsize}))
"""

_LAZY_BUILTINS = (
    "vision", "audio", "image_generation", "multimodal", "tabular", "text_classification",
    "token_classification", "question_answering", "text2text", "fill_mask", "feature_extraction",
    "text_generation",
)

# Imported on the first request of their routes, never before (handlers/deferred.py).
_SURFACE_MODULES = (
    "hf_tornado.handlers.openai",
    "hf_tornado.handlers.openai_chat",
    "hf_tornado.handlers.pipeline",
    "hf_tornado.handlers.tgi",
    "hf_tornado.handlers.tei",
    "hf_tornado.handlers.hub",
    "hf_tornado.handlers.control",
    "hf_tornado.handlers.service",
    "hf_tornado.handlers.openapi_doc",
    "hf_tornado.openapi",
    "hf_tornado.hub_info",
    "hf_tornado.media_info",
    "importlib.metadata",
    # Built-in task implementations: imported on a task's first run (builtin_tasks/lazy.py).
    *(f"hf_tornado.builtin_tasks.{name}_tasks" for name in _LAZY_BUILTINS),
    "hf_tornado.synth.png",
    "hf_tornado.synth.wav",
    "hf_tornado.synth.jpeg",
    "hf_tornado.synth.mp4",
    "wave",
    "hf_tornado.builtin_tasks.generation_params",
    # The embedding generator and the tokenizer (base.py only needs synth/embedding_rows.py).
    "hf_tornado.synth.embedding",
    "hf_tornado.synth.text",
    # Grammar-constrained generation (text_generation.grammar_text): imported by the first grammar.
    "hf_tornado.synth.jsonschema_gen",
    "hf_tornado.synth.regex_gen",
    # The control layer's books (control/controller.py): built when a test first scripts one.
    *(f"hf_tornado.control.{name}" for name in ("rules", "faults", "warmup", "quotas", "streaming", "facts", "answers", "tokens")),
    # The journal's entry dataclass: built when the journal is first read.
    "hf_tornado.journal_entry",
    # Standard library used only on rare paths (hf_tornado.redirect's temporary directory).
    "shutil",
    "tempfile",
)


def _after_start() -> dict:
    import json
    import subprocess

    proc = subprocess.run([sys.executable, "-c", _BUILD_LIKE_THE_CLI], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(proc.stdout)


def test_start_up_imports_no_surface_module_and_no_lazy_task_implementation():
    after = _after_start()
    assert after["name_rules_compiled"] == 0  # catalog.NAME_RULES: compiled on first use
    loaded = set(after["modules"])
    assert "hf_tornado.handlers.health" in loaded and "hf_tornado.registry" in loaded
    assert not loaded & set(_SURFACE_MODULES), sorted(loaded & set(_SURFACE_MODULES))


def test_the_route_table_describes_real_handlers_and_the_app_holds_stand_ins():
    from hf_tornado.app import make_app, make_state, routes
    from hf_tornado.handlers import openai, service
    from hf_tornado.handlers.deferred import DeferredHandler

    state = make_state()
    real = routes(state)
    deferred = routes(state, deferred_handlers=True)
    assert [(p, kw) for p, _, kw in real] == [(p, kw) for p, _, kw in deferred]
    assert not any(issubclass(handler, DeferredHandler) for _, handler, _ in real)
    by_pattern = {pattern: handler for pattern, handler, _ in real}
    assert by_pattern[r"/v1/chat/completions/?"] is openai.ChatCompletionsHandler
    assert by_pattern[r"/"] is service.RootHandler
    stand_ins = [handler for _, handler, _ in deferred if issubclass(handler, DeferredHandler)]
    assert len(stand_ins) > 40
    for stand_in, (_, handler, _) in zip((h for _, h, _ in deferred), real):
        if issubclass(stand_in, DeferredHandler):
            assert stand_in.resolve() is handler and stand_in.__name__ == handler.__name__
            assert stand_in._stream_request_body == handler._stream_request_body
    app_targets = [rule.target for rule in make_app(state=state).wildcard_router.rules]
    assert any(issubclass(target, DeferredHandler) for target in app_targets)


def test_tei_routes_name_the_operations_the_tei_handler_serves():
    from hf_tornado.handlers import tei, tei_routes

    assert tei_routes.OPERATIONS == tuple(tei._OPERATIONS)
    assert tei.ROUTES is tei_routes.ROUTES and tei.MODEL_ROUTES is tei_routes.MODEL_ROUTES


def test_first_requests_of_each_surface_through_stand_ins(http):
    # The http fixture's server is made by make_app: each route below is a stand-in until used.
    assert http("GET", "/health", auth=False).json() == {"status": "ok"}
    assert http("POST", "/models/gpt2", {"inputs": "Hello", "parameters": {"max_new_tokens": 3}}).status == 200
    chat = http("POST", "/v1/chat/completions", {"model": "gpt2", "messages": [{"role": "user", "content": "Hi"}]})
    assert chat.status == 200 and chat.json()["object"] == "chat.completion"
    assert http("POST", "/embed", {"inputs": "Hello"}).status == 200
    assert http("GET", "/api/models/gpt2", auth=False).status == 200
    assert http("GET", "/__parlel/requests", auth=False).status == 200
    assert http("GET", "/nope/nope", auth=False).status == 404


def test_lazy_builtin_tasks_declare_what_their_implementation_is():
    from hf_tornado.builtin_tasks.lazy import LazyTask
    from hf_tornado.app import make_state
    from hf_tornado.tasks import Task

    registry = make_state().registry
    lazy = {name: task for name, task in registry.tasks.items() if isinstance(task, LazyTask)}
    assert {registry.task_plugins[name].rsplit(".", 1)[1] for name in lazy} == set(_LAZY_BUILTINS)
    for name, task in lazy.items():
        real = task.load()  # PluginError if the name or binary_input differ from the declaration
        assert type(real).__module__ == task.implementation.partition(":")[0]
        assert isinstance(real, Task) and not isinstance(real, LazyTask) and repr(task) == repr(real)


def test_a_lazy_task_whose_implementation_disagrees_is_a_plugin_error():
    import pytest

    from hf_tornado import PluginError
    from hf_tornado.builtin_tasks.lazy import LazyTask

    with pytest.raises(PluginError, match="is task 'fill-mask'"):
        LazyTask("not-fill-mask", "hf_tornado.builtin_tasks.fill_mask_tasks:FillMask").load()
    with pytest.raises(PluginError, match="binary_input"):
        LazyTask("image-classification", "hf_tornado.builtin_tasks.vision_tasks:ImageClassification").load()


def test_name_rules_compile_on_first_use_and_an_explicit_empty_set_stays_empty():
    from hf_tornado import catalog

    assert catalog.NAME_RULES is catalog.compiled_name_rules()
    assert [task for _, task in catalog.NAME_RULES][:2] == ["feature-extraction", "automatic-speech-recognition"]
    assert catalog.Catalog([]).task_by_name("openai/whisper-tiny") == "automatic-speech-recognition"
    assert catalog.Catalog([], name_rules=()).task_by_name("openai/whisper-tiny") is None


def test_a_fresh_cli_process_answers_each_first_request_like_a_warm_server(hf_url):
    # Every request below is the first of its kind in the fresh process: each imports its
    # surface and task on the way, and must answer the same bytes as the long-running server.
    import base64
    import urllib.request

    from test_cli import start_cli

    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAGUlEQVR4nGNgYGD4z8DAwMDAxMDAwMDAAAAR9QEBHsvDiAAAAABJRU5ErkJggg=="
    )
    requests = [
        ("GET", "/", None, None),
        ("POST", "/models/gpt2", b'{"inputs": "Hello there", "parameters": {"max_new_tokens": 6}}', "application/json"),
        ("POST", "/v1/chat/completions", b'{"model": "gpt2", "messages": [{"role": "user", "content": "Hi"}]}', "application/json"),
        ("POST", "/v1/embeddings", b'{"model": "sentence-transformers/all-MiniLM-L6-v2", "input": "Hello"}', "application/json"),
        ("POST", "/embed", b'{"inputs": "Hello"}', "application/json"),
        ("POST", "/models/google/vit-base-patch16-224", png, "image/png"),
        ("POST", "/models/dslim/bert-base-NER", b'{"inputs": "Ada Lovelace lived in London"}', "application/json"),
        ("GET", "/api/models/gpt2", None, None),
    ]

    def answers(base: str) -> list[tuple[int, bytes]]:
        out = []
        for method, path, body, content_type in requests:
            headers = {"Authorization": "Bearer hf_test_token"}
            if content_type:
                headers["Content-Type"] = content_type
            req = urllib.request.Request(base + path, data=body, method=method, headers=headers)
            with urllib.request.urlopen(req, timeout=10) as resp:
                out.append((resp.status, resp.read()))
        return out

    proc, url = start_cli("--port", "0")
    try:
        fresh = answers(url)
    finally:
        proc.terminate()
        proc.communicate(timeout=10)
    warm = answers(hf_url)
    for (method, path, _, _), got, expected in zip(requests, fresh, warm):
        assert got[0] == 200 and got == expected, f"{method} {path}"


def test_route_regexes_compile_on_first_use_and_match_like_tornados():
    import tornado.routing
    from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine

    from hf_tornado.app import make_app, make_state, routes
    from hf_tornado.lazy_routes import LazyPathMatches

    state = make_state()
    app = make_app(state=state)
    rules = app.wildcard_router.rules
    assert len(rules) > 50 and all(isinstance(rule.matcher, LazyPathMatches) for rule in rules)
    assert not any("regex" in rule.matcher.__dict__ for rule in rules)  # nothing compiled yet
    request = HTTPServerRequest(start_line=RequestStartLine("GET", "/health", "HTTP/1.1"), headers=HTTPHeaders(Host="127.0.0.1"))
    app.find_handler(request)  # the index (dispatch.py) compiles the "health" group: no rule's own regex
    assert [rule.matcher.pattern for rule in rules if "regex" in rule.matcher.__dict__] == []
    assert list(app._current_index()._compiled) == ["health"]
    for pattern, _, _ in routes(state):
        lazy, eager = LazyPathMatches(pattern), tornado.routing.PathMatches(pattern)
        assert (lazy._path, lazy._group_count) == (eager._path, eager._group_count), pattern
        assert lazy.regex.pattern == eager.regex.pattern and lazy.regex.flags == eager.regex.flags


def test_control_books_are_built_on_first_use_and_shared_across_threads():
    import threading

    from hf_tornado.control import Controller, SpecError, model_state
    from hf_tornado.control.rules import RuleBook, SpecError as RulesSpecError
    from hf_tornado.control.warmup import model_state as warmup_model_state

    assert SpecError is RulesSpecError and model_state is warmup_model_state
    control = Controller()
    assert not control.active and control.__dict__.keys().isdisjoint({"rules", "faults", "warmup", "quotas"})
    control.reset()  # clears what exists, builds nothing
    assert control.__dict__.keys().isdisjoint({"rules", "faults", "warmup", "quotas"})
    books: list[RuleBook] = []
    threads = [threading.Thread(target=lambda: books.append(control.rules)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(book) for book in books}) == 1 and isinstance(books[0], RuleBook)
    assert not control.active  # an empty book
    control.rules.add({"match": {"model": "gpt2"}, "respond": {"output": "hi"}})
    assert control.active and "faults" not in control.__dict__
    control.reset()
    assert not control.active and not control.rules
    configured = Controller({"cold_models": [{"model": "gpt2"}]})
    assert configured.active and set(configured.__dict__) >= {"warmup"} and "rules" not in configured.__dict__


def test_a_lazy_task_that_cannot_load_is_a_plugin_error_and_the_server_keeps_serving(caplog):
    import json
    import types
    import urllib.error
    import urllib.request

    import pytest

    from hf_tornado import HuggingfaceInferenceServer, PluginError, hookimpl
    from hf_tornado.builtin_tasks.lazy import LazyTask
    from hf_tornado.catalog import ModelCard

    # A malformed implementation is refused where the plugin registers it, not on a request.
    with pytest.raises(PluginError, match="is not 'module:Class'"):
        LazyTask("my-task", "no_colon_here")
    with pytest.raises(PluginError, match=r"task 'my-task': implementation no_such_module_r2:T failed to load: ModuleNotFoundError"):
        LazyTask("my-task", "no_such_module_r2:T").load()
    with pytest.raises(PluginError, match="failed to load: AttributeError"):
        LazyTask("fill-mask", "hf_tornado.builtin_tasks.fill_mask_tasks:NoSuchClass").load()

    plugin = types.ModuleType("broken_lazy_plugin")
    plugin.hf_tornado_register_tasks = hookimpl(lambda: [LazyTask("broken-task", "no_such_module_r2:T")])
    plugin.hf_tornado_register_models = hookimpl(lambda: [ModelCard(id="acme/broken", task="broken-task")])

    def post(base: str, path: str, body: dict) -> tuple[int, bytes]:
        headers = {"Content-Type": "application/json", "Authorization": "Bearer hf_test_token"}
        req = urllib.request.Request(base + path, data=json.dumps(body).encode(), headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    with HuggingfaceInferenceServer(port=0, plugins=[plugin]) as server:
        for _ in range(2):  # not kept: each request tries again, and answers the same way
            assert post(server.url, "/models/acme/broken", {"inputs": "x"}) == (500, b'{"error": "unknown error"}')
        # The log says which plugin task failed and why (the client gets the service's 500).
        assert "PluginError: task 'broken-task': implementation no_such_module_r2:T failed to load" in caplog.text
        status, body = post(server.url, "/models/gpt2", {"inputs": "Hello", "parameters": {"max_new_tokens": 3}})
        assert status == 200 and json.loads(body)[0]["generated_text"].startswith("Hello")


def test_concurrent_first_requests_in_a_fresh_process_answer_like_a_warm_server(hf_url):
    # Two embedded servers start at once in a fresh process, each in its own thread, and every
    # request below is fired at both together: the deferred handler imports, the lazy task loads
    # and the route groups' first compiles race, and must answer the warm server's bytes.
    import json
    import subprocess
    import sys
    import urllib.request

    requests = [
        ("/models/gpt2", {"inputs": "Hello there", "parameters": {"max_new_tokens": 6}}),
        ("/v1/chat/completions", {"model": "gpt2", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 5}),
        ("/v1/embeddings", {"model": "sentence-transformers/all-MiniLM-L6-v2", "input": "Hello"}),
        ("/models/distilbert-base-uncased-finetuned-sst-2-english", {"inputs": "good"}),
        ("/models/dslim/bert-base-NER", {"inputs": "Ada Lovelace lived in London"}),
        ("/models/bert-base-uncased", {"inputs": "Paris is the [MASK] of France."}),
        ("/embed", {"inputs": "Hello"}),
        ("/health", None),
        ("/info", None),
    ]
    script = r"""
import json, sys, threading, urllib.error, urllib.request
from concurrent.futures import ThreadPoolExecutor
from hf_tornado import HuggingfaceInferenceServer
requests = json.loads(sys.argv[1])
servers = [HuggingfaceInferenceServer(port=0) for _ in range(2)]
barrier = threading.Barrier(len(servers))
def start(server):
    barrier.wait()
    server.__enter__()
threads = [threading.Thread(target=start, args=(server,)) for server in servers]
for thread in threads: thread.start()
for thread in threads: thread.join(timeout=30)
def call(base, path, body):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, headers={"Content-Type": "application/json", "Authorization": "Bearer hf_test_token"})
    try:
        with urllib.request.urlopen(req, timeout=20) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
try:
    with ThreadPoolExecutor(2 * len(requests)) as pool:
        futures = [[pool.submit(call, server.url, path, body) for path, body in requests] for server in servers]
        print(json.dumps([[future.result() for future in row] for row in futures]))
finally:
    for server in servers: server.__exit__(None, None, None)
"""
    done = subprocess.run([sys.executable, "-c", script, json.dumps(requests)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    both = json.loads(done.stdout)
    for path, body in requests:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(hf_url + path, data=data, headers={"Content-Type": "application/json", "Authorization": "Bearer hf_test_token"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            warm = [resp.status, resp.read().decode()]
        index = [p for p, _ in requests].index(path)
        assert both[0][index] == both[1][index] == warm, path


def test_a_distribution_installed_after_a_server_started_is_found_by_the_next_one(tmp_path, monkeypatch):
    # The entry points are kept between servers of one process; installing a plugin into a
    # directory already on sys.path (pip install while a test session runs) must not be missed.
    from hf_tornado import registry

    monkeypatch.syspath_prepend(str(tmp_path))
    assert "r2_late_plugin" not in {ep.name for ep in registry._entry_points()}
    info = tmp_path / "r2_late_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: r2-late-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[hf_tornado]\nr2_late_plugin = r2_late_plugin_module\n")
    assert "r2_late_plugin" in {ep.name for ep in registry._entry_points()}
    # ... and a removed one is gone again.
    for child in info.iterdir():
        child.unlink()
    info.rmdir()
    assert "r2_late_plugin" not in {ep.name for ep in registry._entry_points()}
