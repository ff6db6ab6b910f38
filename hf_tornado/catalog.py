"""Known models: what the real Hub says of them, as far as the answers depend on it.

A ``ModelCard`` holds the pipeline tag, label set, embedding size, mask token and context size
of one model. Cards come from the ``hf_tornado_register_models`` hook (the built-in list below is
registered like any plugin's). Unknown ids get a card from the name rules.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Iterator, Mapping

DEFAULT_EMBEDDING_DIM = 384


@dataclass(frozen=True)
class ModelCard:
    id: str
    task: str
    labels: tuple[str, ...] = ()
    embedding_dim: int = DEFAULT_EMBEDDING_DIM
    token_level: bool = False  # feature-extraction answers per-token vectors
    mask_token: str = "[MASK]"
    max_input_tokens: int = 8191
    max_total_tokens: int = 8192
    tags: tuple[str, ...] = ()
    library: str = "transformers"
    known: bool = True  # False for cards made up from name rules
    extra: Mapping[str, Any] = field(default_factory=dict)

    def with_task(self, task: str) -> "ModelCard":
        return self if task == self.task else replace(self, task=task)


def _card(model_id: str, task: str, **kw: Any) -> ModelCard:
    return ModelCard(id=model_id, task=task, **kw)


_CHAT_TAGS = ("conversational", "text-generation-inference", "endpoints_compatible")
_ST_TAGS = ("sentence-transformers", "feature-extraction", "sentence-similarity", "endpoints_compatible")

BUILTIN_MODELS: tuple[ModelCard, ...] = (
    _card("meta-llama/Llama-3.1-8B-Instruct", "text-generation", max_input_tokens=131071, max_total_tokens=131072, tags=_CHAT_TAGS),
    _card("meta-llama/Meta-Llama-3-8B-Instruct", "text-generation", tags=_CHAT_TAGS),
    _card("mistralai/Mistral-7B-Instruct-v0.2", "text-generation", max_input_tokens=32767, max_total_tokens=32768, tags=_CHAT_TAGS),
    _card("HuggingFaceH4/zephyr-7b-beta", "text-generation", tags=_CHAT_TAGS),
    _card("openai-community/gpt2", "text-generation", max_input_tokens=1023, max_total_tokens=1024, tags=("text-generation-inference",)),
    _card("gpt2", "text-generation", max_input_tokens=1023, max_total_tokens=1024, tags=("text-generation-inference",)),
    _card("sentence-transformers/all-MiniLM-L6-v2", "feature-extraction", embedding_dim=384, max_input_tokens=256, tags=_ST_TAGS, library="sentence-transformers"),
    _card("sentence-transformers/all-mpnet-base-v2", "feature-extraction", embedding_dim=768, max_input_tokens=384, tags=_ST_TAGS, library="sentence-transformers"),
    _card("sentence-transformers/distilbert-base-nli-mean-tokens", "feature-extraction", embedding_dim=768, tags=_ST_TAGS, library="sentence-transformers"),
    _card("sentence-transformers/paraphrase-xlm-r-multilingual-v1", "sentence-similarity", embedding_dim=768, tags=_ST_TAGS, library="sentence-transformers"),
    _card("BAAI/bge-small-en-v1.5", "feature-extraction", embedding_dim=384, max_input_tokens=512, tags=_ST_TAGS, library="sentence-transformers"),
    _card("BAAI/bge-base-en-v1.5", "feature-extraction", embedding_dim=768, max_input_tokens=512, tags=_ST_TAGS, library="sentence-transformers"),
    _card("BAAI/bge-large-en-v1.5", "feature-extraction", embedding_dim=1024, max_input_tokens=512, tags=_ST_TAGS, library="sentence-transformers"),
    _card("thenlper/gte-base", "feature-extraction", embedding_dim=768, max_input_tokens=512, tags=_ST_TAGS, library="sentence-transformers"),
    _card("intfloat/multilingual-e5-large", "feature-extraction", embedding_dim=1024, max_input_tokens=512, tags=_ST_TAGS, library="sentence-transformers"),
    _card("intfloat/e5-large-v2", "feature-extraction", embedding_dim=1024, max_input_tokens=512, tags=_ST_TAGS, library="sentence-transformers"),
    _card("facebook/bart-base", "feature-extraction", embedding_dim=768, token_level=True, tags=("feature-extraction",)),
)

# Name rules for ids the catalog does not know: (pattern, task). First match wins, so the more
# specific patterns come first (WIRE.md 1.6, step 5). Compiled on first use (``NAME_RULES``,
# ``compiled_name_rules()``): 18 patterns were ~2 ms of `python -m hf_tornado`'s start-up.
_NAME_RULE_SOURCES: tuple[tuple[str, str], ...] = (
    (r"^sentence-transformers/|bge|(^|[/_-])e5([/_-]|$)|gte|embed|minilm|feature", "feature-extraction"),
    (r"whisper|wav2vec2", "automatic-speech-recognition"),
    (r"stable-diffusion|flux|sdxl", "text-to-image"),
    (r"detr.*panoptic|segformer|mask2former|maskformer", "image-segmentation"),
    (r"detr|yolos", "object-detection"),
    (r"clip", "zero-shot-image-classification"),
    (r"vilt", "visual-question-answering"),
    (r"layoutlm|donut", "document-question-answering"),
    (r"blip|caption", "image-to-text"),
    (r"vit-", "image-classification"),
    (r"mnli", "zero-shot-classification"),
    (r"tapas", "table-question-answering"),
    (r"squad", "question-answering"),
    (r"(^|[/_-])ner([/_-]|$)|conll", "token-classification"),
    (r"sst-2|sentiment|emotion", "text-classification"),
    (r"opus-mt", "translation"),
    (r"bart-large-cnn|pegasus", "summarization"),
    (r"(^|[/_-])tts|vits|bark", "text-to-speech"),
)


@functools.lru_cache(maxsize=1)
def compiled_name_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The name rules, compiled once (a pure function of constants: memoised, not state)."""
    return tuple((re.compile(pattern, re.IGNORECASE), task) for pattern, task in _NAME_RULE_SOURCES)


