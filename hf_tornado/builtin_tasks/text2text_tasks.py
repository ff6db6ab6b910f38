"""The tasks of the built-in plugin ``text2text`` (registered by ``text2text.py``): summarization,
translation and text2text-generation.

- summarization is extractive: the input's most central sentences, squeezed to about 40% of the
  input's words (never as long as the input), in the input's own words and order;
- translation maps each word into the target language (``synth.languages``): the target comes
  from ``tgt_lang``, else from the model id (`opus-mt-en-fr` -> French), so it changes with both;
- text2text-generation answers seeded prose.
All three answer lists, one object per input (WIRE.md 3.2).
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any

from hf_tornado import errors
from hf_tornado.catalog import ModelCard
from hf_tornado.synth.languages import language_code, translate
from hf_tornado.synth.lexicon import STOP_WORDS, content_words
from hf_tornado.synth.seed import rng
from hf_tornado.synth.text import prose, tokenize
from hf_tornado.tasks import InferenceRequest, Task


_SENTENCE = re.compile(r"[^.!?]+[.!?]*")
_OPUS = re.compile(r"opus-mt-(?:tc-big-)?([a-z]+)-([a-z]+)", re.I)
DEFAULT_TARGET = "fr"


def text_inputs(request: InferenceRequest) -> tuple[list[str], bool]:
    """(texts, was_a_list). Empty text is refused like the pipelines do."""
    inputs = request.require_inputs()
    single = isinstance(inputs, str)
    texts = [inputs] if single else inputs
    if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
        raise errors.invalid_field("inputs", "input should be a string or a non-empty list of strings")
    if not all(t.strip() for t in texts):
        raise errors.bad_request("`inputs` cannot be empty")
    return texts, not single


def _length_limit(request: InferenceRequest, name: str) -> int | None:
    generate = request.param("generate_parameters") or {}
    value = request.param(name)
    if value is None and isinstance(generate, dict):
        value = generate.get(name) if name != "max_length" else generate.get("max_length", generate.get("max_new_tokens"))
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 1:
        raise errors.bad_request(f"`{name}` must be a strictly positive integer, got {value!r}")
    return int(value)


def summarize(card: ModelCard, text: str, *, min_words: int | None = None, max_words: int | None = None) -> str:
    words_in = re.findall(r"\S+", text)
    frequencies = Counter(content_words(text))
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    ranked = sorted(
        range(len(sentences)),
        key=lambda i: (-sum(frequencies[w] for w in content_words(sentences[i])) / (1 + len(sentences[i].split()) ** 0.5), i),
    )
    keep = sorted(ranked[: int(card.extra.get("sentences", max(1, len(sentences) // 3)))])
    words = [w for i in keep for w in sentences[i].split()]
    target = max(1, round(len(words_in) * 0.4))
    if min_words:
        target = max(target, min_words)
    if max_words:
        target = min(target, max_words)
    target = min(target, max(1, len(words_in) - 1))
    if len(words) > target:
        # Squeeze: drop function words first (not the opening word), then cut.
        squeezed = words[:1] + [w for w in words[1:] if re.sub(r"\W", "", w.lower()) not in STOP_WORDS]
        words = (squeezed if len(squeezed) >= min(target, len(words)) else words)[:target]
    elif len(words) < target:
        extra = [w for w in words_in if w not in words]
        words = words + extra[: target - len(words)]
    summary = " ".join(words).rstrip(",;:")
    summary = summary[:1].upper() + summary[1:]
    return summary if summary.endswith((".", "!", "?")) or len(words_in) <= 1 else summary.rstrip(".!?") + "."


class Summarization(Task):
    name = "summarization"

    def run(self, request: InferenceRequest) -> Any:
        texts, _ = text_inputs(request)
        min_words = _length_limit(request, "min_length")
        max_words = _length_limit(request, "max_length")
        return [{"summary_text": summarize(request.card, t, min_words=min_words, max_words=max_words)} for t in texts]


def target_language(request: InferenceRequest) -> str:
    tgt = request.param("tgt_lang")
    if tgt is not None:
        if not isinstance(tgt, str) or not tgt.strip():
            raise errors.invalid_field("parameters.tgt_lang", "input should be a non-empty string")
        return language_code(tgt)
    if request.card.extra.get("target"):
        return str(request.card.extra["target"])
    match = _OPUS.search(request.model)
    if match:
        return language_code(match.group(2))
    return DEFAULT_TARGET


class Translation(Task):
    name = "translation"

    def run(self, request: InferenceRequest) -> Any:
        texts, _ = text_inputs(request)
        src, tgt = request.param("src_lang"), request.param("tgt_lang")
        if (src is None) != (tgt is None) and request.card.extra.get("needs_languages"):
            raise errors.bad_request("Translation requires a `src_lang` and a `tgt_lang` for this model")
        language = target_language(request)
        return [{"translation_text": translate(language, t)} for t in texts]


class Text2TextGeneration(Task):
    name = "text2text-generation"

    def run(self, request: InferenceRequest) -> Any:
        texts, _ = text_inputs(request)
        limit = _length_limit(request, "max_new_tokens") or _length_limit(request, "max_length")
        out = []
        for text in texts:
            stream = rng(request.model, "text2text-generation", text)
            answer = prose(stream, stream.randint(2, 12))
            if limit is not None:
                answer = "".join(tokenize(answer)[:limit])
            out.append({"generated_text": answer})
        return out
