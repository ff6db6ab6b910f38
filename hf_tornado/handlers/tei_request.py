"""Reading TEI request bodies the way TEI's router (axum + serde) does.

- the body must be JSON with a JSON Content-Type (415 text/plain otherwise), valid JSON (400
  text/plain), and of the request's shape (422 text/plain ``Failed to deserialize ...``);
- unknown keys are ignored; ``null`` means "unset" (TEI's serde would refuse ``null`` for a
  plain boolean; hf-tornado takes it as the default, since several clients send nulls);
- inputs are then checked as TEI's core does: empty inputs, batch size, characters, tokens,
  truncation and prompts (``prepare_text``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import errors
from ..builtin_tasks.feature_extraction_tasks import EmbeddingOptions
from ..catalog import ModelCard
from . import axum
from . import tei_format as tei

_DIRECTIONS = {"left": "left", "Left": "left", "right": "right", "Right": "right"}


def parse_body(raw: bytes, content_type: str, struct: str) -> "Fields":
    """The JSON object of a TEI request, or the framework error axum would answer."""
    axum.require_json_content_type(content_type)
    data = axum.parse_json(raw)
    if not isinstance(data, dict):
        raise tei.deserialize(f"invalid type: {errors.serde_describe(data)}, expected struct {struct}", raw)
    return Fields(data, raw, struct)


@dataclass
class Fields:
    data: dict[str, Any]
    raw: bytes
    struct: str

    def error(self, message: str) -> errors.ServiceError:
        return tei.deserialize(message, self.raw)

    def required(self, name: str) -> Any:
        if self.data.get(name) is None:
            raise self.error(f"missing field `{name}`")
        return self.data[name]

    def flag(self, name: str, default: bool) -> bool:
        value = self.data.get(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(f"{name}: invalid type: {errors.serde_describe(value)}, expected a boolean")
        return value

    def text(self, name: str) -> str:
        value = self.required(name)
        if not isinstance(value, str):
            raise self.error(f"{name}: invalid type: {errors.serde_describe(value)}, expected a string")
        return value

    def optional_text(self, name: str) -> str | None:
        value = self.data.get(name)
        if value is not None and not isinstance(value, str):
            raise self.error(f"{name}: invalid type: {errors.serde_describe(value)}, expected a string")
        return value

    def optional_count(self, name: str) -> int | None:
        value = self.data.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(f"{name}: invalid type: {errors.serde_describe(value)}, expected usize")
        if value < 0:
            raise self.error(f"{name}: invalid value: integer `{value}`, expected usize")
        return value

    def truncation(self) -> tuple[bool, str]:
        """(truncate, direction); `truncate: null` is TEI's auto_truncate, true since 1.9."""
        truncate = self.flag("truncate", True)
        direction = self.data.get("truncation_direction")
        if direction is None:
            return truncate, "right"
        if direction not in _DIRECTIONS:
            raise self.error(
                f"truncation_direction: unknown variant `{direction}`, expected one of `Left`, `left`, `Right`, `right`"
                if isinstance(direction, str)
                else f"truncation_direction: invalid type: {errors.serde_describe(direction)}, expected a string"
            )
        return truncate, _DIRECTIONS[direction]


def embed_options(fields: Fields) -> EmbeddingOptions:
    """The embedding options of an `/embed`-like body, with serde's errors (the pipeline task
    reads the same options with its own)."""
    truncate, direction = fields.truncation()
    return EmbeddingOptions(
        normalize=fields.flag("normalize", True),
        truncate=truncate,
        direction=direction,
        prompt_name=fields.optional_text("prompt_name"),
        dimensions=fields.optional_count("dimensions"),
    )


def _is_ids(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in value)


