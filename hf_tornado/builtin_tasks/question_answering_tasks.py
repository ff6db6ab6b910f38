"""The tasks of the built-in plugin ``question_answering`` (registered by
``question_answering.py``): question-answering (extractive) and table-question-answering.

Extractive QA answers a real span of the context (``answer == context[start:end]``, WIRE.md 9.6):
the sentence sharing most words with the question, and in it the name, number or word the
question asks for. Table QA picks the column the query names and the rows whose cells it
mentions, with TAPAS' aggregators (``COUNT``, ``SUM``, ``AVERAGE``) when the query asks for one
and ``NONE`` otherwise; ``answer`` is the cells joined by ", " (WIRE.md 3.2).
"""
from __future__ import annotations

import re
from typing import Any

from hf_tornado import errors
from hf_tornado.synth.lexicon import STOP_WORDS, content_words, stem
from hf_tornado.synth.scores import descending_probabilities, round_score, top_k
from hf_tornado.synth.seed import rng
from hf_tornado.tasks import InferenceRequest, Task


_SENTENCE = re.compile(r"[^.!?]+[.!?]?")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_CAPITAL_RUN = re.compile(r"[A-Z][\w'-]*(?: [A-Z][\w'-]*)*")
_WORD_RUN = re.compile(r"\w[\w'-]*")
_NAME = re.compile(r"[A-Z][\w'-]*(?: [A-Z][\w'-]*)+")
_WHO = re.compile(r"\bwho(m|se)?\b", re.I)
_NUMERIC_QUESTION = re.compile(r"\b(when|how many|how much|how long|how old|what year|which year)\b", re.I)


def _question_stems(question: str) -> set[str]:
    return {stem(w) for w in content_words(question)}


def _is_asked(word: str, asked: set[str]) -> bool:
    bare = re.sub(r"\W", "", word)
    return not bare or stem(bare) in asked or bare.lower() in STOP_WORDS


def _all_asked(text: str, asked: set[str]) -> bool:
    return all(_is_asked(w, asked) for w in text.split(" "))


def candidate_spans(question: str, context: str, max_words: int, limit: int) -> list[tuple[int, int]]:
    """Answer spans, most likely first: in the sentences sharing most question words, numbers
    (for when/how many) or names, then other content words the question does not repeat."""
    asked = _question_stems(question)
    numeric = bool(_NUMERIC_QUESTION.search(question))
    sentences = [(m.start(), m.group(0)) for m in _SENTENCE.finditer(context) if m.group(0).strip()]
    wanted = _NUMBER if numeric else _NAME if _WHO.search(question) else None

    def relevance(sentence: str) -> float:
        overlap = sum(1 for w in content_words(sentence) if stem(w) in asked)
        has_wanted = wanted is not None and any(
            not _all_asked(m.group(0), asked) for m in wanted.finditer(sentence)
        )
        return overlap + (0.5 if has_wanted else 0.0)

    ranked = sorted(sentences, key=lambda s: (-relevance(s[1]), s[0]))
    spans: list[tuple[int, int]] = []
    for offset, sentence in ranked:
        if len(spans) >= limit:
            break
        kinds = (_NUMBER, _CAPITAL_RUN) if numeric else (_CAPITAL_RUN, _NUMBER)
        for pattern in (*kinds, _WORD_RUN):
            for m in pattern.finditer(sentence):
                words = m.group(0).split(" ")
                # Trim the words the question already says ("The Eiffel Tower" -> "Eiffel").
                lead = 0
                while lead < len(words) and _is_asked(words[lead], asked):
                    lead += 1
                words = words[lead:]
                while words and _is_asked(words[-1], asked):
                    words.pop()
                if not words:
                    continue
                words = words[:max_words]
                start = offset + m.start() + sum(len(w) + 1 for w in m.group(0).split(" ")[:lead])
                span = (start, start + len(" ".join(words)))
                if span not in spans:
                    spans.append(span)
    if not spans:  # Every word was a question word or a stop word: answer the first word.
        first = _WORD_RUN.search(context)
        spans.append((first.start(), first.end()) if first else (0, len(context)))
    return spans


def answer(model: str, question: str, context: str, *, k: int, max_words: int) -> list[dict[str, Any]]:
    spans = candidate_spans(question, context, max_words, k)[:k]
    stream = rng(model, "question-answering", question, context)
    probabilities = descending_probabilities(stream, len(spans), mass=stream.uniform(0.55, 0.98))
    return [
        {"score": round_score(p), "start": start, "end": end, "answer": context[start:end]}
        for (start, end), p in zip(spans, probabilities)
    ]


