"""Text Embeddings Inference (TEI 1.9.x): the pure parts of its dialect (WIRE.md section 8).

Model kinds, the `/info` document, TEI's tokenizer view (`/tokenize`, `/decode`, token limits and
truncation) and TEI's errors. Nothing here knows of HTTP; ``handlers/tei.py`` serves it.

Errors follow the TEI router: ``{"error", "error_type"}`` with PascalCase types; `Empty` 400,
`Validation` 422 (413 before 1.9.0), `Backend` 424; framework (axum) errors are ``text/plain``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .. import errors
from ..builtin_tasks.feature_extraction_tasks import prompts_of
from ..catalog import ModelCard
from ..synth.text import WORDS, token_id, tokenize
from .axum import end_position

VERSION = "1.9.3"
MAX_CLIENT_BATCH_SIZE = 32
MAX_BATCH_TOKENS = 16384
MAX_CONCURRENT_REQUESTS = 512
# TEI's `--payload-limit` default, in bytes.
PAYLOAD_LIMIT = 2_000_000
# The character limit of one input is max_input_length times this (TEI's MAX_CHAR_MULTIPLIER).
MAX_CHAR_MULTIPLIER = 250
# max_input_length when the catalog knows no real value (BERT-sized models).
DEFAULT_MAX_INPUT_LENGTH = 512

EMBEDDING_TASKS = ("feature-extraction", "sentence-similarity")
_CARD_DEFAULT_MAX_INPUT_TOKENS = ModelCard.__dataclass_fields__["max_input_tokens"].default


# --- errors --------------------------------------------------------------------------------
# error_type is set too, PascalCase as TEI sends it, so that a TGI-dialect handler (`POST /tokenize`
# dispatching to tei_tokenize) renders the same body.

def empty(message: str) -> errors.ServiceError:
    return errors.ServiceError(400, message, tei_type="Empty", error_type="Empty")


def validation(message: str) -> errors.ServiceError:
    """A router-level check (batch size): the message as is."""
    return errors.ServiceError(422, message, tei_type="Validation", error_type="Validation")


def input_validation(message: str) -> errors.ServiceError:
    """A check made by TEI's core (tokenizer, dimensions): `Input validation error: ` + message."""
    return validation(f"Input validation error: {message}")


def backend(message: str) -> errors.ServiceError:
    return errors.ServiceError(424, f"Backend error: {message}", tei_type="Backend", error_type="Backend")


def deserialize(message: str, raw: bytes) -> errors.ServiceError:
    """axum's Json extractor: 422 text/plain. serde reports the position where it gave up; the
    fake reports the end of the body (where a missing field is noticed)."""
    return errors.ServiceError(
        422, f"Failed to deserialize the JSON body into the target type: {message} at {end_position(raw)}", plain_text=True
    )


# --- model kinds ---------------------------------------------------------------------------

def model_kind(card: ModelCard) -> str:
    """`embedding`, `splade`, `classifier` or `reranker`, as TEI reads a model's config.

    A sequence-classification model with one label is a re-ranker (a cross-encoder); more labels
    make a classifier. Everything else TEI serves is an embedding model.
    """
    if card.task in EMBEDDING_TASKS:
        return "splade" if pooling(card) == "splade" else "embedding"
    if card.task == "text-classification":
        return "reranker" if len(classifier_labels(card)) == 1 else "classifier"
    return "embedding"


def pooling(card: ModelCard) -> str:
    """The model's pooling (1_Pooling/config.json): a card's own, else BGE's CLS, else mean."""
    explicit = card.extra.get("pooling") if card.extra else None
    if isinstance(explicit, str):
        return explicit
    if re.search(r"splade", card.id, re.I):
        return "splade"
    if re.search(r"qwen|mistral|gemma|llama", card.id, re.I):
        return "last_token"  # decoder-based embedders (gte-Qwen, e5-mistral, ...)
    return "cls" if re.search(r"bge|mxbai-embed|gte-large-en-v1\.5|snowflake-arctic-embed", card.id, re.I) else "mean"


def classifier_labels(card: ModelCard) -> tuple[str, ...]:
    """The label set the text-classification task answers with for this card."""
    # Imported here: the classifier's implementation (lexicon, languages, vectors) is loaded on
    # first use, not with the pipeline and TGI handlers that import this module.
    from ..builtin_tasks.text_classification_tasks import labels_of

    return tuple(labels_of(card))


