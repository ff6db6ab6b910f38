"""The pluggy task registry: entry points, built-ins as plugins, start-up errors naming plugins."""
from __future__ import annotations

import re
import types
from importlib import metadata
from pathlib import Path

import pytest

import hf_tornado
from hf_tornado import Config, PluginError, Task, hookimpl, hookspecs, make_app
from hf_tornado.registry import TaskRegistry, make_plugin_manager

ROOT = Path(__file__).resolve().parents[1]


def plugin_module(name: str, **hooks) -> types.ModuleType:
    module = types.ModuleType(name)
    for hook_name, fn in hooks.items():
        setattr(module, hook_name, hookimpl(fn))
    return module


class Echo(Task):
    name = "echo"

    def run(self, request):
        return {"echo": request.require_inputs()}


def test_entry_point_plugin_is_discovered_and_served(http):
    # plugins/hf-tornado-langid is installed by the test command and found through its
    # `hf_tornado` entry point, not imported by the tests.
    names = [ep.name for ep in metadata.entry_points(group="hf_tornado")]
    assert "langid" in names
    r = http("POST", "/models/papluca/xlm-roberta-base-language-detection", {"inputs": "Bonjour le monde, la vie est belle"})
    assert r.status == 200
    assert r.json()[0][0]["label"] == "fr"
    r = http("POST", "/models/any/model/pipeline/language-identification", {"inputs": "Hallo Welt, das ist nicht gut"})
    assert r.json()[0][0]["label"] == "de"


def test_autoload_can_be_disabled(monkeypatch):
    monkeypatch.setenv("HF_TORNADO_DISABLE_PLUGIN_AUTOLOAD", "1")
    config = hf_tornado.load_config({})
    assert config.disable_plugin_autoload
    registry = make_app(config).settings["hf_state"].registry
    assert "language-identification" not in registry.tasks
    assert "text-generation" in registry.tasks


def test_builtins_are_registered_like_any_plugin():
    pm = make_plugin_manager(load_entrypoints=False)
    names = [name for name, _ in pm.list_name_plugin()]
    assert "hf_tornado.builtin_tasks.text_generation" in names
    assert "hf_tornado.builtin_tasks.feature_extraction" in names


def test_extra_plugin_task_is_served():
    app = make_app(Config(disable_plugin_autoload=True), plugins=[plugin_module("echo_plugin", hf_tornado_register_tasks=lambda: [Echo()])])
    assert app.settings["hf_state"].registry.task_plugins["echo"] == "echo_plugin"


def test_duplicate_task_names_both_plugins():
    first = plugin_module("first_plugin", hf_tornado_register_tasks=lambda: [Echo()])
    second = plugin_module("second_plugin", hf_tornado_register_tasks=lambda: [Echo()])
    with pytest.raises(PluginError, match=r"task 'echo' is registered twice: by plugin '.*_plugin' and by plugin '.*_plugin'"):
        TaskRegistry(make_plugin_manager(load_entrypoints=False, extra_plugins=[first, second]))


def test_unknown_hook_names_the_plugin():
    bad = plugin_module("typo_plugin", hf_tornado_register_taks=lambda: [])
    with pytest.raises(PluginError, match="typo_plugin"):
        make_plugin_manager(load_entrypoints=False, extra_plugins=[bad])


def test_async_hook_implementation_is_refused():
    async def resolve(model, body, catalog):
        return "echo"

    bad = plugin_module("async_plugin", hf_tornado_resolve_task=resolve)
    with pytest.raises(PluginError, match="async_plugin.*plain def"):
        make_plugin_manager(load_entrypoints=False, extra_plugins=[bad])


def test_import_failure_names_the_plugin(monkeypatch):
    broken = metadata.EntryPoint(name="broken", value="hf_tornado_does_not_exist", group="hf_tornado")
    monkeypatch.setattr(metadata, "entry_points", lambda group=None: [broken] if group == "hf_tornado" else [])
    with pytest.raises(PluginError, match=r"plugin 'broken' \(hf_tornado_does_not_exist\) failed to import: ModuleNotFoundError"):
        make_plugin_manager()


def test_a_plugin_resolves_tasks_before_the_builtin_rules():
    claim = plugin_module("claim_plugin", hf_tornado_resolve_task=lambda model, body: "feature-extraction" if model.startswith("acme/") else None)
    registry = TaskRegistry(make_plugin_manager(load_entrypoints=False, extra_plugins=[claim]))
    assert registry.resolve("acme/anything", {"inputs": "x", "parameters": {"max_new_tokens": 3}}) == "feature-extraction"
    assert registry.resolve("gpt2", {"inputs": "x"}) == "text-generation"


def test_a_plugin_model_card_is_used_for_resolution():
    from hf_tornado.catalog import ModelCard

    cards = plugin_module("cards_plugin", hf_tornado_register_models=lambda: [ModelCard(id="acme/embedder", task="feature-extraction", embedding_dim=16)])
    registry = TaskRegistry(make_plugin_manager(load_entrypoints=False, extra_plugins=[cards]))
    assert registry.resolve("acme/embedder", {"inputs": "x"}) == "feature-extraction"
    assert registry.catalog.card("acme/embedder").embedding_dim == 16


def test_every_hook_is_documented_and_tested():
    hooks = sorted(name for name in dir(hookspecs) if name.startswith("hf_tornado_"))
    assert hooks, "no hooks found"
    docs = (ROOT / "docs" / "plugins.md").read_text()
    tests = "\n".join(p.read_text() for p in (ROOT / "tests").rglob("test_*.py"))
    for hook in hooks:
        assert getattr(hookspecs, hook).__doc__, f"{hook} has no docstring"
        assert re.search(rf"^### `{hook}\(", docs, re.M), f"{hook} is not documented in docs/plugins.md"
        assert f"{hook}=" in tests, f"no test implements {hook}"