def _required_string(inputs: dict[str, Any], key: str) -> str:
    value = inputs.get(key)
    if value is None:
        raise errors.missing_field(f"inputs.{key}")
    if not isinstance(value, str):
        raise errors.invalid_field(f"inputs.{key}", "input should be a valid string")
    if not value.strip():
        raise errors.bad_request(f"`{key}` cannot be empty")
    return value


class QuestionAnswering(Task):
    name = "question-answering"

    def run(self, request: InferenceRequest) -> Any:
        inputs = request.require_inputs()
        if not isinstance(inputs, dict):
            raise errors.invalid_field("inputs", "input should be an object with `question` and `context`")
        question = _required_string(inputs, "question")
        context = _required_string(inputs, "context")
        k = top_k(request.param("top_k"), default=1)
        max_words = top_k(request.param("max_answer_len"), default=15, name="max_answer_len")
        results = answer(request.model, question, context, k=k, max_words=max_words)
        return results[0] if k == 1 else results


_AGGREGATORS = (
    (re.compile(r"\baverage\b|\bmean\b", re.I), "AVERAGE"),
    (re.compile(r"\btotal\b|\bsum\b|\baltogether\b", re.I), "SUM"),
    (re.compile(r"\bhow many\b|\bnumber of\b|\bcount\b", re.I), "COUNT"),
)


def read_table(value: Any, field_path: str) -> dict[str, list[str]]:
    """A ``{column: [cells]}`` table with columns of equal length; cells become strings."""
    if value is None:
        raise errors.missing_field(field_path)
    if not isinstance(value, dict) or not value:
        raise errors.invalid_field(field_path, "input should be a non-empty object of columns")
    table: dict[str, list[str]] = {}
    for column, cells in value.items():
        if not isinstance(cells, list):
            raise errors.invalid_field(f"{field_path}.{column}", "input should be a list of cells")
        table[str(column)] = ["" if c is None else c if isinstance(c, str) else str(c) for c in cells]
    lengths = {len(cells) for cells in table.values()}
    if len(lengths) > 1:
        detail = ", ".join(f"{column!r}: {len(cells)}" for column, cells in table.items())
        raise errors.bad_request(f"All columns of the table must have the same length (got {detail})")
    if lengths == {0}:
        raise errors.bad_request("The table has no rows")
    return table


def table_answer(model: str, query: str, table: dict[str, list[str]]) -> dict[str, Any]:
    columns = list(table)
    rows = len(table[columns[0]])
    asked = _question_stems(query)
    query_lower = query.lower()
    aggregator = next((name for pattern, name in _AGGREGATORS if pattern.search(query)), "NONE")
    stream = rng(model, "table-question-answering", query, table)

    named = [i for i, c in enumerate(columns) if any(stem(w) in asked for w in re.findall(r"\w+", c))]
    mentioned_rows = [
        r for r in range(rows)
        if any(cell.strip() and cell.lower() in query_lower for cell in (table[c][r] for c in columns))
    ]
    # The answer column is one the query names but does not filter on.
    filter_columns = {i for i, c in enumerate(columns) for r in mentioned_rows if table[c][r].lower() in query_lower}
    answer_columns = [i for i in named if i not in filter_columns] or named or [stream.randrange(len(columns))]
    if aggregator in ("SUM", "AVERAGE"):
        numeric = [i for i in answer_columns if all(_is_number(table[columns[i]][r]) for r in range(rows))]
        answer_columns = numeric or answer_columns
    column = answer_columns[0]
    if aggregator == "COUNT" and mentioned_rows and column in named:
        # "How many stars does X have?" reads a cell of X's row; nothing to count.
        aggregator = "NONE"
    if aggregator == "NONE":
        chosen = mentioned_rows[:1] or [stream.randrange(rows)]
    else:
        chosen = mentioned_rows or list(range(rows))
    cells = [table[columns[column]][r] for r in chosen]
    joined = ", ".join(cells)
    return {
        "answer": joined if aggregator == "NONE" else f"{aggregator} > {joined}",
        "coordinates": [[r, column] for r in chosen],
        "cells": cells,
        "aggregator": aggregator,
    }


def _is_number(cell: str) -> bool:
    try:
        float(cell.replace(",", ""))
    except ValueError:
        return False
    return True


class TableQuestionAnswering(Task):
    name = "table-question-answering"

    def run(self, request: InferenceRequest) -> Any:
        inputs = request.require_inputs()
        if not isinstance(inputs, dict):
            raise errors.invalid_field("inputs", "input should be an object with `query` and `table`")
        key = "query" if "query" in inputs or "question" not in inputs else "question"
        query = _required_string(inputs, key)
        table = read_table(inputs.get("table"), "inputs.table")
        return table_answer(request.model, query, table)
