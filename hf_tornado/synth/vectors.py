"""Embedding vectors built from hashed word features.

A text's vector is the sum of one pseudo-random vector per word (keyed by model and word) plus a
smaller vector of the whole text, so texts that share words are more similar than texts that
share none, every distinct text still gets its own vector, and the same word differs per model.
"""
from __future__ import annotations

import math
import operator
from typing import Sequence

from .seed import unit_floats
from .text import words_of

# How much of a vector comes from the exact text rather than its words: enough to separate
# paraphrases with the same words, small enough that shared words dominate similarity.
_WHOLE_TEXT_WEIGHT = 0.35


def word_vector(model: str, word: str, dim: int) -> list[float]:
    return unit_floats(dim, "word-vector", model, word)


def text_vector(model: str, text: str, dim: int) -> list[float]:
    """The raw (unnormalised) sentence vector of ``text`` for ``model``."""
    total = [w * _WHOLE_TEXT_WEIGHT for w in unit_floats(dim, "text-vector", model, text)]
    # Element-wise adds in the same order as a plain loop (so the same floats), but through
    # map() and with each distinct word's vector drawn once: long texts embed several times faster.
    drawn: dict[str, list[float]] = {}
    for word in words_of(text):
        vector = drawn.get(word)
        if vector is None:
            vector = drawn[word] = word_vector(model, word, dim)
        total = list(map(operator.add, total, vector))
    return total


def normalize(vector: Sequence[float]) -> list[float]:
    norm = math.sqrt(sum(v * v for v in vector))
    if norm == 0.0:
        return list(vector)
    return [v / norm for v in vector]


def scale(vector: Sequence[float], factor: float) -> list[float]:
    return [v * factor for v in vector]


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b))
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(y * y for y in b))
    if na == 0.0 or nb == 0.0:
        return 0.0
    return dot / (na * nb)


def round_vector(vector: Sequence[float], digits: int = 7) -> list[float]:
    """Rounded for compact, stable JSON (float32-like precision)."""
    return [round(v, digits) for v in vector]
