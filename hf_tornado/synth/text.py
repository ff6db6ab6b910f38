"""The project's own tokenizer and a deterministic prose generator.

A token is a run of word characters or one punctuation mark, each with the white space before
it (`` Paris``, ``,``). Token ids are stable hashes into a 32,000-entry vocabulary; ids 0-2 are
the special tokens. Every count in the service (usage, details, stream events, limits) counts
these tokens, so they agree everywhere.
"""
from __future__ import annotations

import functools
import random
import re
from dataclasses import dataclass

from .seed import seed_int

VOCAB_SIZE = 32000
EOS_ID = 2
EOS_TEXT = "</s>"
_FIRST_ORDINARY_ID = 3

_TOKEN_RE = re.compile(r"\s*\w+|\s*[^\w\s]|\s+")


def tokenize(text: str) -> list[str]:
    """Split ``text`` into tokens whose concatenation is ``text`` exactly."""
    return _TOKEN_RE.findall(text)


def count_tokens(text: str) -> int:
    return len(_TOKEN_RE.findall(text))


# Memoised: generated text draws from a small vocabulary, so the same few thousand tokens are
# hashed again and again (it was most of a generation's time). Bounded, and a pure function of
# its argument, so sharing it between servers changes nothing.
@functools.lru_cache(maxsize=8192)
def token_id(token: str) -> int:
    return _FIRST_ORDINARY_ID + seed_int("token-id", token) % (VOCAB_SIZE - _FIRST_ORDINARY_ID)


def words_of(text: str) -> list[str]:
    """Lower-cased word tokens, for features that should not care about case or punctuation."""
    return re.findall(r"\w+", text.lower())


@dataclass(frozen=True)
class Span:
    """A word of a text with its code-point offsets: ``text[start:end] == word``."""

    word: str
    start: int
    end: int


def word_spans(text: str) -> list[Span]:
    return [Span(m.group(0), m.start(), m.end()) for m in re.finditer(r"\w+", text)]


WORDS = (
    "the model data system answer question result value language learning network text time "
    "people world example process information method research analysis structure pattern "
    "memory context signal feature sample image sound output input service request response "
    "test function library client server stream token sequence vector space distance meaning "
    "simple clear small large early late quick careful useful common different important "
    "new old open local global stable certain possible general specific natural careful "
    "is are was can will may should could would makes gives shows helps uses finds keeps "
    "builds reads writes moves turns brings holds starts learns changes follows explains "
    "and or but so because while when where which that this these those each every many "
    "more most some often always usually rarely also only still just even well very "
    "in on at by for with from into over under between through about after before across "
    "river mountain city garden morning evening light water road window library market "
    "story idea reason detail choice part level point step way form kind side area line"
).split()


# random.Random's draws, done inline: ``choice(seq)`` is ``seq[_randbelow(len(seq))]``,
# ``randint(a, b)`` is ``a + _randbelow(b - a + 1)``, and ``_randbelow(n)`` draws
# ``getrandbits(n.bit_length())`` until the value is below ``n`` (CPython 3.2 to 3.13). The
# same calls on the generator in the same order, so the same tokens; without the three Python
# frames per draw, prose costs half as much (docs/performance.md). tests/test_draw_identity.py
# compares this with the plain random.Random calls.
_WORD_COUNT = len(WORDS)
_WORD_BITS = _WORD_COUNT.bit_length()
_SENTENCE_MIN, _SENTENCE_SPAN = 6, 9  # randint(6, 14)
_SENTENCE_BITS = _SENTENCE_SPAN.bit_length()


def prose_tokens(rng: random.Random, count: int, *, leading_space: bool) -> list[str]:
    """``count`` tokens of sentence-like prose: words, commas, full stops.

    The first word is capitalised; when ``leading_space`` is true it starts with a space too,
    as a continuation of a prompt does.
    """
    getrandbits = rng.getrandbits
    uniform01 = rng.random
    words, word_count, word_bits = WORDS, _WORD_COUNT, _WORD_BITS
    tokens: list[str] = []
    append = tokens.append
    drawn = getrandbits(_SENTENCE_BITS)
    while drawn >= _SENTENCE_SPAN:
        drawn = getrandbits(_SENTENCE_BITS)
    sentence_left = _SENTENCE_MIN + drawn
    capital = True
    while len(tokens) < count:
        if sentence_left == 0:
            append(".")
            drawn = getrandbits(_SENTENCE_BITS)
            while drawn >= _SENTENCE_SPAN:
                drawn = getrandbits(_SENTENCE_BITS)
            sentence_left = _SENTENCE_MIN + drawn
            capital = True
            continue
        drawn = getrandbits(word_bits)
        while drawn >= word_count:
            drawn = getrandbits(word_bits)
        word = words[drawn]
        if capital:
            word = word.capitalize()
            capital = False
        append(" " + word if (tokens or leading_space) else word)
        sentence_left -= 1
        if sentence_left > 2 and uniform01() < 0.08:
            append(",")
    return tokens[:count]


def prose(rng: random.Random, words: int) -> str:
    """A sentence-like string of about ``words`` words ending in a full stop."""
    text = "".join(prose_tokens(rng, words, leading_space=False)).rstrip(",")
    return text if text.endswith(".") else text + "."