def max_input_length(card: ModelCard) -> int:
    """The token limit of one input: the catalog's value for known embedding-sized models."""
    # The card's default is a generation model's context: it says nothing about an encoder.
    if card.known and card.max_input_tokens != _CARD_DEFAULT_MAX_INPUT_TOKENS:
        return card.max_input_tokens
    return DEFAULT_MAX_INPUT_LENGTH


def prompts(card: ModelCard) -> dict[str, str] | None:
    """The sentence-transformers `prompts` of the model (the feature-extraction task's own
    table, so `/embed` and the pipeline agree), or None when it defines none."""
    found = prompts_of(card)
    return dict(found) if found else None


def tei_info(card: ModelCard) -> dict[str, Any]:
    """TEI's `GET /info` for ``card`` (WIRE.md section 8)."""
    kind = model_kind(card)
    if kind in ("classifier", "reranker"):
        labels = classifier_labels(card)
        model_type: dict[str, Any] = {
            kind: {"id2label": {str(i): label for i, label in enumerate(labels)}, "label2id": {label: i for i, label in enumerate(labels)}}
        }
    else:
        model_type = {"embedding": {"pooling": pooling(card)}}
    return {
        "model_id": card.id,
        "model_sha": None,
        "model_dtype": "float16",
        "served_model_name": card.id,
        "model_type": model_type,
        "max_concurrent_requests": MAX_CONCURRENT_REQUESTS,
        "max_input_length": max_input_length(card),
        "max_batch_tokens": MAX_BATCH_TOKENS,
        "max_batch_requests": None,
        "max_client_batch_size": MAX_CLIENT_BATCH_SIZE,
        "auto_truncate": True,
        "tokenization_workers": 8,
        "version": VERSION,
        "sha": None,
        "docker_label": None,
    }


# --- the tokenizer view --------------------------------------------------------------------

@dataclass(frozen=True)
class SpecialTokens:
    first: tuple[int, str]
    last: tuple[int, str]

    @property
    def ids(self) -> frozenset[int]:
        return frozenset((self.first[0], self.last[0]))


_BERT_SPECIALS = SpecialTokens((101, "[CLS]"), (102, "[SEP]"))
_ROBERTA_SPECIALS = SpecialTokens((0, "<s>"), (2, "</s>"))
_ROBERTA_LIKE = re.compile(r"roberta|xlm-r|e5|bge-m3|mpnet|bart|reranker-v2", re.I)


def special_tokens(card: ModelCard) -> SpecialTokens:
    """[CLS]/[SEP] for BERT-like models, <s>/</s> for RoBERTa-like ones (mask token `<mask>`)."""
    if card.mask_token == "<mask>" or _ROBERTA_LIKE.search(card.id):
        return _ROBERTA_SPECIALS
    return _BERT_SPECIALS


def _stripped(token: str) -> str:
    return token.lstrip()


def encode(card: ModelCard, text: str, *, add_special_tokens: bool = True) -> list[dict[str, Any]]:
    """TEI's `SimpleToken`s of ``text``. Offsets are UTF-8 byte offsets, as TEI's are; special
    tokens have null offsets."""
    specials = special_tokens(card)
    out: list[dict[str, Any]] = []
    if add_special_tokens:
        out.append({"id": specials.first[0], "text": specials.first[1], "special": True, "start": None, "stop": None})
    position = 0
    for token in tokenize(text):
        word = _stripped(token)
        start = position + len(token[: len(token) - len(word)].encode("utf-8"))
        position += len(token.encode("utf-8"))
        if not word:
            continue  # white space only: a WordPiece tokenizer drops it
        out.append({"id": token_id(word), "text": word, "special": False, "start": start, "stop": position})
    if add_special_tokens:
        out.append({"id": specials.last[0], "text": specials.last[1], "special": True, "start": None, "stop": None})
    return out


def token_count(card: ModelCard, text: str) -> int:
    """Tokens TEI counts against max_input_length: the words plus the two special tokens."""
    return sum(1 for token in tokenize(text) if token.strip()) + 2


