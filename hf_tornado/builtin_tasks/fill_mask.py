"""Built-in plugin: fill-mask.

It registers its model cards and tasks; how the tasks answer is in ``fill_mask_tasks.py``,
imported on the first run of one of them (``lazy.LazyTask``), so start-up does not pay for
it (docs/performance.md).
"""
from __future__ import annotations

from typing import Any

from hf_tornado.catalog import ModelCard
from hf_tornado.hookspecs import hookimpl
from hf_tornado.tasks import Task

from .lazy import LazyTask

BERT_MASK = "[MASK]"
ROBERTA_MASK = "<mask>"
_TAGS = ("fill-mask", "endpoints_compatible")


def _fm(model_id: str, mask: str, **kw: Any) -> ModelCard:
    return ModelCard(id=model_id, task="fill-mask", mask_token=mask, tags=_TAGS, **kw)


CARDS: tuple[ModelCard, ...] = (
    _fm("google-bert/bert-base-uncased", BERT_MASK, extra={"uncased": True}),
    _fm("bert-base-uncased", BERT_MASK, extra={"uncased": True}),
    _fm("google-bert/bert-base-cased", BERT_MASK),
    _fm("bert-base-cased", BERT_MASK),
    _fm("distilbert/distilbert-base-uncased", BERT_MASK, extra={"uncased": True}),
    _fm("distilbert-base-uncased", BERT_MASK, extra={"uncased": True}),
    _fm("answerdotai/ModernBERT-base", BERT_MASK),
    _fm("answerdotai/ModernBERT-large", BERT_MASK),
    _fm("FacebookAI/roberta-base", ROBERTA_MASK),
    _fm("roberta-base", ROBERTA_MASK),
    _fm("distilbert/distilroberta-base", ROBERTA_MASK),
    _fm("FacebookAI/xlm-roberta-base", ROBERTA_MASK),
    _fm("xlm-roberta-base", ROBERTA_MASK),
)


@hookimpl
def hf_tornado_register_tasks() -> list[Task]:
    return [
        LazyTask("fill-mask", "hf_tornado.builtin_tasks.fill_mask_tasks:FillMask"),
    ]


@hookimpl
def hf_tornado_register_models() -> list[ModelCard]:
    return list(CARDS)
