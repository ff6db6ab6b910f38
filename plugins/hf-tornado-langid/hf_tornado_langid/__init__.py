"""An example third-party hf-tornado plugin: the `language-identification` task.

Installed as its own distribution, it is found through the `hf_tornado` entry-point group. It
uses only the public API: ``hookimpl``, ``Task``, ``ServiceError`` and the catalog's card type.

    POST /models/papluca/xlm-roberta-base-language-detection  {"inputs": "Bonjour le monde"}
    -> [[{"label": "fr", "score": 0.71}, {"label": "en", "score": 0.12}, ...]]
"""
from __future__ import annotations

import math
import re
from typing import Any

from hf_tornado import InferenceRequest, ServiceError, Task, hookimpl
from hf_tornado.catalog import ModelCard

TASK = "language-identification"
MODEL = "papluca/xlm-roberta-base-language-detection"

# A handful of frequent words per language: enough to tell them apart in tests.
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and is are of to in that it you this with for was".split()),
    "fr": frozenset("le la les et est un une des du de que qui dans pour bonjour monde".split()),
    "de": frozenset("der die das und ist ein eine nicht mit zu den von hallo welt".split()),
    "es": frozenset("el la los las y es un una de que en por para hola mundo".split()),
    "it": frozenset("il lo la gli e è un una di che non per ciao mondo".split()),
}


class LanguageIdentification(Task):
    name = TASK

    def run(self, request: InferenceRequest) -> Any:
        text = request.require_inputs()
        if not isinstance(text, str) or not text.strip():
            raise ServiceError(400, "`inputs` must be a non-empty string", as_list=True)
        words = re.findall(r"\w+", text.lower())
        logits = {lang: sum(w in vocab for w in words) + 0.1 for lang, vocab in STOPWORDS.items()}
        total = sum(math.exp(v) for v in logits.values())
        scores = sorted(({"label": k, "score": round(math.exp(v) / total, 6)} for k, v in logits.items()), key=lambda s: (-s["score"], s["label"]))
        return [scores]


@hookimpl
def hf_tornado_register_tasks() -> list[Task]:
    return [LanguageIdentification()]


@hookimpl
def hf_tornado_register_models() -> list[ModelCard]:
    return [ModelCard(id=MODEL, task=TASK, labels=tuple(STOPWORDS))]
