"""Built-in plugin: question-answering, table-question-answering.

It registers its model cards and tasks; how the tasks answer is in ``question_answering_tasks.py``,
imported on the first run of one of them (``lazy.LazyTask``), so start-up does not pay for
it (docs/performance.md).
"""
from __future__ import annotations

from hf_tornado.catalog import ModelCard
from hf_tornado.hookspecs import hookimpl
from hf_tornado.tasks import Task

from .lazy import LazyTask

CARDS: tuple[ModelCard, ...] = (
    ModelCard(id="deepset/roberta-base-squad2", task="question-answering", mask_token="<mask>", tags=("question-answering",)),
    ModelCard(id="distilbert/distilbert-base-cased-distilled-squad", task="question-answering", tags=("question-answering",)),
    ModelCard(id="distilbert-base-cased-distilled-squad", task="question-answering", tags=("question-answering",)),
    ModelCard(id="google/tapas-base-finetuned-wtq", task="table-question-answering", tags=("table-question-answering",)),
    ModelCard(id="google/tapas-large-finetuned-wtq", task="table-question-answering", tags=("table-question-answering",)),
    ModelCard(id="microsoft/tapex-base", task="table-question-answering", tags=("table-question-answering",)),
)


@hookimpl
def hf_tornado_register_tasks() -> list[Task]:
    return [
        LazyTask("question-answering", "hf_tornado.builtin_tasks.question_answering_tasks:QuestionAnswering"),
        LazyTask("table-question-answering", "hf_tornado.builtin_tasks.question_answering_tasks:TableQuestionAnswering"),
    ]


@hookimpl
def hf_tornado_register_models() -> list[ModelCard]:
    return list(CARDS)
