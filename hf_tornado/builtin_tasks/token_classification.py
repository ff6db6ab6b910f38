"""Built-in plugin: token-classification.

It registers its model cards and tasks; how the tasks answer is in ``token_classification_tasks.py``,
imported on the first run of one of them (``lazy.LazyTask``), so start-up does not pay for
it (docs/performance.md).
"""
from __future__ import annotations

from hf_tornado.catalog import ModelCard
from hf_tornado.hookspecs import hookimpl
from hf_tornado.tasks import Task

from .lazy import LazyTask

CONLL = ("PER", "ORG", "LOC", "MISC")
_TAGS = ("token-classification", "endpoints_compatible")

CARDS: tuple[ModelCard, ...] = (
    ModelCard(id="dslim/bert-base-NER", task="token-classification", labels=CONLL, tags=_TAGS),
    ModelCard(id="dslim/bert-large-NER", task="token-classification", labels=CONLL, tags=_TAGS),
    ModelCard(id="dbmdz/bert-large-cased-finetuned-conll03-english", task="token-classification", labels=CONLL, tags=_TAGS),
    ModelCard(id="FacebookAI/xlm-roberta-large-finetuned-conll03-english", task="token-classification", labels=CONLL, tags=_TAGS),
    ModelCard(id="Davlan/bert-base-multilingual-cased-ner-hrl", task="token-classification", labels=("PER", "ORG", "LOC", "DATE"), tags=_TAGS),
    ModelCard(id="blaze999/Medical-NER", task="token-classification", labels=("DISEASE_DISORDER", "SIGN_SYMPTOM", "MEDICATION", "BIOLOGICAL_STRUCTURE"), tags=_TAGS),
)


@hookimpl
def hf_tornado_register_tasks() -> list[Task]:
    return [
        LazyTask("token-classification", "hf_tornado.builtin_tasks.token_classification_tasks:TokenClassification"),
    ]


@hookimpl
def hf_tornado_register_models() -> list[ModelCard]:
    return list(CARDS)
