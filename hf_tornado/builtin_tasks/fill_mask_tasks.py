"""The tasks of the built-in plugin ``fill_mask`` (registered by ``fill_mask.py``): fill-mask.

The input must carry the model's own mask token (``[MASK]`` for BERT-likes, ``<mask>`` for
RoBERTa-likes; from the catalog, or the id for unknown models), else a 400 with transformers'
message. Each candidate is a word with a stable token id; ``sequence`` is the input with that
word in place of the mask (WIRE.md 3.2, 9.6). ``top_k`` defaults to 5; ``targets`` restricts the
candidates. Several masks answer one list per mask, as transformers does.
"""
from __future__ import annotations

import re
from typing import Any

from hf_tornado import errors
from hf_tornado.catalog import ModelCard
from hf_tornado.synth.scores import descending_probabilities, round_score, top_k
from hf_tornado.synth.seed import rng
from hf_tornado.synth.text import count_tokens, token_id
from hf_tornado.tasks import InferenceRequest, Task, per_text

from .fill_mask import BERT_MASK, ROBERTA_MASK

_ROBERTA_LIKE = re.compile(r"roberta|bart|camembert|longformer|xlm-r|mpnet", re.I)


# Words a masked slot plausibly takes: nouns after a determiner, describing words after a verb
# like "is", either elsewhere.
_NOUNS = tuple(
    "world city way time day life work home people family house country school water music story "
    "idea place team game book river garden morning light road market model answer question".split()
)
_ADJECTIVES = tuple(
    "good great new small large important beautiful simple clear different possible open free "
    "famous popular ready true happy strong old young".split()
)
_DETERMINERS = frozenset("the a an this that his her their its our my your one every each".split())
_LINKS = frozenset("is are was were be been very so too quite".split())


def _pool(text: str, position: int) -> tuple[str, ...]:
    before = re.findall(r"\w+", text[:position].lower())[-1:]
    if before and before[0] in _DETERMINERS:
        return _NOUNS
    if before and before[0] in _LINKS:
        return _ADJECTIVES
    return _NOUNS + _ADJECTIVES


def mask_token_of(card: ModelCard) -> str:
    if card.known:
        return card.mask_token
    return ROBERTA_MASK if _ROBERTA_LIKE.search(card.id) else BERT_MASK


def max_length_of(card: ModelCard) -> int:
    """The encoder's position limit: 512 for BERT and RoBERTa families, 8192 for ModernBERT."""
    return 8192 if "modernbert" in card.id.lower() else 512


def _check_length(card: ModelCard, text: str, mask: str) -> None:
    # The pipeline does not truncate: a longer input overruns the position embeddings and the
    # real service answers an error instead (and each mask's answer repeats the whole input, so
    # thousands of masks would otherwise make a response of hundreds of megabytes).
    tokens = count_tokens(text.replace(mask, "_")) + 2  # the mask is one token; [CLS] ... [SEP]
    limit = max_length_of(card)
    if tokens > limit:
        raise errors.bad_request(
            f"Token indices sequence length is longer than the specified maximum sequence length for this model ({tokens} > {limit})"
        )


def _targets(value: Any) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(t, str) and t.strip() for t in value):
        raise errors.invalid_field("parameters.targets", "input should be a non-empty list of strings")
    return list(dict.fromkeys(t.strip() for t in value))


def fill(card: ModelCard, text: str, *, k: int, targets: list[str] | None) -> list[dict[str, Any]] | list[list[dict[str, Any]]]:
    mask = mask_token_of(card)
    positions = [m.start() for m in re.finditer(re.escape(mask), text)]
    if not positions:
        raise errors.bad_request(f"No mask_token ({mask}) found on the input")
    _check_length(card, text, mask)
    uncased = bool(card.extra.get("uncased"))
    answers = []
    for index, position in enumerate(positions):
        stream = rng(card.id, "fill-mask", text, index, targets)
        if targets is not None:
            words = list(targets)
            stream.shuffle(words)
        else:
            pool = _pool(text, position)
            words = stream.sample(pool, min(len(pool), k))
        words = words[:k]
        if uncased:
            words = [w.lower() for w in words]
        probabilities = descending_probabilities(stream, len(words), mass=stream.uniform(0.35, 0.95))
        answers.append([
            {
                "score": round_score(p),
                "token": token_id(word),
                "token_str": word,
                "sequence": text[:position] + word + text[position + len(mask):],
            }
            for word, p in zip(words, probabilities)
        ])
    return answers[0] if len(answers) == 1 else answers


class FillMask(Task):
    name = "fill-mask"

    def run(self, request: InferenceRequest) -> Any:
        inputs = request.require_inputs()
        k = top_k(request.param("top_k"), default=5)
        targets = _targets(request.param("targets"))
        return per_text(inputs, lambda text: fill(request.card, text, k=k, targets=targets))