def embed_inputs(fields: Fields, card: ModelCard) -> tuple[list[str], bool]:
    """(texts, single) of TEI's `Input`: a string, token ids, or a batch of either. Token ids are
    decoded with the fake's vocabulary and embedded as text, as TEI re-encodes them."""
    value = fields.required("inputs")
    if isinstance(value, str):
        return [value], True
    if _is_ids(value):
        return [tei.decode(card, value, skip_special_tokens=True)], True
    if isinstance(value, list):
        if not value:
            raise tei.empty("`inputs` cannot be empty")
        texts = []
        for item in value:
            if isinstance(item, str):
                texts.append(item)
            elif _is_ids(item):
                texts.append(tei.decode(card, item, skip_special_tokens=True))
            else:
                raise fields.error("inputs: data did not match any variant of untagged enum Input")
        check_batch_size(len(texts))
        return texts, False
    raise fields.error("inputs: data did not match any variant of untagged enum Input")


def predict_inputs(fields: Fields) -> tuple[list[tuple[str, str | None]], bool]:
    """(items, single) of TEI's `PredictInput`: a string, a pair `[a, b]`, or a batch whose
    items are a string, `[a]` or `[a, b]`."""
    value = fields.required("inputs")
    if isinstance(value, str):
        return [(value, None)], True
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return [(value[0], value[1])], True
    if isinstance(value, list):
        if not value:
            raise tei.empty("`inputs` cannot be empty")
        items: list[tuple[str, str | None]] = []
        for item in value:
            if isinstance(item, str):
                items.append((item, None))
            elif isinstance(item, list) and len(item) in (1, 2) and all(isinstance(v, str) for v in item):
                items.append((item[0], item[1] if len(item) == 2 else None))
            else:
                raise fields.error("inputs: data did not match any variant of untagged enum PredictInput")
        check_batch_size(len(items))
        return items, False
    raise fields.error("inputs: data did not match any variant of untagged enum PredictInput")


def check_batch_size(size: int) -> None:
    if size > tei.MAX_CLIENT_BATCH_SIZE:
        raise tei.validation(f"batch size {size} > maximum allowed batch size {tei.MAX_CLIENT_BATCH_SIZE}")


def check_characters(card: ModelCard, text: str, truncate: bool) -> str:
    """TEI refuses (or, when truncating, cuts) an input over max_input_length x 250 characters
    before tokenizing it."""
    limit = tei.max_input_length(card) * tei.MAX_CHAR_MULTIPLIER
    if len(text) <= limit:
        return text
    if not truncate:
        raise tei.input_validation(f"`inputs` must have less than {limit} characters. Given: {len(text)}")
    return text[:limit]


def prepare_text(card: ModelCard, text: str, options: EmbeddingOptions) -> str:
    """The text the model embeds: checked, prompt prepended, cut to max_input_length tokens
    (or refused when truncation is off)."""
    if not text:
        raise tei.empty("`inputs` cannot be empty")
    text = check_characters(card, text, options.truncate)
    text = tei.resolve_prompt(card, options.prompt_name) + text
    limit = tei.max_input_length(card)
    count = tei.token_count(card, text)
    if count > limit:
        if not options.truncate:
            raise tei.input_validation(f"`inputs` must have less than {limit} tokens. Given: {count}")
        text = tei.truncate_text(card, text, options.direction)
    return text


def prepare_pair(card: ModelCard, first: str, second: str, truncate: bool, direction: str) -> str:
    """The second text of a (query, text) pair, cut so the pair fits max_input_length tokens
    (`[CLS] a [SEP] b [SEP]`); refused when truncation is off."""
    if not first and not second:
        raise tei.empty("`inputs` cannot be empty")
    first = check_characters(card, first, truncate)
    second = check_characters(card, second, truncate)
    limit = tei.max_input_length(card)
    first_count = tei.token_count(card, first)
    count = first_count + tei.token_count(card, second) - 1
    if count <= limit:
        return second
    if not truncate:
        raise tei.input_validation(f"`inputs` must have less than {limit} tokens. Given: {count}")
    return tei.truncate_words(second, limit - first_count - 1, direction)
