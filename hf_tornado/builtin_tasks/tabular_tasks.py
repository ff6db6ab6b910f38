"""The tasks of the built-in plugin ``tabular`` (registered by ``tabular.py``):
tabular-classification and tabular-regression.

The table comes as hf_hub sends it (root ``table``) or as the JS SDK does (``inputs.data``), a
``{column: [cells]}`` object with columns of equal length (WIRE.md 2.3, 3.5). The answer is one
number per row: a class of the model (numeric, because JS requires numbers) or a regression value
in the model's range. Each prediction depends on the row's own cells only, so equal rows predict
equally, and larger measurements mostly give larger regression values.
"""
from __future__ import annotations

import math
from typing import Any

from hf_tornado import errors
from hf_tornado.catalog import ModelCard
from hf_tornado.synth.seed import rng
from hf_tornado.tasks import MISSING, InferenceRequest, Task

from .question_answering_tasks import read_table


def table_of(request: InferenceRequest) -> dict[str, list[str]]:
    """hf_hub's root ``table``, or JS's ``inputs.data`` (``inputs.table`` is accepted too)."""
    if "table" in request.body:
        return read_table(request.body.get("table"), "table")
    inputs = request.inputs
    if inputs is MISSING:
        raise errors.missing_field("inputs.data")
    if not isinstance(inputs, dict):
        raise errors.invalid_field("inputs", "input should be an object with `data`")
    key = "table" if "table" in inputs and "data" not in inputs else "data"
    return read_table(inputs.get(key), f"inputs.{key}")


def rows_of(table: dict[str, list[str]]) -> list[dict[str, str]]:
    columns = list(table)
    return [{c: table[c][r] for c in columns} for r in range(len(table[columns[0]]))]


def _magnitude(row: dict[str, str]) -> float:
    total = 0.0
    for cell in row.values():
        try:
            total += abs(float(cell.replace(",", "")))
        except ValueError:
            continue
    return total


def classify_row(card: ModelCard, row: dict[str, str]) -> int:
    classes = tuple(card.extra.get("classes", (0, 1)))
    stream = rng(card.id, "tabular-classification", row)
    # Middle classes are the common ones, as in most real label distributions.
    weights = [math.exp(-((i - (len(classes) - 1) / 2) ** 2) / max(1.0, len(classes) / 2)) for i in range(len(classes))]
    return stream.choices(classes, weights=weights)[0]


def regress_row(card: ModelCard, row: dict[str, str]) -> float:
    low, high = card.extra.get("range", (0.0, 100.0))
    scale = float(card.extra.get("scale", 100.0))
    stream = rng(card.id, "tabular-regression", row)
    fraction = 0.95 * (1.0 - math.exp(-_magnitude(row) / scale)) + 0.05 * stream.random()
    return round(low + (high - low) * fraction, 4)


class TabularClassification(Task):
    name = "tabular-classification"

    def run(self, request: InferenceRequest) -> Any:
        return [classify_row(request.card, row) for row in rows_of(table_of(request))]


class TabularRegression(Task):
    name = "tabular-regression"

    def run(self, request: InferenceRequest) -> Any:
        return [regress_row(request.card, row) for row in rows_of(table_of(request))]
