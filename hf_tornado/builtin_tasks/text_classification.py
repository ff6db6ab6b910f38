"""Built-in plugin: text-classification, zero-shot-classification.

It registers its model cards and tasks; how the tasks answer is in ``text_classification_tasks.py``,
imported on the first run of one of them (``lazy.LazyTask``), so start-up does not pay for
it (docs/performance.md).
"""
from __future__ import annotations

from typing import Any

from hf_tornado.catalog import ModelCard
from hf_tornado.hookspecs import hookimpl
from hf_tornado.tasks import Task

from .lazy import LazyTask

SST2 = ("NEGATIVE", "POSITIVE")
EMOTIONS = ("anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise")
GO_EMOTIONS = (
    "admiration", "amusement", "anger", "annoyance", "approval", "caring", "confusion", "curiosity",
    "desire", "disappointment", "disapproval", "disgust", "embarrassment", "excitement", "fear",
    "gratitude", "grief", "joy", "love", "nervousness", "optimism", "pride", "realization", "relief",
    "remorse", "sadness", "surprise", "neutral",
)
LANGUAGES = tuple("ar bg de el en es fr hi it ja nl pl pt ru sw th tr ur vi zh".split())
_TC_TAGS = ("text-classification", "endpoints_compatible")


def _tc(model_id: str, labels: tuple[str, ...], **extra: Any) -> ModelCard:
    return ModelCard(id=model_id, task="text-classification", labels=labels, tags=_TC_TAGS, extra=extra)


CARDS: tuple[ModelCard, ...] = (
    _tc("distilbert/distilbert-base-uncased-finetuned-sst-2-english", SST2),
    _tc("distilbert-base-uncased-finetuned-sst-2-english", SST2),
    _tc("cardiffnlp/twitter-roberta-base-sentiment-latest", ("negative", "neutral", "positive")),
    _tc("ProsusAI/finbert", ("positive", "negative", "neutral")),
    _tc("nlptown/bert-base-multilingual-uncased-sentiment", ("1 star", "2 stars", "3 stars", "4 stars", "5 stars")),
    _tc("j-hartmann/emotion-english-distilroberta-base", EMOTIONS),
    _tc("SamLowe/roberta-base-go_emotions", GO_EMOTIONS, multi_label=True),
    # (The example plugin hf-tornado-langid claims papluca's id for its own task when installed.)
    _tc("papluca/xlm-roberta-base-language-detection", LANGUAGES),
    _tc("eleldar/language-detection", LANGUAGES),
    _tc("meta-llama/Prompt-Guard-86M", ("BENIGN", "INJECTION", "JAILBREAK")),
    _tc("cross-encoder/ms-marco-MiniLM-L-6-v2", ("LABEL_0",)),
    ModelCard(id="facebook/bart-large-mnli", task="zero-shot-classification", labels=("contradiction", "neutral", "entailment"), tags=("zero-shot-classification",)),
    ModelCard(id="MoritzLaurer/ModernBERT-large-zeroshot-v2.0", task="zero-shot-classification", labels=("entailment", "not_entailment"), tags=("zero-shot-classification",)),
    ModelCard(id="knowledgator/gliclass-modern-base-v2.0-init", task="zero-shot-classification", labels=("entailment", "not_entailment"), tags=("zero-shot-classification",)),
    ModelCard(id="MoritzLaurer/DeBERTa-v3-base-mnli-fever-anli", task="zero-shot-classification", labels=("entailment", "neutral", "contradiction"), tags=("zero-shot-classification",)),
)


@hookimpl
def hf_tornado_register_tasks() -> list[Task]:
    return [
        LazyTask("text-classification", "hf_tornado.builtin_tasks.text_classification_tasks:TextClassification"),
        LazyTask("zero-shot-classification", "hf_tornado.builtin_tasks.text_classification_tasks:ZeroShotClassification"),
    ]


@hookimpl
def hf_tornado_register_models() -> list[ModelCard]:
    return list(CARDS)
