"""The optional `fast` extra (numpy): the same bytes, sooner.

``pip install hf-tornado[fast]`` makes a batch of normalised embeddings one numpy matrix. Nothing
else changes: synth/embedding.py defines every number by exact integer arithmetic (lanes of
16-bit draws, an exact sum of squares, ``isqrt``, fixed-point digits), which int64 arrays
reproduce bit for bit, and the digits are laid out as JSON text by the very same function
(``embedding.rows_text``); tests/test_fast_identity.py compares the bytes with the core path.
``HF_TORNADO_PURE=1`` switches the extra off (the benchmark measures both installs that way).
"""
from __future__ import annotations

import importlib.util
import itertools
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
    """``count`` rows of 16-bit draws (embedding.draws) as their values u - 32768, int16 (flipping
    the top bit of an offset-binary u16 gives the two's complement of u - 32768)."""
    return (np.frombuffer(raw, dtype="<u2").reshape(count, dim) ^ 0x8000).view(np.int16)


def raw_matrix(model: str, texts: Sequence[str], dim: int) -> tuple[Any, Any]:
    """(d, bias): each text's lanes minus their bias, as embedding.text_lanes_batch gives them."""
    words = [words_of(text) for text in texts]
    lengths = [len(ws) for ws in words]
    bias = (embedding.TEXT_WEIGHT + embedding.WORD_WEIGHT * np.array(lengths, dtype=np.int64)) * embedding.DRAW_BIAS
    longest = max(lengths)
    # int32 holds (7 + 20 * words) * 32768 up to ~3,270 words: half the memory traffic of int64.
    kind = np.int32 if longest < 3000 else np.int64
    total = _draws(b"".join(embedding.draws("text-vector", model, texts, dim)), len(texts), dim).astype(kind)
    total *= embedding.TEXT_WEIGHT
    if longest:
        vocabulary = {word: i for i, word in enumerate(dict.fromkeys(itertools.chain.from_iterable(words)))}
        table = _draws(b"".join([embedding.word_draw(model, w, dim) for w in vocabulary]), len(vocabulary), dim).astype(kind)
        table *= embedding.WORD_WEIGHT
        index = np.full((len(texts), longest), -1, dtype=np.int64)
        counts = np.array(lengths)
        rows = np.repeat(np.arange(len(texts)), counts)
        starts = np.repeat(np.cumsum(counts) - counts, counts)
        index[rows, np.arange(len(rows)) - starts] = [vocabulary[w] for ws in words for w in ws]
        # Integer sums, exact in any order: position by position, every text adds its k-th word.
        for k in range(longest):
            column = index[:, k]
            rows = np.nonzero(column >= 0)[0]
            if len(rows) == len(texts):
                total += table[column]
            else:
                total[rows] += table[column[rows]]
    return total.astype(np.int64), bias


def normalised(model: str, texts: Sequence[str], dim: int, keep: int, single: bool = False) -> bytes:
    """embedding.normalised, each part of the batch computed as one int64 matrix."""
    _load()
    return embedding.in_parts(texts, keep, single, lambda part: _normalised_rows(model, part, dim, keep))


def _normalised_rows(model: str, texts: Sequence[str], dim: int, keep: int) -> bytes:
    """embedding.normalised_rows."""
    d, bias = raw_matrix(model, texts, dim)
    d = d[:, :keep]
    # int64 holds every square sum unless a lane passes 2**31 / sqrt(keep): absurd inputs (a
    # word repeated thousands of times), which the core path, on Python ints, takes.
    if int(np.abs(d).max()) ** 2 * keep >= 1 << 62:
        return embedding.normalised_rows(model, texts, dim, keep)
    squares = (d * d).sum(axis=1).tolist()
    shifts = [embedding.norm_shift(s) for s in squares]
    if any(shifts):  # scale huge vectors down exactly as the core path does
        r = np.array(shifts, dtype=np.int64)[:, None]
        d = ((d + bias[:, None]) >> r) - (bias[:, None] >> r)
        squares = (d * d).sum(axis=1).tolist()
    scale = np.array([embedding.scale_for(s) if s else 0 for s in squares], dtype=np.int64)
    phi = np.abs(d) * scale[:, None] + embedding.HALF
    phi[np.array(squares) == 0] = 0  # an all-zero vector (never drawn in practice) stays zeros
    return _rows_text(phi, (d < 0) & (phi >= embedding.SHOWN))


# Two ASCII digits of 0..99 as one little-endian uint16 ("07" is 0x3730).
_PAIRS = [ord(str(p // 10)) | ord(str(p % 10)) << 8 for p in range(100)]


def _rows_text(phi: Any, minus: Any) -> bytes:
    """embedding.rows_text of these fixed-point values (the same digits, the same layout),
    written by numpy: each row is '[' + 11 bytes per number + ']' + ','. A number's bytes are
    written two at a time through uint16 views of the buffer: sign (or space) and integer digit,
    '.', three pairs of digits, the 7th digit and ','."""
    rows, keep = phi.shape
    width = keep * 11 + 2
    framed = np.empty((rows, width), dtype=np.uint8)
    framed[:, 0] = ord("[")
    framed[:, -1] = ord(",")
    framed[:, 3 : width - 1 : 11] = ord(".")

    def column(offset: int) -> Any:  # the uint16 at this byte offset of every number
        return np.ndarray((rows, keep), dtype="<u2", buffer=framed, offset=offset, strides=(width, 11))

    column(1)[...] = (minus.view(np.uint8) * 13 + 32) | ((48 + (phi >> embedding.FRACTION_BITS)) << 8).astype(np.uint16)
    pairs = np.array(_PAIRS, dtype=np.uint16)
    fraction = (1 << embedding.FRACTION_BITS) - 1
    x = phi & fraction
    for k in range(3):  # the same fixed-point steps as embedding.row_digits
        x *= 100
        column(4 + 2 * k)[...] = pairs[x >> embedding.FRACTION_BITS]
        x &= fraction
    x *= 10
    column(10)[...] = (48 + (x >> embedding.FRACTION_BITS)).astype(np.uint16) | (ord(",") << 8)
    framed[:, -2] = ord("]")  # the last number's ','
    return framed.reshape(-1)[:-1].tobytes().replace(b" ", b"")
