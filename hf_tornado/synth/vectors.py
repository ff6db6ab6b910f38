"""Float feature vectors built from hashed word features, and their cosine.

A text's vector is the sum of one pseudo-random vector per word (keyed by model and word) plus a
smaller vector of the whole text, so texts that share words are more similar than texts that
share none. Zero-shot classification scores labels with these (64 dimensions); the embeddings the
feature-extraction routes answer are the integer-lane version in synth/embedding.py.
"""
from __future__ import annotations

import functools
import math
import operator
from typing import Sequence

from .seed import unit_floats
from .text import words_of

# How much of a vector comes from the exact text rather than its words: enough to separate
# paraphrases with the same words, small enough that shared words dominate similarity.
_WHOLE_TEXT_WEIGHT = 0.35


def word_vector(model: str, word: str, dim: int) -> Sequence[float]:
    return _word_vector(model, word, dim)


# Memoised: real text repeats its words (Zipf), and drawing a word's vector is most of an
# embedding's cost. A pure function of its arguments, so sharing it between servers changes
# nothing; bounded (512 vectors of 384 floats is ~6 MB at most); tuples, so no caller can change
# a cached vector.
@functools.lru_cache(maxsize=512)
def _word_vector(model: str, word: str, dim: int) -> tuple[float, ...]:
    return tuple(unit_floats(dim, "word-vector", model, word))


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


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b))
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(y * y for y in b))
    if na == 0.0 or nb == 0.0:
        return 0.0
    return dot / (na * nb)