def truncate_text(card: ModelCard, text: str, direction: str) -> str:
    """``text`` cut to max_input_length tokens (special tokens included), from the right or the
    left, on token boundaries."""
    return truncate_words(text, max_input_length(card) - 2, direction)


def truncate_words(text: str, keep: int, direction: str) -> str:
    """``text`` cut to its first (or, for `left`, last) ``keep`` word tokens."""
    keep = max(1, keep)
    tokens = tokenize(text)
    words = [i for i, token in enumerate(tokens) if token.strip()]
    if len(words) <= keep:
        return text
    if direction == "left":
        return "".join(tokens[words[len(words) - keep]:]).lstrip()
    return "".join(tokens[: words[keep - 1] + 1])


def _vocabulary() -> dict[int, str]:
    """ids back to text for the words the fake knows (its prose vocabulary, digits, punctuation).
    Built on each call to keep no module state; decode is rare and the table is small."""
    entries = list(WORDS) + [w.capitalize() for w in WORDS] + list("0123456789.,;:!?'\"()-")
    return {token_id(word): word for word in entries}


_SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "po", "na", "li", "ro", "ta", "ve", "zu")


def _pseudo_word(token: int) -> str:
    """A stable stand-in for an id the fake cannot map back (its ids are hashes of the text)."""
    value = token
    syllables = []
    for _ in range(2 + token % 2):
        syllables.append(_SYLLABLES[value % len(_SYLLABLES)])
        value //= len(_SYLLABLES)
    return "".join(syllables)


def decode(card: ModelCard, ids: list[int], *, skip_special_tokens: bool = True) -> str:
    """TEI's `/decode` of one id sequence: words joined by spaces, no space before punctuation."""
    specials = special_tokens(card)
    names = {specials.first[0]: specials.first[1], specials.last[0]: specials.last[1]}
    vocabulary = _vocabulary()
    text = ""
    for token in ids:
        if token in names:
            if skip_special_tokens:
                continue
            word = names[token]
        else:
            word = vocabulary.get(token) or _pseudo_word(token)
        glue = "" if not text or (len(word) == 1 and not word.isalnum()) else " "
        text += glue + word
    return text


def tei_tokenize(card: ModelCard, body: Any) -> list[list[dict[str, Any]]]:
    """TEI's `POST /tokenize` answer for ``body`` (always 2-D), for the TGI surface's `/tokenize`
    too. Raises ServiceError in TEI's dialect."""
    if not isinstance(body, dict):
        raise errors.ServiceError(422, "Failed to deserialize the JSON body into the target type: invalid type, expected struct TokenizeRequest", plain_text=True)
    inputs = body.get("inputs")
    if inputs is None:
        raise errors.ServiceError(422, "Failed to deserialize the JSON body into the target type: missing field `inputs`", plain_text=True)
    texts = [inputs] if isinstance(inputs, str) else inputs
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        raise errors.ServiceError(
            422, "Failed to deserialize the JSON body into the target type: inputs: data did not match any variant of untagged enum TokenizeInput", plain_text=True
        )
    if not texts:
        raise empty("`inputs` cannot be empty")
    if len(texts) > MAX_CLIENT_BATCH_SIZE:
        raise validation(f"batch size {len(texts)} > maximum allowed batch size {MAX_CLIENT_BATCH_SIZE}")
    add_special = body.get("add_special_tokens")
    add_special = True if add_special is None else bool(add_special)
    prompt = resolve_prompt(card, body.get("prompt_name"))
    out = []
    for text in texts:
        if not text:
            raise empty("`inputs` cannot be empty")
        out.append(encode(card, prompt + text, add_special_tokens=add_special))
    return out


def resolve_prompt(card: ModelCard, prompt_name: Any) -> str:
    """The text `prompt_name` prepends; TEI's own message when the model has no such prompt."""
    if prompt_name is None:
        return ""
    known = prompts(card)
    if known is None:
        raise input_validation(
            f"`default-prompt-name` is set to `{prompt_name}` but no prompts were found in the Sentence Transformers configuration"
        )
    if prompt_name not in known:
        listing = "[" + ", ".join(f'"{name}"' for name in known) + "]"
        raise input_validation(
            f"`default-prompt-name` is set to `{prompt_name}` but it was not found in the Sentence Transformers prompts. Available prompts: {listing}"
        )
    return known[prompt_name]
