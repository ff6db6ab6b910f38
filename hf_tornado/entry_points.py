"""Finding the ``hf_tornado`` entry points without importing ``importlib.metadata``.

``importlib.metadata`` costs ~13 ms to import (zipfile, tempfile, importlib.resources, csv) and
~9 ms to read every installed distribution: a fifth of ``python -m hf_tornado``'s start-up. The
entry points of the plain case - distributions as ``*.dist-info`` / ``*.egg-info`` directories
in the directories of ``sys.path`` - are found here the way ``importlib.metadata.entry_points``
finds them (same order, first distribution of a name wins, same ``entry_points.txt`` parsing).
Anything else (a zip or ``.egg`` on ``sys.path``, a meta-path finder that finds distributions,
or a test that replaced ``importlib.metadata.entry_points``) goes to ``importlib.metadata`` itself.
"""
from __future__ import annotations

import functools
import importlib
import os
import re
import sys
from importlib.machinery import PathFinder
from typing import Any, Iterable, NamedTuple

# importlib.metadata.EntryPoint.pattern
_VALUE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")
_INFO_SUFFIXES = (".dist-info", ".egg-info")


class EntryPoint(NamedTuple):
    """The part of ``importlib.metadata.EntryPoint`` the registry uses."""

    name: str
    value: str
    group: str

    def load(self) -> Any:
        match = _VALUE.match(self.value)
        if match is None:
            raise ValueError(f"malformed entry point value {self.value!r}")
        module = importlib.import_module(match.group("module"))
        return functools.reduce(getattr, filter(None, (match.group("attr") or "").split(".")), module)


def entry_points(group: str) -> tuple[Any, ...]:
    """The entry points of ``group`` in every installed distribution, in ``importlib.metadata``'s order."""
    found = _scan(group) if _plain_environment() else None
    if found is None:
        from importlib import metadata

        return tuple(metadata.entry_points(group=group))
    return found


def replaced_metadata_function() -> Any:
    """``importlib.metadata.entry_points`` if something (a test) replaced it, else None."""
    function = getattr(sys.modules.get("importlib.metadata"), "entry_points", None)
    if function is None or getattr(function, "__module__", None) == "importlib.metadata":
        return None
    return function


def _plain_environment() -> bool:
    if replaced_metadata_function() is not None:
        return False
    # PathFinder is the only stock finder that finds distributions; another one would add its own.
    return all(finder is PathFinder or not hasattr(finder, "find_distributions") for finder in sys.meta_path)


def _scan(group: str) -> tuple[EntryPoint, ...] | None:
    """None when a ``sys.path`` entry is something only ``importlib.metadata`` reads (zip, egg)."""
    seen: set[str] = set()
    found: list[EntryPoint] = []
    for entry in sys.path:
        root = entry or "."
        if root.lower().endswith(".egg"):
            return None
        try:
            children = os.listdir(root)
        except NotADirectoryError:
            return None  # a zip file on sys.path
        except OSError:
            continue  # a missing directory: importlib.metadata skips it too
        for name, info_dir in _info_dirs(children):
            if name in seen:
                continue
            seen.add(name)
            try:
                with open(f"{root}/{info_dir}/entry_points.txt", "rb") as file:
                    text = file.read().decode("utf-8")
            except OSError:
                continue  # most distributions declare no entry points
            found.extend(_parse(text, group))
    return tuple(found)


def _info_dirs(children: Iterable[str]) -> list[tuple[str, str]]:
    """(normalised distribution name, directory) of the metadata directories of one path entry,
    grouped by name in first-seen order, as ``importlib.metadata``'s ``Lookup`` yields them."""
    by_name: dict[str, list[str]] = {}
    for child in children:
        low = child.lower()
        if low.endswith(_INFO_SUFFIXES):
            by_name.setdefault(_normalize(low.rpartition(".")[0].partition("-")[0]), []).append(child)
    return [(name, child) for name, group in by_name.items() for child in group]


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


def _parse(text: str, group: str) -> list[EntryPoint]:
    """``importlib.metadata.Sectioned.section_pairs``, keeping one group."""
    section = None
    found = []
    for line in map(str.strip, text.splitlines()):
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
            continue
        if section != group:
            continue
        name, _, value = line.partition("=")
        found.append(EntryPoint(name.strip(), value.strip(), group))
    return found
