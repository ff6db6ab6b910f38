"""Sentence embeddings as integer lanes, written as JSON numbers with 7 fixed decimals.

A text's vector is ``7 * text + 20 * (sum of its words' vectors)`` (the whole text weighs 0.35 of
a word, as before): every draw is 16 pseudo-random bits per dimension, keyed by (model, word) or
(model, text), so texts that share words are more similar than texts that share none, every
distinct text still gets its own vector, and the same word differs per model.

Why integers: Python's float arithmetic, ``round`` and float ``repr`` cost ~1 us per number, and a
batch of 1,000 texts is 384,000 numbers. Here a vector of ``dim`` small integers is packed into ONE
Python int, 64 bits per lane (lane i is bits 64i..64i+63), so adding two vectors is one big-int add
and most steps are a handful of C-level big-int operations per vector ("SIMD within a register").
Lanes are kept non-negative (a draw is stored as ``u = value + 32768``, a sum carries the matching
bias), so lane arithmetic never borrows across lanes.

Normalised values are exact integer arithmetic, the same on every platform and Python version
(the `fast` extra reproduces them with numpy int64, hf_tornado/fast.py):

- ``d`` = the lanes minus their bias; ``N2 = sum(d_i ** 2)`` exactly; a huge vector is first
  scaled down (``d >> r``) so that ``|d| < 2**30``, which keeps the next step precise;
- ``M = isqrt(2**112 // N2) = floor(2**56 / |d|)`` (taken from a float norm when that floor is
  certain, else from the exact ``N2``: the same M either way, see ``_float_scale``);
  ``phi_i = |d_i| * M + H``, a 56-bit fixed-point
  ``|d_i| / |d|`` plus ``H`` = half of the 7th decimal;
- the number written is ``phi_i`` truncated to 7 decimals, with ``-`` when ``d_i < 0`` (and the
  digits are not all zero): 7-decimal rounding of ``d_i / |d|``, off by at most 2e-9 more.
  So each value is within 5.2e-8 of the true quotient and a vector's norm within
  ``5.2e-8 * sqrt(dim)`` of 1 (1.0e-6 at 384 dimensions; typically ~3e-8, tests check < 1e-6).

Digits come from the fixed-point fraction: times 100, the integer part is the next two digits.
Each lane's digits land in bytes of the lane (``row_digits``) and ``rows_text`` lays them out as
``-0.0123456`` text with a few C-level strided byte copies: no float is ever formatted.
"""
from __future__ import annotations

import functools
import hashlib
import math
import operator
from typing import Callable, Sequence

from .embedding_rows import EmbeddingRows  # noqa: F401  (embedding.EmbeddingRows, as before)
from .seed import seeds_of_keys
from .text import words_of

TEXT_WEIGHT = 7
WORD_WEIGHT = 20  # 7 / 20 = 0.35: the whole text's share against one word's
DRAW_BIAS = 32768  # a draw u in [0, 65536) stands for u - 32768
UNNORMALISED_UNIT = WORD_WEIGHT * DRAW_BIAS  # an unnormalised vector is d / this: a word adds ~[-1, 1)
DECIMALS = 7

LANE_BITS = 64
FRACTION_BITS = 56  # phi < 2**57, and phi's fraction * 100 < 2**63: one 64-bit lane (numpy int64)
_BIG_NORM_BITS = 30  # vectors with |d| >= 2**30 are scaled down first (M keeps >= 26 bits)


# --- drawing vectors -------------------------------------------------------------------------
def draws(kind: str, model: str, keys: Sequence[str], dim: int) -> list[bytes]:
    """Per key, ``dim`` little-endian 16-bit draws: SHAKE-256 of ``seed_bytes(kind, model, key)``
    (the bytes synth.seed.unit_floats draws for the same parts)."""
    return [hashlib.shake_256(seed).digest(2 * dim) for seed in seeds_of_keys((kind, model), keys)]


def spread(draws: bytes) -> bytes:
    """16-bit draws moved into 64-bit lanes (two strided C-level copies, whatever the count)."""
    lanes = bytearray(4 * len(draws))
    lanes[0::8] = draws[0::2]
    lanes[1::8] = draws[1::2]
    return bytes(lanes)


# Memoised: real text repeats its words (Zipf). Pure functions of their arguments, so sharing
# them between servers changes nothing; bounded (2,048 words of 384 lanes: ~6 MB for the lanes
# the core path uses, 1.5 MB for the draws numpy uses); bytes and ints are immutable.
# A cache entry keeps its word too: only words of real length are cached, or 2,048 distinct
# 200 KB "words" (one \w+ run each) would pin ~400 MB; a longer one is drawn each time.
CACHED_WORD_CHARS = 64


