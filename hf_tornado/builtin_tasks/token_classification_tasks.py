"""The tasks of the built-in plugin ``token_classification`` (registered by
``token_classification.py``): token-classification (named entities).

Entities are real words of the input: runs of capitalised words (a sentence's first word only
when it is part of a longer run or an acronym), with code-point offsets so that
``inputs[start:end] == word`` (WIRE.md 9.6). The type comes from light cues (`in Paris` is a
place, `Acme Corp` an organisation) and otherwise from a seeded draw, so the same name always
gets the same type on a given model.

``aggregation_strategy``: ``none`` answers one entry per word with ``entity`` (``B-``/``I-``
tags) and, for the JS SDK, ``entity_group`` too; ``simple`` (the default), ``first``, ``average``
and ``max`` group a run into one entity and differ in how its score is taken.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from hf_tornado import errors
from hf_tornado.catalog import ModelCard
from hf_tornado.synth.lexicon import STOP_WORDS
from hf_tornado.synth.scores import round_score
from hf_tornado.synth.seed import rng, seed_int
from hf_tornado.synth.text import Span, word_spans
from hf_tornado.tasks import InferenceRequest, Task, per_text

from .token_classification import CONLL

STRATEGIES = ("none", "simple", "first", "average", "max")


_ORG_CUES = re.compile(r"^(inc|corp|corporation|ltd|llc|company|co|university|institute|bank|group|foundation|ministry|agency)$", re.I)
_LOC_BEFORE = frozenset("in at from to near across visited visit city of".split())
_PER_BEFORE = frozenset("mr mrs ms dr sir madam name is".split())


@dataclass(frozen=True)
class Mention:
    """A run of capitalised words, each a span of the input."""

    words: tuple[Span, ...]

    @property
    def start(self) -> int:
        return self.words[0].start

    @property
    def end(self) -> int:
        return self.words[-1].end


def mentions(text: str) -> list[Mention]:
    """Runs of capitalised words joined by single spaces, minus lone sentence-initial words."""
    runs: list[list[Span]] = []
    for span in word_spans(text):
        acronym = len(span.word) > 1 and span.word.isupper()
        if not span.word[:1].isupper() or (span.word.lower() in STOP_WORDS and not acronym):
            continue
        previous = runs[-1][-1] if runs else None
        if previous is not None and text[previous.end:span.start] == " ":
            runs[-1].append(span)
        else:
            runs.append([span])
    found = []
    for run in runs:
        first = run[0]
        before = text[max(0, first.start - 8): first.start].rstrip()
        sentence_initial = first.start == 0 or not before or before[-1] in ".!?"
        acronym = len(first.word) > 1 and first.word.isupper()
        if sentence_initial and len(run) == 1 and not acronym:
            continue
        found.append(Mention(tuple(run)))
    return found


def entity_type(card: ModelCard, text: str, mention: Mention, labels: tuple[str, ...]) -> str:
    if labels == CONLL or set(CONLL) <= set(labels):
        if any(_ORG_CUES.match(w.word) for w in mention.words) or (len(mention.words) == 1 and mention.words[0].word.isupper()):
            return "ORG"
        before = re.findall(r"\w+", text[max(0, mention.start - 40): mention.start].lower())[-1:]
        if before and before[0] in _LOC_BEFORE:
            return "LOC"
        if before and before[0] in _PER_BEFORE or len(mention.words) in (2, 3):
            return "PER"
    name = " ".join(w.word for w in mention.words)
    return labels[seed_int(card.id, "entity-type", name) % len(labels)]


def entities(card: ModelCard, text: str, strategy: str, ignore: set[str]) -> list[dict[str, Any]]:
    labels = card.labels or CONLL
    stream = rng(card.id, "token-classification", text)
    # transformers' `index` counts tokens from 1 ([CLS] is 0); here a token is a word.
    word_index = {span.start: i + 1 for i, span in enumerate(word_spans(text))} if strategy == "none" else {}
    out: list[dict[str, Any]] = []
    for mention in mentions(text):
        group = entity_type(card, text, mention, labels)
        word_scores = [stream.uniform(0.90, 0.9995) for _ in mention.words]
        if strategy == "none":
            for i, (span, score) in enumerate(zip(mention.words, word_scores)):
                tag = ("B-" if i == 0 else "I-") + group
                if tag in ignore or group in ignore:
                    continue
                out.append({"entity": tag, "entity_group": group, "score": round_score(score), "index": word_index[span.start],
                            "word": span.word, "start": span.start, "end": span.end})
            continue
        if group in ignore:
            continue
        score = {"first": word_scores[0], "max": max(word_scores)}.get(strategy, sum(word_scores) / len(word_scores))
        out.append({"entity_group": group, "score": round_score(score), "word": text[mention.start:mention.end],
                    "start": mention.start, "end": mention.end})
    return out


class TokenClassification(Task):
    name = "token-classification"

    def run(self, request: InferenceRequest) -> Any:
        inputs = request.require_inputs()
        strategy = request.param("aggregation_strategy", "simple")
        if not isinstance(strategy, str) or strategy.lower() not in STRATEGIES:
            raise errors.bad_request(
                f"{strategy!r} is not a valid aggregation_strategy. Expected one of: {', '.join(STRATEGIES)}"
            )
        ignore = request.param("ignore_labels", ["O"])
        if not isinstance(ignore, list) or not all(isinstance(label, str) for label in ignore):
            raise errors.invalid_field("parameters.ignore_labels", "input should be a list of strings")
        return per_text(inputs, lambda text: entities(request.card, text, strategy.lower(), set(ignore)))
