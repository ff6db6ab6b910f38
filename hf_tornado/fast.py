"""The optional `fast` extra (numpy, orjson): the same bytes, sooner.

``pip install hf-tornado[fast]`` makes batch embeddings vectorised and their JSON written by
orjson. Nothing else changes: every float is computed by the same IEEE operations in the same
order as the pure-Python path (synth/vectors.py), so answers are byte-identical, which
tests/test_fast_identity.py proves against the core path on the same inputs. ``HF_TORNADO_PURE=1``
switches the extra off (the benchmark measures both installs that way).

Where numpy would not give the same float the pure path gives, the pure path's own code is used:
norms are Python ``sum`` over each row (CPython 3.12 changed how ``sum`` adds floats; numpy adds
differently again), and ``round(v, 7)`` falls back to Python's ``round`` for the rare values
whose scaled form lies too close to a half for ``rint`` to be trusted.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from typing import Any, Sequence

from .synth.seed import seed_bytes
from .synth.text import words_of

# Whether the extra is installed and wanted. numpy and orjson themselves are imported on first
# use, not here: importing numpy would add ~100 ms to every start, embedding or not.
AVAILABLE = (
    os.environ.get("HF_TORNADO_PURE", "").strip().lower() not in ("1", "true", "yes")
    and importlib.util.find_spec("numpy") is not None
    and importlib.util.find_spec("orjson") is not None
)
np: Any = None
orjson: Any = None


def _load() -> None:
    global np, orjson, _MARK_TEXT
    if np is None:
        import numpy
        import orjson as orjson_module

        np, orjson = numpy, orjson_module
        _MARK_TEXT = orjson.dumps(_MARK)

# Must equal synth.vectors._WHOLE_TEXT_WEIGHT; tests/test_fast_identity.py would catch a drift.
_WHOLE_TEXT_WEIGHT = 0.35
# Even one text is ~4x faster as a 1-row matrix (0.24 ms against 1.1 ms, JSON included).
MIN_BATCH = 1
_SCALE = 1e7  # round(v, 7)


class FloatRows(list):  # type: ignore[type-arg]
    """A list of float rows, or of floats (what the pure path returns), that also carries its
    numpy matrix (or vector),
    so ``handlers.base.dumps`` can hand it to orjson without walking 384,000 Python floats."""

    matrix: Any = None


def _unit_matrix(kind: str, model: str, keys: Sequence[str], dim: int) -> Any:
    """Rows of synth.seed.unit_floats(dim, kind, model, key): int16 / 32768, exactly."""
    raw = b"".join(hashlib.shake_256(seed_bytes(kind, model, key)).digest(2 * dim) for key in keys)
    return np.frombuffer(raw, dtype="<i2").reshape(len(keys), dim) / 32768.0


def raw_vectors(model: str, texts: Sequence[str], dim: int) -> Any:
    """synth.vectors.text_vector for each text, as one matrix (same floats, same add order)."""
    total = _unit_matrix("text-vector", model, texts, dim) * _WHOLE_TEXT_WEIGHT
    words = [words_of(text) for text in texts]
    vocabulary = {word: i for i, word in enumerate(dict.fromkeys(w for ws in words for w in ws))}
    if not vocabulary:
        return total
    table = _unit_matrix("word-vector", model, list(vocabulary), dim)
    longest = max(len(ws) for ws in words)
    index = np.full((len(texts), longest), -1, dtype=np.int64)
    for row, ws in enumerate(words):
        index[row, : len(ws)] = [vocabulary[w] for w in ws]
    # Position by position, every text adds its k-th word: per text, the adds run in word order,
    # exactly like the pure loop.
    for k in range(longest):
        column = index[:, k]
        rows = np.nonzero(column >= 0)[0]
        if len(rows) == len(texts):
            total += table[column]
        else:
            total[rows] += table[column[rows]]
    return total


def _round7(matrix: Any) -> Any:
    """round(v, 7) for every element, bit for bit."""
    scaled = matrix * _SCALE
    nearest = np.rint(scaled)
    out = nearest / _SCALE
    # rint of the scaled value equals Python's exact decimal rounding unless the scaled value
    # is within its own rounding error of a half (or too large to scale exactly).
    doubtful = (np.abs(np.abs(scaled - np.floor(scaled)) - 0.5) < 1e-6) | (np.abs(scaled) > 1e15)
    for r, c in zip(*np.nonzero(doubtful)):
        out[r, c] = round(float(matrix[r, c]), 7)
    return out


def _row_sums_as_python_sums(squares: Any) -> Any:
    """Each row's ``sum(...)`` exactly as the pure path's ``sum`` adds it."""
    if sys.version_info < (3, 12):
        # CPython < 3.12 adds floats left to right; numpy's accumulate does too (its reduce does
        # not: it adds pairwise). The first add, 0 + x, is exact.
        return np.add.accumulate(squares, axis=1)[:, -1]
    # 3.12 adds floats with compensation: only Python's own sum gives Python's answer.
    return np.array([sum(row) for row in squares.tolist()])


def sentence_rows(model: str, texts: Sequence[str], dim: int, *, normalize: bool) -> FloatRows:
    """What ``[round_vector(normalize(text_vector(model, t, dim))) for t in texts]`` gives."""
    _load()
    matrix = raw_vectors(model, texts, dim)
    if normalize:
        norms = np.sqrt(_row_sums_as_python_sums(matrix * matrix))
        zero = norms == 0.0
        matrix = matrix / np.where(zero, 1.0, norms)[:, None]
    matrix = _round7(matrix)
    result = FloatRows(matrix.tolist())
    result.matrix = matrix
    return result


# orjson writes |v| < 1e-4 as `0.0000392` or `1e-7` and |v| >= 1e16 as `1e16`, where Python
# writes `3.92e-05`, `1e-07`, `1e+16`. Those few values (about one in 600) are swapped for a
# marker, 1e300 (no embedding value comes near it), and the marks are then
# replaced, in order, by Python's own repr of each value.
_MARK = 1e300
_MARK_TEXT = b""  # what orjson writes for _MARK, set by _load()


def dumps_rows(rows: FloatRows) -> bytes:
    """``json.dumps(rows, separators=(",", ":"))`` for a FloatRows, via orjson."""
    _load()
    matrix = rows.matrix
    magnitude = np.abs(matrix)
    odd = ((magnitude < 1e-4) & (magnitude > 0.0)) | (magnitude >= 1e16)
    if not odd.any():
        return orjson.dumps(matrix, option=orjson.OPT_SERIALIZE_NUMPY)
    marked = np.where(odd, _MARK, matrix)
    parts = orjson.dumps(marked, option=orjson.OPT_SERIALIZE_NUMPY).split(_MARK_TEXT)
    values = [repr(v).encode("ascii") for v in matrix[odd].tolist()]
    out = [parts[0]]
    for value, part in zip(values, parts[1:]):
        out += (value, part)
    return b"".join(out)


def sentence_row(model: str, text: str, dim: int, *, normalize: bool) -> FloatRows:
    """What ``round_vector(normalize(text_vector(model, text, dim)))`` gives."""
    rows = sentence_rows(model, [text], dim, normalize=normalize)
    row = FloatRows(rows[0])
    row.matrix = rows.matrix[0]
    return row

