"""Scores for classifier-like answers: logits -> probabilities -> sorted ``{label, score}`` lists.

Every list of labelled scores in the service goes through ``label_scores`` so the invariants of
WIRE.md section 9.7 hold in one place: sorted by descending score, softmax sums to 1, sigmoid
scores each in (0, 1), ``top_k`` cuts after sorting.
"""
from __future__ import annotations

import math
import random
from typing import Any, Sequence

from .. import errors

FUNCTIONS = ("softmax", "sigmoid", "none")
SCORE_DIGITS = 6


def softmax(logits: Sequence[float]) -> list[float]:
    if not logits:
        return []
    top = max(logits)
    exps = [math.exp(v - top) for v in logits]
    total = sum(exps)
    return [e / total for e in exps]


def sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    e = math.exp(value)
    return e / (1.0 + e)


def apply_function(logits: Sequence[float], function: str) -> list[float]:
    """transformers' ``function_to_apply``: softmax over labels, sigmoid per label, or raw logits."""
    if function == "softmax":
        return softmax(logits)
    if function == "sigmoid":
        return [sigmoid(v) for v in logits]
    return [float(v) for v in logits]


def function_to_apply(value: Any, default: str = "softmax") -> str:
    """The validated ``function_to_apply`` parameter (case-insensitive; null means the default)."""
    if value is None:
        return default
    if isinstance(value, str) and value.lower() in FUNCTIONS:
        return value.lower()
    raise errors.bad_request(
        f"Invalid value for `function_to_apply`: {value!r}. Expected one of: {', '.join(FUNCTIONS)}"
    )


def top_k(value: Any, *, default: int | None, name: str = "top_k") -> int | None:
    """A validated positive ``top_k`` (null means ``default``; None means "all")."""
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) or value < 1:
        raise errors.bad_request(f"`{name}` must be a strictly positive integer, got {value!r}")
    return int(value)


def draw_logits(stream: random.Random, count: int, *, spread: float = 4.0) -> list[float]:
    """``count`` logits with one or two clear winners, as a trained classifier gives."""
    logits = [stream.gauss(0.0, 1.0) for _ in range(count)]
    if count:
        logits[stream.randrange(count)] += spread * stream.uniform(0.6, 1.0)
    return logits


def label_scores(
    labels: Sequence[str],
    logits: Sequence[float],
    *,
    function: str = "softmax",
    k: int | None = None,
    label_key: str = "label",
) -> list[dict[str, Any]]:
    """``[{label, score}]`` sorted by descending score, cut to ``k`` after sorting."""
    scores = apply_function(logits, function)
    pairs = sorted(zip(labels, scores), key=lambda pair: (-pair[1], pair[0]))
    if k is not None:
        pairs = pairs[:k]
    return [{label_key: label, "score": round_score(score)} for label, score in pairs]


def round_score(value: float) -> float:
    return round(float(value), SCORE_DIGITS)


def descending_probabilities(stream: random.Random, count: int, *, mass: float = 1.0) -> list[float]:
    """``count`` probabilities in descending order summing to ``mass`` (a peaked distribution)."""
    if count <= 0:
        return []
    raw = [stream.expovariate(1.0) ** 1.6 for _ in range(count)]
    raw.sort(reverse=True)
    total = sum(raw) or 1.0
    return [mass * v / total for v in raw]
