"""The optional `fast` extra (numpy): the same bytes, sooner.

``pip install hf-tornado[fast]`` makes a batch of normalised embeddings one numpy matrix. Nothing
else changes: synth/embedding.py defines every number by exact integer arithmetic (lanes of
16-bit draws, an exact sum of squares, ``isqrt``, fixed-point digits), which int64 arrays
reproduce bit for bit, and the digits are laid out as JSON text by the very same function
(``embedding.json_text``); tests/test_fast_identity.py compares the bytes with the core path.
``HF_TORNADO_PURE=1`` switches the extra off (the benchmark measures both installs that way).
"""
from __future__ import annotations

import importlib.util
import os
from typing import Any, Sequence

from .synth import embedding
from .synth.text import words_of

# Whether the extra is installed and wanted. numpy itself is imported on first use, not here:
# importing numpy would add ~100 ms to every start, embedding or not.
AVAILABLE = os.environ.get("HF_TORNADO_PURE", "").strip().lower() not in ("1", "true", "yes") and importlib.util.find_spec("numpy") is not None
np: Any = None

# Below this many texts the core path is as fast (numpy's per-call overhead).
MIN_BATCH = 4


def _load() -> None:
    global np
    if np is None:
        import numpy

        np = numpy


def _draws(raw: bytes, count: int, dim: int) -> Any:
    """``count`` rows of 16-bit draws (embedding.draws) as the signed values u - 32768."""
    return np.frombuffer(raw, dtype="<u2").reshape(count, dim).astype(np.int64) - embedding.DRAW_BIAS


def raw_matrix(model: str, texts: Sequence[str], dim: int) -> tuple[Any, Any]:
    """(d, bias): each text's lanes minus their bias, as embedding.text_lanes gives them."""
    total = _draws(b"".join(embedding.draws("text-vector", model, texts, dim)), len(texts), dim) * embedding.TEXT_WEIGHT
    words = [words_of(text) for text in texts]
    bias = np.array([embedding.TEXT_WEIGHT + embedding.WORD_WEIGHT * len(ws) for ws in words], dtype=np.int64) * embedding.DRAW_BIAS
    vocabulary = {word: i for i, word in enumerate(dict.fromkeys(w for ws in words for w in ws))}
    if not vocabulary:
        return total, bias
    table = _draws(b"".join([embedding.word_draw(model, w, dim) for w in vocabulary]), len(vocabulary), dim) * embedding.WORD_WEIGHT
    longest = max(len(ws) for ws in words)
    index = np.full((len(texts), longest), -1, dtype=np.int64)
    for row, ws in enumerate(words):
        index[row, : len(ws)] = [vocabulary[w] for w in ws]
    # Integer sums: exact in any order. Position by position, every text adds its k-th word.
    for k in range(longest):
        column = index[:, k]
        rows = np.nonzero(column >= 0)[0]
        if len(rows) == len(texts):
            total += table[column]
        else:
            total[rows] += table[column[rows]]
    return total, bias


def normalised(model: str, texts: Sequence[str], dim: int, keep: int, single: bool = False) -> bytes:
    """embedding.normalised, computed as one int64 matrix."""
    _load()
    d, bias = raw_matrix(model, texts, dim)
    d = d[:, :keep]
    # int64 holds every square sum unless a lane passes 2**31 / sqrt(keep): absurd inputs (a
    # word repeated thousands of times), which the core path, on Python ints, takes.
    if int(np.abs(d).max()) ** 2 * keep >= 1 << 62:
        return embedding.normalised(model, texts, dim, keep, single)
    squares = (d * d).sum(axis=1).tolist()
    shifts = [embedding.norm_shift(s) for s in squares]
    if any(shifts):  # scale huge vectors down exactly as the core path does
        r = np.array(shifts, dtype=np.int64)[:, None]
        d = ((d + bias[:, None]) >> r) - (bias[:, None] >> r)
        squares = (d * d).sum(axis=1).tolist()
    scale = np.array([embedding.scale_for(s) if s else 0 for s in squares], dtype=np.int64)
    phi = np.abs(d) * scale[:, None] + embedding.HALF
    fraction = (1 << embedding.FRACTION_BITS) - 1
    digits = np.zeros(d.shape + (8,), dtype=np.uint8)
    x = phi & fraction
    for k in range(3):
        x *= 100
        digits[..., k] = x >> embedding.FRACTION_BITS
        x &= fraction
    x *= 10
    digits[..., 3] = x >> embedding.FRACTION_BITS
    digits[..., 4] = phi >> embedding.FRACTION_BITS
    digits[..., 5] = (d < 0) & (phi >= embedding.SHOWN)
    zero = np.array(squares) == 0
    if zero.any():
        digits[zero] = 0
    return embedding.json_text(digits.tobytes(), keep, single)
