"""Built-in plugin: visual-question-answering, document-question-answering.

It registers its model cards and tasks; how the tasks answer is in ``multimodal_tasks.py``,
imported on the first run of one of them (``lazy.LazyTask``), so start-up does not pay for
it (docs/performance.md).
"""
from __future__ import annotations

from hf_tornado.catalog import ModelCard
from hf_tornado.hookspecs import hookimpl
from hf_tornado.tasks import Task

from .lazy import LazyTask


CARDS: tuple[ModelCard, ...] = (
    ModelCard(id="dandelin/vilt-b32-finetuned-vqa", task="visual-question-answering", tags=("visual-question-answering",)),
    ModelCard(id="Salesforce/blip-vqa-base", task="visual-question-answering", tags=("visual-question-answering",)),
    ModelCard(id="impira/layoutlm-document-qa", task="document-question-answering", tags=("document-question-answering",)),
    ModelCard(id="impira/layoutlm-invoices", task="document-question-answering", tags=("document-question-answering",)),
    ModelCard(
        id="naver-clova-ix/donut-base-finetuned-docvqa",
        task="document-question-answering",
        tags=("document-question-answering",),
        extra={"ocr_free": True},
    ),
    # The rest of @huggingface/tasks' example models for these tasks (the clients check the Hub
    # pipeline tag); pix2struct reads the page itself, so it answers without word indices.
    ModelCard(id="microsoft/udop-large", task="document-question-answering", tags=("document-question-answering",)),
    ModelCard(id="google/pix2struct-docvqa-large", task="document-question-answering", tags=("document-question-answering",), extra={"ocr_free": True}),
    ModelCard(id="google/deplot", task="visual-question-answering", tags=("visual-question-answering",)),
    ModelCard(id="google/matcha-base", task="visual-question-answering", tags=("visual-question-answering",)),
    ModelCard(id="google/pix2struct-ocrvqa-large", task="visual-question-answering", tags=("visual-question-answering",)),
)


@hookimpl
def hf_tornado_register_tasks() -> list[Task]:
    return [
        LazyTask("visual-question-answering", "hf_tornado.builtin_tasks.multimodal_tasks:VisualQuestionAnswering"),
        LazyTask("document-question-answering", "hf_tornado.builtin_tasks.multimodal_tasks:DocumentQuestionAnswering"),
    ]


@hookimpl
def hf_tornado_register_models() -> list[ModelCard]:
    return list(CARDS)
