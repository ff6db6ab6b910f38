"""Built-in plugin: summarization, translation, text2text-generation.

It registers its model cards and tasks; how the tasks answer is in ``text2text_tasks.py``,
imported on the first run of one of them (``lazy.LazyTask``), so start-up does not pay for
it (docs/performance.md).
"""
from __future__ import annotations

from hf_tornado.catalog import ModelCard
from hf_tornado.hookspecs import hookimpl
from hf_tornado.tasks import Task

from .lazy import LazyTask

_S2S_TAGS = ("text2text-generation", "endpoints_compatible")

CARDS: tuple[ModelCard, ...] = (
    ModelCard(id="facebook/bart-large-cnn", task="summarization", tags=("summarization",)),
    ModelCard(id="google/pegasus-xsum", task="summarization", tags=("summarization",), extra={"sentences": 1}),
    ModelCard(id="sshleifer/distilbart-cnn-12-6", task="summarization", tags=("summarization",)),
    ModelCard(id="Falconsai/text_summarization", task="summarization", tags=("summarization",)),
    ModelCard(id="Falconsai/medical_summarization", task="summarization", tags=("summarization",)),
    ModelCard(id="Helsinki-NLP/opus-mt-en-fr", task="translation", tags=("translation",), extra={"target": "fr"}),
    ModelCard(id="Helsinki-NLP/opus-mt-en-de", task="translation", tags=("translation",), extra={"target": "de"}),
    ModelCard(id="Helsinki-NLP/opus-mt-en-es", task="translation", tags=("translation",), extra={"target": "es"}),
    ModelCard(id="Helsinki-NLP/opus-mt-fr-en", task="translation", tags=("translation",), extra={"target": "en"}),
    ModelCard(id="t5-base", task="translation", tags=_S2S_TAGS, extra={"target": "de"}),
    ModelCard(id="google-t5/t5-base", task="translation", tags=_S2S_TAGS, extra={"target": "de"}),
    ModelCard(id="t5-small", task="translation", tags=_S2S_TAGS, extra={"target": "de"}),
    ModelCard(id="facebook/nllb-200-distilled-600M", task="translation", tags=("translation",), extra={"target": "fr", "needs_languages": True}),
    ModelCard(id="facebook/nllb-200-1.3B", task="translation", tags=("translation",), extra={"target": "fr", "needs_languages": True}),
    ModelCard(id="facebook/mbart-large-50-many-to-many-mmt", task="translation", tags=("translation",), extra={"target": "fr"}),
    ModelCard(id="google/flan-t5-base", task="text2text-generation", tags=_S2S_TAGS),
    ModelCard(id="google/flan-t5-large", task="text2text-generation", tags=_S2S_TAGS),
)


@hookimpl
def hf_tornado_register_tasks() -> list[Task]:
    return [
        LazyTask("summarization", "hf_tornado.builtin_tasks.text2text_tasks:Summarization"),
        LazyTask("translation", "hf_tornado.builtin_tasks.text2text_tasks:Translation"),
        LazyTask("text2text-generation", "hf_tornado.builtin_tasks.text2text_tasks:Text2TextGeneration"),
    ]


@hookimpl
def hf_tornado_register_models() -> list[ModelCard]:
    return list(CARDS)