@functools.lru_cache(maxsize=2048)
def _cached_word_draw(model: str, word: str, dim: int) -> bytes:
    return draws("word-vector", model, [word], dim)[0]


@functools.lru_cache(maxsize=2048)
def _cached_word_lanes(model: str, word: str, dim: int) -> int:
    return int.from_bytes(spread(_cached_word_draw(model, word, dim)), "little")


def word_draw(model: str, word: str, dim: int) -> bytes:
    if len(word) <= CACHED_WORD_CHARS:
        return _cached_word_draw(model, word, dim)
    return draws("word-vector", model, [word], dim)[0]


def word_lanes(model: str, word: str, dim: int) -> int:
    if len(word) <= CACHED_WORD_CHARS:
        return _cached_word_lanes(model, word, dim)
    return int.from_bytes(spread(draws("word-vector", model, [word], dim)[0]), "little")


def text_lanes_batch(model: str, texts: Sequence[str], dim: int) -> list[tuple[int, int]]:
    """Per text, (packed lanes, their bias): lane i is ``d_i + bias``. The texts' own draws are
    spread in one pass."""
    lanes = memoryview(spread(b"".join(draws("text-vector", model, texts, dim))))
    size = 8 * dim
    out = []
    for i, text in enumerate(texts):
        words = words_of(text)
        packed = TEXT_WEIGHT * int.from_bytes(lanes[i * size : (i + 1) * size], "little")
        if words:
            cached = _cached_word_lanes  # word_lanes without a call per word
            packed += WORD_WEIGHT * sum([cached(model, w, dim) if len(w) <= CACHED_WORD_CHARS else word_lanes(model, w, dim) for w in words])
        out.append((packed, (TEXT_WEIGHT + WORD_WEIGHT * len(words)) * DRAW_BIAS))
    return out


def prefix(lanes: tuple[int, int], dim: int) -> tuple[int, int]:
    """The first ``dim`` lanes (biased lanes are non-negative, so a mask cuts cleanly)."""
    packed, bias = lanes
    return packed & ((1 << (LANE_BITS * dim)) - 1), bias


def values(lanes: tuple[int, int], dim: int) -> list[int]:
    """The lanes' signed values ``d_i``."""
    packed, bias = lanes
    raw = packed.to_bytes(8 * dim, "little")
    return [v - bias for v in memoryview(raw).cast("Q")]


