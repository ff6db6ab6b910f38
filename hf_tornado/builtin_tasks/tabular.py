"""Built-in plugin: tabular-classification, tabular-regression.

It registers its model cards and tasks; how the tasks answer is in ``tabular_tasks.py``,
imported on the first run of one of them (``lazy.LazyTask``), so start-up does not pay for
it (docs/performance.md).
"""
from __future__ import annotations

from hf_tornado.catalog import ModelCard
from hf_tornado.hookspecs import hookimpl
from hf_tornado.tasks import Task

from .lazy import LazyTask


CARDS: tuple[ModelCard, ...] = (
    ModelCard(id="julien-c/wine-quality", task="tabular-classification", library="sklearn", tags=("tabular-classification", "sklearn"), extra={"classes": (3, 4, 5, 6, 7, 8)}),
    ModelCard(id="scikit-learn/cancer-prediction-trees", task="tabular-classification", library="sklearn", tags=("tabular-classification", "sklearn"), extra={"classes": (0, 1)}),
    ModelCard(id="scikit-learn/tabular-playground", task="tabular-classification", library="sklearn", tags=("tabular-classification", "sklearn"), extra={"classes": (0, 1)}),
    ModelCard(id="scikit-learn/Fish-Weight", task="tabular-regression", library="sklearn", tags=("tabular-regression", "sklearn"), extra={"range": (5.9, 1650.0), "scale": 60.0}),
    ModelCard(id="scikit-learn/fish-weight-prediction", task="tabular-regression", library="sklearn", tags=("tabular-regression", "sklearn"), extra={"range": (5.9, 1650.0), "scale": 60.0}),
)


@hookimpl
def hf_tornado_register_tasks() -> list[Task]:
    return [
        LazyTask("tabular-classification", "hf_tornado.builtin_tasks.tabular_tasks:TabularClassification"),
        LazyTask("tabular-regression", "hf_tornado.builtin_tasks.tabular_tasks:TabularRegression"),
    ]


@hookimpl
def hf_tornado_register_models() -> list[ModelCard]:
    return list(CARDS)