def __getattr__(name: str) -> Any:
    # `NAME_RULES` is still a module attribute, compiled on first access.
    if name == "NAME_RULES":
        return compiled_name_rules()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


DEFAULT_TASK = "text-generation"


class Catalog:
    """The merged model cards of every plugin, and the name rules for the rest."""

    def __init__(
        self,
        cards: Iterable[ModelCard],
        name_rules: Iterable[tuple[re.Pattern[str], str]] | None = None,
        *,
        max_total_tokens: int = 0,
    ) -> None:
        # The server's cap on a generation's context (Config.max_total_tokens, 0 = none): applied
        # to every card handed out, so validation and every info route see the same numbers.
        self.max_total_tokens = max_total_tokens
        self._cards: dict[str, ModelCard] = {}
        for card in cards:
            self._cards[card.id] = self.within_limits(card)
        self._name_rules = None if name_rules is None else tuple(name_rules)  # None: NAME_RULES

    def within_limits(self, card: ModelCard) -> ModelCard:
        """``card`` with a text-generation context no larger than the server's cap: TGI's
        ``max_total_tokens`` and ``max_input_tokens`` (at most one less, as TGI's launcher
        requires). Other tasks' token limits (TEI's ``max_input_length``) are left alone."""
        cap = self.max_total_tokens
        if cap <= 0 or card.task != "text-generation" or card.max_total_tokens <= cap:
            return card
        return replace(card, max_total_tokens=cap, max_input_tokens=min(card.max_input_tokens, cap - 1))

    def __contains__(self, model_id: str) -> bool:
        return model_id in self._cards

    def __iter__(self) -> Iterator[ModelCard]:
        return iter(self._cards.values())

    def get(self, model_id: str) -> ModelCard | None:
        return self._cards.get(model_id)

    def task_by_name(self, model_id: str) -> str | None:
        rules = compiled_name_rules() if self._name_rules is None else self._name_rules
        for pattern, task in rules:
            if pattern.search(model_id):
                return task
        return None

    def card(self, model_id: str, task: str | None = None) -> ModelCard:
        """The card of ``model_id``, or one made up from the name rules, with ``task`` forced."""
        found = self._cards.get(model_id)
        if found is None:
            found = ModelCard(id=model_id, task=self.task_by_name(model_id) or DEFAULT_TASK, known=False)
        if task:
            found = found.with_task(task)
        return self.within_limits(found) if self.max_total_tokens > 0 else found
