"""The tasks of the built-in plugin ``text_classification`` (registered by
``text_classification.py``): text-classification and zero-shot-classification.

Both answer ``{label, score}`` lists built by ``synth.scores.label_scores`` (sorted, normalised,
``top_k`` after sorting). Logits are seeded by the request and tilted by what the text says:
sentiment words move sentiment and emotion labels, and a zero-shot candidate whose words occur in
the text wins, so tests read like real model output (WIRE.md 3.2, 9.7, 9.8).
"""
from __future__ import annotations

import re
from typing import Any

from hf_tornado import errors
from hf_tornado.catalog import ModelCard
from hf_tornado.synth import scores
from hf_tornado.synth.languages import guess_language
from hf_tornado.synth.lexicon import content_words, label_polarity, polarity, stem
from hf_tornado.synth.seed import rng
from hf_tornado.synth.vectors import cosine, text_vector
from hf_tornado.tasks import InferenceRequest, Task

from .text_classification import EMOTIONS, GO_EMOTIONS, SST2


# Label sets for ids the catalog does not know, by name (first match wins).
_LABELS_BY_NAME: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"go_emotions", re.I), GO_EMOTIONS),
    (re.compile(r"emotion", re.I), EMOTIONS),
    (re.compile(r"sst-?2|sentiment|imdb", re.I), SST2),
)


def labels_of(card: ModelCard) -> tuple[str, ...]:
    """The model's label set: the catalog's, a name rule's, or ``LABEL_0``/``LABEL_1``."""
    if card.labels:
        return card.labels
    for pattern, labels in _LABELS_BY_NAME:
        if pattern.search(card.id):
            return labels
    return ("LABEL_0", "LABEL_1")


def classify(card: ModelCard, text: str, pair: str | None = None, *, function: str | None = None, k: int | None = None) -> list[dict[str, Any]]:
    """All labels of ``card`` for one text (or text pair), best first."""
    labels = labels_of(card)
    stream = rng(card.id, "text-classification", text, pair)
    logits = scores.draw_logits(stream, len(labels))
    tilt = max(-2, min(2, polarity(text if pair is None else f"{text} {pair}")))
    if tilt:
        for i, label in enumerate(labels):
            logits[i] += 2.0 * tilt * label_polarity(label)
        _let_polarity_win(labels, logits, 1 if tilt > 0 else -1)
    spoken = guess_language(text) if "en" in labels else None
    if spoken in labels:  # a language-detection model recognises the languages it can
        logits[labels.index(spoken)] += 6.0
    multi_label = bool(card.extra.get("multi_label"))
    if multi_label:
        # A multi-label head says "no" to most labels: only the winners clear 0.5.
        logits = [v - 3.0 for v in logits]
    if function is None:
        # transformers: sigmoid for one label or a multi-label head, softmax otherwise.
        function = "sigmoid" if len(labels) == 1 or multi_label else "softmax"
    return scores.label_scores(labels, logits, function=function, k=k)


def _let_polarity_win(labels: tuple[str, ...], logits: list[float], sign: int) -> None:
    """A text that clearly leans one way is never topped by a label leaning the other way
    ("I love it" is POSITIVE, not a seeded NEGATIVE): the two logits swap, so the confidence the
    seed drew is kept and only the direction is set right."""
    agreeing = [i for i, label in enumerate(labels) if label_polarity(label) == sign]
    opposing = [i for i, label in enumerate(labels) if label_polarity(label) == -sign]
    if not agreeing or not opposing:
        return
    best_agreeing = max(agreeing, key=lambda i: logits[i])
    best_opposing = max(opposing, key=lambda i: logits[i])
    if logits[best_opposing] > logits[best_agreeing]:
        logits[best_agreeing], logits[best_opposing] = logits[best_opposing], logits[best_agreeing]


class TextClassification(Task):
    name = "text-classification"

    def run(self, request: InferenceRequest) -> Any:
        inputs = request.require_inputs()
        function = request.param("function_to_apply")
        function = scores.function_to_apply(function) if function is not None else None
        k = scores.top_k(request.param("top_k"), default=None)
        items = inputs if isinstance(inputs, list) else [inputs]
        if not items:
            raise errors.invalid_field("inputs", "input should not be empty")
        return [classify(request.card, *_text_and_pair(item), function=function, k=k) for item in items]


def _text_and_pair(item: Any) -> tuple[str, str | None]:
    if isinstance(item, str):
        return item, None
    if isinstance(item, dict) and isinstance(item.get("text"), str):
        pair = item.get("text_pair")
        if pair is not None and not isinstance(pair, str):
            raise errors.invalid_field("inputs.text_pair", "input should be a valid string")
        return item["text"], pair
    raise errors.invalid_field("inputs", "input should be a string, a {text, text_pair} object or a list of them")


_EMPTY_LABELS = "You must include at least one label and at least one sequence."


def candidate_labels(request: InferenceRequest) -> list[str]:
    """The candidates, from a list or a comma-separated string (as transformers accepts)."""
    raw = request.param("candidate_labels")
    if raw is None:
        raise errors.missing_field("parameters.candidate_labels")
    if isinstance(raw, str):
        raw = [label.strip() for label in raw.split(",") if label.strip()]
    if not isinstance(raw, list) or not all(isinstance(label, str) for label in raw):
        raise errors.invalid_field("parameters.candidate_labels", "input should be a list of strings")
    if not raw or not all(label.strip() for label in raw):
        raise errors.bad_request(_EMPTY_LABELS)
    # Each candidate once, in the order given (transformers would score a duplicate twice; the
    # answer lists every label once).
    return list(dict.fromkeys(raw))


def zero_shot(model: str, text: str, labels: list[str], *, multi_label: bool, template: str) -> list[dict[str, Any]]:
    stream = rng(model, "zero-shot-classification", text, labels, multi_label, template)
    text_stems = {stem(w) for w in content_words(text)}
    text_vec = text_vector(model, text, 64)
    logits = []
    for label in labels:
        hypothesis = template.replace("{}", label)
        overlap = sum(1 for w in content_words(label) if stem(w) in text_stems)
        similarity = cosine(text_vec, text_vector(model, hypothesis, 64))
        logits.append(3.5 * overlap + 2.0 * similarity + stream.gauss(0.0, 0.8))
    if multi_label:
        # Each label is judged alone (entailment vs contradiction): independent sigmoids.
        return scores.label_scores(labels, [v - 1.0 for v in logits], function="sigmoid")
    return scores.label_scores(labels, logits, function="softmax")


class ZeroShotClassification(Task):
    name = "zero-shot-classification"

    def run(self, request: InferenceRequest) -> Any:
        inputs = request.require_inputs()
        labels = candidate_labels(request)
        template = request.param("hypothesis_template", "This example is {}.")
        if not isinstance(template, str) or "{}" not in template:
            raise errors.bad_request(
                f'The provided hypothesis_template "{template}" was not able to be formatted with the target labels. '
                "Make sure the passed template includes formatting syntax such as {} where the label should go."
            )
        multi_label = bool(request.param("multi_label", False))
        if isinstance(inputs, str):
            if not inputs.strip():
                raise errors.bad_request(_EMPTY_LABELS)
            return zero_shot(request.model, inputs, labels, multi_label=multi_label, template=template)
        if isinstance(inputs, list) and inputs and all(isinstance(i, str) for i in inputs):
            return [zero_shot(request.model, text, labels, multi_label=multi_label, template=template) for text in inputs]
        raise errors.invalid_field("inputs", "input should be a string or a list of strings")
