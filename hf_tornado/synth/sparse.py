"""SPLADE-style sparse vectors: a few weighted vocabulary entries per text.

A SPLADE model scores every vocabulary entry and keeps the positive ones: the text's own words
weigh most, and a handful of related "expansion" entries come along with smaller weights. Here a
word's entry is its token id, its weight and its expansions are drawn from a seed of (model,
word), so texts sharing words share entries (their dot product is larger), and the same word
weighs a little more when repeated.
"""
from __future__ import annotations

import math

from .seed import unit_floats

# bert-base-uncased's vocabulary: the one SPLADE models use.
SPLADE_VOCAB_SIZE = 30522
_EXPANSIONS_PER_WORD = 2


def sparse_embedding(model: str, text: str, vocab_size: int = SPLADE_VOCAB_SIZE) -> list[tuple[int, float]]:
    """``(index, value)`` pairs with value > 0, sorted by index."""
    # Imported here: the TEI cards import this module for SPLADE_VOCAB_SIZE at start-up, and the
    # tokenizer is only needed by a sparse embedding (docs/performance.md).
    from .text import token_id, words_of

    counts: dict[str, int] = {}
    for word in words_of(text):
        counts[word] = counts.get(word, 0) + 1
    weights: dict[int, float] = {}
    for word, count in counts.items():
        draws = unit_floats(1 + 2 * _EXPANSIONS_PER_WORD, "splade", model, word)
        own = (0.6 + 1.6 * abs(draws[0])) * (1.0 + 0.3 * math.log(count))
        entries = [(token_id(word) % vocab_size, own)]
        for i in range(_EXPANSIONS_PER_WORD):
            index = int(abs(draws[1 + 2 * i]) * 32768) * 7919 % vocab_size
            entries.append((index, 0.05 + 0.5 * abs(draws[2 + 2 * i])))
        for index, value in entries:
            weights[index] = max(weights.get(index, 0.0), value)
    return [(index, round(weights[index], 5)) for index in sorted(weights)]


def densify(pairs: list[tuple[int, float]], size: int) -> list[float]:
    """The dense vector (TEI's `/embed` of a SPLADE model, with `normalize: false`)."""
    dense = [0.0] * size
    for index, value in pairs:
        if index < size:
            dense[index] = value
    return dense
