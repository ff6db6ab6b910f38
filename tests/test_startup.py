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
