"""Small word lists that make synthetic answers lean the way a reader expects.

Sentiment words tilt sentiment and emotion classifiers; stop words keep question words and
function words out of answers, entities and summaries. Nothing here is random.
"""
from __future__ import annotations

from .text import words_of

POSITIVE_WORDS = frozenset(
    "love loved loving like liked likes great good excellent amazing awesome wonderful fantastic "
    "happy glad delighted enjoy enjoyed best beautiful brilliant perfect nice pleasant superb "
    "recommend favourite favorite fun thanks thank impressive helpful smooth win wins won".split()
)
NEGATIVE_WORDS = frozenset(
    "hate hated hates bad terrible awful horrible worst poor sad angry annoying boring broken "
    "disappointed disappointing disappointment fail failed fails failure ugly slow refund "
    "problem problems issue wrong useless waste never nothing crash crashed lost sucks".split()
)
NEGATIONS = frozenset("not no never don't isn't wasn't didn't doesn't cannot can't".split())

STOP_WORDS = frozenset(
    "a an the and or but so of to in on at by for with from into over under is are was were be "
    "been being am do does did what which who whom whose when where why how i you he she it we "
    "they me him her us them my your his its our their this that these those there here as if "
    "than then too very can could would should will shall may might must not no yes".split()
)

# Labels that lean with the text's polarity: +1 grows with positive words, -1 with negative.
LABEL_POLARITY = {
    "positive": 1, "pos": 1, "joy": 1, "love": 1, "admiration": 1, "amusement": 1, "approval": 1,
    "excitement": 1, "gratitude": 1, "optimism": 1, "pride": 1, "relief": 1, "caring": 1,
    "negative": -1, "neg": -1, "sadness": -1, "anger": -1, "disgust": -1, "fear": -1,
    "annoyance": -1, "disappointment": -1, "disapproval": -1, "grief": -1, "remorse": -1,
    "embarrassment": -1, "nervousness": -1,
    # Review-star models (nlptown): 1-2 stars lean negative, 4-5 positive.
    "1 star": -1, "2 stars": -1, "4 stars": 1, "5 stars": 1,
}


def polarity(text: str) -> int:
    """Positive minus negative words; a negation just before a word flips it."""
    score = 0
    previous = ""
    for word in words_of(text):
        sign = 1 if word in POSITIVE_WORDS else -1 if word in NEGATIVE_WORDS else 0
        if sign and (previous in NEGATIONS or previous == "t"):
            sign = -sign
        score += sign
        previous = word
    return score


def label_polarity(label: str) -> int:
    return LABEL_POLARITY.get(label.lower().replace("label_", ""), 0)


def content_words(text: str) -> list[str]:
    return [w for w in words_of(text) if w not in STOP_WORDS]


def stem(word: str) -> str:
    """A crude stem so that `refund`, `refunds` and `refunded` meet."""
    word = word.lower()
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word