# --- normalising and writing digits ----------------------------------------------------------
def norm_shift(square_sum: int) -> int:
    """How far a vector with this ``sum(d_i**2)`` is shifted down before normalising."""
    return max(0, (square_sum.bit_length() + 1) // 2 - _BIG_NORM_BITS)


def scale_for(square_sum: int) -> int:
    """M = floor(2**56 / sqrt(square_sum)), exactly."""
    return math.isqrt((1 << (2 * FRACTION_BITS)) // square_sum)


HALF = (5 << FRACTION_BITS) // 10 ** (DECIMALS + 1)  # half of the last decimal, rounds to nearest
SHOWN = -(-(1 << FRACTION_BITS) // 10**DECIMALS)  # the smallest phi whose 7 decimals are not all 0


_FLOAT_EXPONENT = 0x4330 << 48  # the bits of the double 2.0**52
_FLOAT_BIAS_LIMIT = 1 << 52  # |d_i| <= bias: below this every lane fits a double's mantissa
_FLOAT_NORM_LIMIT = float(1 << 29)  # |d| below it: no scaling down (norm_shift is 0 below 2**30)
_FLOAT_MARGIN = 2.0**-40  # relative: far beyond math.dist's < 1 ulp and one division's 1/2 ulp


class _Masks:
    """The per-lane constants of one dimension (built once per dim)."""

    def __init__(self, dim: int) -> None:
        ones = sum(1 << (LANE_BITS * i) for i in range(dim))
        self.ones = ones
        self.low62 = ones * ((1 << 62) - 1)
        self.fraction = ones * ((1 << FRACTION_BITS) - 1)
        self.half = ones * HALF
        self.shown = ones * ((1 << 63) - SHOWN)
        self.byte = [ones * (0xFF << (8 * k)) for k in range(8)]
        # A lane ``a < 2**52`` ORed with these exponent bits is the double ``2**52 + a``.
        self.float_exponent = ones * _FLOAT_EXPONENT
        self.float_origin = (float(1 << 52),) * dim
        self._lifts: dict[int, int] = {}
        # Each lift is 8 bytes a lane: ~1 MB of them per dimension (32 at 4,096 lanes, 341 at
        # 384). 1,024 of any size let 16 requests of 1,024 texts at ~4,096 kept dimensions pin
        # ~580 MB across the 16 cached dimensions.
        self._lift_room = max(8, (1 << 20) // (8 * max(dim, 1)))

    def lift(self, bias: int) -> int:
        """``2**62 - bias`` in every lane (a bias is one of a few values: texts of as many words
        share it). Once the room is used, further biases are computed each time (one multiply)."""
        lift = self._lifts.get(bias)
        if lift is None:
            lift = self.ones * ((1 << 62) - bias)
            if len(self._lifts) < self._lift_room:
                self._lifts[bias] = lift
        return lift


@functools.lru_cache(maxsize=16)
def masks(dim: int) -> _Masks:
    return _Masks(dim)


def row_digits(lanes: tuple[int, int], dim: int) -> bytes:
    """8 bytes per lane of the normalised vector: decimal pairs d1d2, d3d4, d5d6, then d7, the
    integer digit (0 or 1), and 1 where a minus sign is written (rows_text turns them into text)."""
    packed, bias = lanes
    m = masks(dim)
    negative, magnitude = _sign_and_magnitude(packed, bias, m)
    scale = _float_scale(magnitude, dim, m) if bias < _FLOAT_BIAS_LIMIT else None
    if scale is None:  # the exact integer way
        squares = _square_sum(magnitude, dim)
        shift = norm_shift(squares)
        if shift:
            # Scale a huge vector down so M keeps its precision: (u >> r) - (bias >> r) per lane.
            packed = (packed >> shift) & (m.ones * ((1 << (LANE_BITS - shift)) - 1))
            negative, magnitude = _sign_and_magnitude(packed, bias >> shift, m)
            squares = _square_sum(magnitude, dim)
        if squares == 0:
            return bytes(8 * dim)
        scale = scale_for(squares)
    phi = magnitude * scale + m.half
    # A minus sign only where some digit is not 0: bit 63 of phi + 2**63 - SHOWN says phi >= SHOWN.
    minus = negative & ((phi + m.shown) >> 63)
    out = ((phi >> (FRACTION_BITS - 32)) & m.byte[4]) | (minus << 40)
    x = phi & m.fraction
    for k in range(3):  # three pairs of decimals
        x *= 100
        out |= (x >> (FRACTION_BITS - 8 * k)) & m.byte[k]
        x &= m.fraction
    x *= 10  # the 7th decimal
    out |= (x >> (FRACTION_BITS - 24)) & m.byte[3]
    return out.to_bytes(8 * dim, "little")


def _sign_and_magnitude(packed: int, bias: int, m: _Masks) -> tuple[int, int]:
    """Lanes of 1 where d_i < 0, and lanes of |d_i|: b = d + 2**62 has bit 62 set exactly when
    d >= 0; a negative lane's |d| is its low 62 bits flipped, plus one."""
    biased = packed + m.lift(bias)
    negative = ((biased >> 62) & m.ones) ^ m.ones
    magnitude = ((biased ^ ((negative << 62) - negative)) & m.low62) + negative
    return negative, magnitude


def _float_scale(magnitude: int, dim: int, m: _Masks) -> int | None:
    """M = floor(2**56 / |d|) from the float norm when that floor is certain, else None.

    The exact sum of squares costs ~25 us a vector (384 int objects made, then multiplied); the
    lanes read as doubles ``2**52 + |d_i|`` (exponent bits ORed in, no per-lane Python work) and
    ``math.dist`` from ``2**52`` give |d| to under 1 ulp (CPython >= 3.10). ``2**56 / |d|`` is then
    within ~2**-51 relative of the true quotient, so its floor is M unless it lies within
    ``_FLOAT_MARGIN`` (relative) of an integer: then, or for a zero or huge vector (scaled down
    first), the caller takes the exact integer way. Same M, so the same bytes."""
    lanes = memoryview((magnitude | m.float_exponent).to_bytes(8 * dim, "little")).cast("d").tolist()
    norm = math.dist(lanes, m.float_origin)
    if not 0.0 < norm < _FLOAT_NORM_LIMIT:
        return None
    quotient = 2.0**FRACTION_BITS / norm
    scale = int(quotient)
    margin = quotient * _FLOAT_MARGIN
    if quotient - scale <= margin or scale + 1 - quotient <= margin:
        return None
    return scale


def _square_sum(magnitude: int, dim: int) -> int:
    """sum(d_i ** 2), exactly (one C-level multiply-add per lane)."""
    lanes = memoryview(magnitude.to_bytes(8 * dim, "little")).cast("Q").tolist()
    return sum(map(operator.mul, lanes, lanes))


# --- JSON text ---------------------------------------------------------------------------------
_TENS = bytes(48 + p // 10 if p < 100 else 63 for p in range(256))
_ONES = bytes(48 + p % 10 if p < 100 else 63 for p in range(256))
_DIGIT = bytes(48 + p if p < 10 else 63 for p in range(256))
_SIGN = b" -" + bytes(254)
_SLOT = b" 0.0000000,"  # sign (a space when positive, deleted at the end), digit, point, 7, comma


def rows_text(digits: bytes, dim: int) -> bytes:
    """The vectors in ``digits`` (row_digits of one vector after another) as JSON arrays joined by
    commas: 11 bytes per number laid out by strided C-level copies, then the spaces of positive
    numbers deleted.

    A batch's text is megabytes, and every fresh buffer of that size costs its page faults (~1 ms
    a copy at 1,000 x 384 numbers): the slots are laid out in ONE buffer (a leading ``[``, then the
    slots, the last comma made ``]``), the spaces go row by row (translate deleting them: small copies that stay in cache),
    and the one join writes the answer."""
    count = len(digits) // 8
    text = bytearray(1 + 11 * count)
    text[0] = 0x5B  # [
    text[1::11] = digits[5::8].translate(_SIGN)
    text[2::11] = digits[4::8].translate(_DIGIT)
    text[3::11] = _POINTS[:count] if count <= len(_POINTS) else b"." * count
    for k in range(3):
        pair = digits[k::8]
        text[4 + 2 * k :: 11] = pair.translate(_TENS)
        text[5 + 2 * k :: 11] = pair.translate(_ONES)
    text[10::11] = digits[3::8].translate(_DIGIT)
    text[11::11] = _COMMAS[:count] if count <= len(_COMMAS) else b"," * count
    text[-1] = 0x5D  # ]
    width = 11 * dim
    rows = count // dim
    # Row r is its slots without the last comma; the first keeps the leading [, the last its ].
    bounds = [1 + r * width for r in range(rows + 1)]
    bounds[0] = 0
    ends = [1 + (r + 1) * width - 1 for r in range(rows)]
    ends[-1] += 1
    return b"],[".join([text[a:b].translate(None, b" ") for a, b in zip(bounds, ends)])


_POINTS = b"." * (1 << 18)  # enough for a part of PART_LANES numbers, built once
_COMMAS = b"," * (1 << 18)


# Numbers per part of a batch: memory stays a few MB whatever the batch (4,096 texts of 4,096
# dimensions would otherwise be ~180 MB of text buffer at once).
PART_LANES = 1 << 18


def in_parts(texts: Sequence[str], keep: int, single: bool, part_text: Callable[[Sequence[str]], bytes]) -> bytes:
    """The JSON answer for ``texts``, written ``part_text`` (rows_text form) a part at a time: a
    list of vectors, or the one vector when ``single``."""
    if keep == 0:  # a 0-dimension model: empty vectors (rows_text cannot count rows of nothing)
        body = b",".join([b"[]"] * len(texts))
    else:
        step = max(1, PART_LANES // keep)
        parts = [part_text(texts[i : i + step]) for i in range(0, len(texts), step)]
        if single:
            return b",".join(parts)
        # One join writes the answer: b"[" + body + b"]" would copy its megabytes twice more.
        pieces = [b"["]
        for part in parts:
            pieces += [part, b","]
        pieces[-1] = b"]"
        return b"".join(pieces)
    return body if single else b"[" + body + b"]"


def unnormalised_json(lanes: tuple[int, int], dim: int) -> str:
    """The raw vector ``d / UNNORMALISED_UNIT`` rounded half up to 7 decimals (values can pass 1,
    so this is plain per-number formatting; it is the rare `normalize: false` path)."""
    scale = 10**DECIMALS
    half = UNNORMALISED_UNIT // 2
    quantised = [(d * scale + half) // UNNORMALISED_UNIT for d in values(lanes, dim)]
    return "[" + ",".join(_fixed(q) for q in quantised) + "]"


def _fixed(q: int) -> str:
    whole, fraction = divmod(abs(q), 10**DECIMALS)
    return f"{'-' if q < 0 else ''}{whole}.{fraction:07d}"


def normalised(model: str, texts: Sequence[str], dim: int, keep: int, single: bool = False) -> bytes:
    """The JSON text of the texts' normalised vectors, cut to their first ``keep`` lanes."""
    return in_parts(texts, keep, single, lambda part: normalised_rows(model, part, dim, keep))


def normalised_rows(model: str, texts: Sequence[str], dim: int, keep: int) -> bytes:
    """``rows_text`` of the texts' normalised vectors."""
    lanes = text_lanes_batch(model, texts, dim)
    if keep != dim:
        lanes = [prefix(one, keep) for one in lanes]
    return rows_text(b"".join([row_digits(one, keep) for one in lanes]), keep)


def unnormalised(model: str, texts: Sequence[str], dim: int, keep: int, single: bool = False) -> bytes:
    rows = [unnormalised_json(prefix(one, keep), keep) for one in text_lanes_batch(model, texts, dim)]
    return (rows[0] if single else "[" + ",".join(rows) + "]").encode("ascii")
