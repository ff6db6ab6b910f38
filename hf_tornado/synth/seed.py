"""Seeds and the deterministic streams derived from them.

A request's seed is a keyed BLAKE2b hash of the contract version and the parts that identify the
answer (model, task, canonical inputs, the parameters that change output). Bumping
``CONTRACT_VERSION`` is the one deliberate way to change every output at once.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import operator
import random
import struct
from typing import Any, Iterable

CONTRACT_VERSION = b"hf-tornado/1"


# json.dumps(str, ensure_ascii=False) is exactly this function's output (JSONEncoder.encode).
_encode_str = json.encoder.encode_basestring
_LENGTH = struct.Struct(">Q")


def canonical(value: Any) -> str:
    """A canonical JSON text for hashing: sorted keys, no whitespace, non-ASCII kept as is."""
    return _CANONICAL(value)


# The encoder json.dumps would build for canonical()'s arguments on every call, built once (an
# encoder keeps no state between calls): the same text.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=repr).encode


def seed_bytes(*parts: Any, size: int = 32) -> bytes:
    """A keyed digest of ``parts``; each part is framed so ('ab','c') != ('a','bc')."""
    h = hashlib.blake2b(key=CONTRACT_VERSION, digest_size=size)
    for part in parts:
        kind = type(part)
        # Fast paths that give exactly canonical()'s text: a str is what json.dumps writes for
        # it (the same C function), an int (not bool) its repr. They skip building a
        # JSONEncoder per part, which was a third of a chat request's time (docs/performance.md).
        if kind is str:
            data = _encode_str(part).encode("utf-8")
        elif kind is int:
            data = int.__repr__(part).encode("ascii")
        elif kind is bytes:
            data = part
        else:
            data = part if isinstance(part, bytes) else canonical(part).encode("utf-8")
        h.update(_LENGTH.pack(len(data)))
        h.update(data)
    return h.digest()


def seeds_of_keys(prefix: tuple[str, ...], keys: Iterable[str]) -> list[bytes]:
    """``[seed_bytes(*prefix, key) for key in keys]``, the prefix hashed once (a batch of
    embedding draws hashes thousands of keys under one (kind, model) prefix)."""
    h = hashlib.blake2b(key=CONTRACT_VERSION, digest_size=32)
    for part in prefix:
        data = _encode_str(part).encode("utf-8")
        h.update(_LENGTH.pack(len(data)))
        h.update(data)
    out = []
    for key in keys:
        data = _encode_str(key).encode("utf-8")
        one = h.copy()
        one.update(_LENGTH.pack(len(data)))
        one.update(data)
        out.append(one.digest())
    return out


def seed_int(*parts: Any) -> int:
    """A 64-bit unsigned seed of ``parts``."""
    return int.from_bytes(seed_bytes(*parts, size=8), "big")


def rng(*parts: Any) -> random.Random:
    """A private ``random.Random`` seeded from ``parts``.

    The instance is owned by the caller, so no global state is touched; Mersenne Twister seeded
    with an int gives the same sequence on every CPython version and platform.
    """
    return random.Random(seed_int(*parts))


def unit_floats(count: int, *parts: Any) -> list[float]:
    """``count`` floats in [-1, 1), from SHAKE-256 of ``parts`` (fast: one C call for all)."""
    raw = hashlib.shake_256(seed_bytes(*parts)).digest(2 * count)
    # map() runs the same divisions as a list comprehension, without a bytecode loop per float.
    return list(map(operator.truediv, struct.unpack(f"<{count}h", raw), itertools.repeat(32768.0, count)))


def choose(items: Iterable[Any], *parts: Any) -> Any:
    seq = list(items)
    return seq[seed_int(*parts) % len(seq)]
