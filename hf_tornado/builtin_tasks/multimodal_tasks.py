"""The tasks of the built-in plugin ``multimodal`` (registered by ``multimodal.py``):
visual-question-answering and document-question-answering.

VQA answers fit the question's kind (yes/no, a count, a colour, a thing). Document QA reads the
words of the document (the client's ``word_boxes`` when given, else a seeded invoice-like page,
as OCR would) and answers one of them, with ``start``/``end`` as word indices (WIRE.md 3.3).
"""
from __future__ import annotations

import re
from typing import Any

from hf_tornado import errors
from hf_tornado.synth import scores
from hf_tornado.synth.seed import rng
from hf_tornado.tasks import InferenceRequest, Task

from . import media_labels as L
from .media_inputs import image_of


def question_of(request: InferenceRequest) -> str:
    inputs = request.inputs
    value = inputs.get("question") if isinstance(inputs, dict) else None
    field = "inputs.question"
    if value is None and "question" in request.body:
        value, field = request.body["question"], "question"
    if value is None:
        raise errors.missing_field("inputs.question")
    if not isinstance(value, str) or not value.strip():
        raise errors.invalid_field(field, "input should be a non-empty string")
    return value


def _answers_for(question: str) -> tuple[str, ...]:
    q = question.lower().strip()
    if re.match(r"(is|are|was|were|does|do|did|can|could|has|have|will|should)\b", q):
        return ("yes", "no")
    if q.startswith("how many"):
        return tuple(str(n) for n in range(0, 11))
    if "color" in q or "colour" in q:
        return L.COLORS
    if q.startswith("where"):
        return L.VQA_PLACES
    return L.VQA_OBJECTS


class VisualQuestionAnswering(Task):
    name = "visual-question-answering"

    def run(self, request: InferenceRequest) -> Any:
        question = question_of(request)
        data, _ = image_of(request)
        k = scores.top_k(request.param("top_k"), default=5)
        answers = list(_answers_for(question))
        stream = rng(request.model, self.name, data, question)
        stream.shuffle(answers)
        # VQA heads are multi-label (sigmoid): descending, and not summing past 1.
        probabilities = scores.descending_probabilities(stream, len(answers), mass=stream.uniform(0.85, 0.99))
        return [{"score": scores.round_score(p), "answer": a} for a, p in zip(answers, probabilities)][:k]


_FIELDS = (
    (r"invoice|number|no\b|id\b", "invoice_no"),
    (r"date|when", "date"),
    (r"total|amount|due|price|cost|pay", "total"),
    (r"who|name|company|vendor|from|bill", "vendor"),
)


def document_words(stream: Any) -> tuple[list[str], dict[str, int]]:
    """An invoice-like page of words, and where its fields' values sit."""
    invoice_no = f"us-{stream.randint(1, 999):03d}"
    date = f"{stream.randint(2015, 2025)}-{stream.randint(1, 12):02d}-{stream.randint(1, 28):02d}"
    total = f"${stream.randint(10, 9999)}.{stream.randint(0, 99):02d}"
    vendor = stream.choice(("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark"))
    words = ["Invoice", vendor, "Corp", "Invoice", "number", invoice_no, "Date", date, "Bill", "to", "John", "Smith",
             "Description", "Qty", "Amount", "Consulting", "services", "1", total, "Total", total]
    return words, {"invoice_no": 5, "date": 7, "total": 20, "vendor": 1}


def _given_words(word_boxes: Any) -> list[str] | None:
    """Words from `word_boxes`: items are a word, or [word, [x0, y0, x1, y1]]; bare boxes skipped."""
    if word_boxes is None:
        return None
    if not isinstance(word_boxes, list):
        raise errors.bad_request("`word_boxes` must be a list of words or [word, box] pairs")
    words = []
    for item in word_boxes:
        if isinstance(item, str):
            words.append(item)
        elif isinstance(item, list) and item and isinstance(item[0], str):
            words.append(item[0])
    return words or None


class DocumentQuestionAnswering(Task):
    name = "document-question-answering"

    def run(self, request: InferenceRequest) -> Any:
        question = question_of(request)
        data, _ = image_of(request)
        k = scores.top_k(request.param("top_k"), default=1)
        stream = rng(request.model, self.name, data, question)
        words = _given_words(request.param("word_boxes"))
        if words is None:
            words, fields = document_words(rng(request.model, "document", data))
            best = next((fields[f] for pattern, f in _FIELDS if re.search(pattern, question.lower())), None)
        else:
            best = None
        order = list(range(len(words)))
        stream.shuffle(order)
        if best is not None:
            order.remove(best)
            order.insert(0, best)
        probabilities = scores.descending_probabilities(stream, len(order), mass=stream.uniform(0.9, 0.999))
        if request.card.extra.get("ocr_free"):
            return [{"answer": words[order[0]]}]
        return [
            {"score": scores.round_score(p), "answer": words[i], "start": i, "end": i}
            for i, p in zip(order, probabilities)
        ][:k]
