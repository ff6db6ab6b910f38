"""TGI's validation of generation parameters (WIRE.md 4.1), message for message.

Rule violations are 422 ``{"error": "Input validation error: ...", "error_type": "validation"}``.
A value of the wrong JSON type, or a negative number in an unsigned field, fails TGI's
deserialisation instead: 422 ``text/plain`` ``Failed to deserialize the JSON body into the target
type: ...``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hf_tornado import errors
from hf_tornado.catalog import ModelCard
from hf_tornado.synth.text import count_tokens

MAX_STOP_SEQUENCES = 4
MAX_TOP_N_TOKENS = 5
MAX_BEST_OF = 2
_U64 = 2**64 - 1

# Parameters that change what is generated; the rest (details, stream, ...) only changes how it
# is rendered, so it must not change the seed. `choice_index` is set by the OpenAI surface for
# the second and later of `n` choices.
CONTENT_PARAMETERS = (
    "seed", "temperature", "top_p", "top_k", "typical_p", "repetition_penalty", "frequency_penalty", "do_sample", "grammar", "choice_index",
)
_SAMPLING_PARAMETERS = ("temperature", "top_k", "top_p", "typical_p")


@dataclass
class GenerationParams:
    max_new_tokens: int
    stop: list[str] = field(default_factory=list)
    seed: int | None = None
    sampling: bool = False
    top_n_tokens: int = 0
    decoder_input_details: bool = False
    best_of: int = 1
    truncate: int | None = None
    grammar: dict[str, Any] | None = None
    # The parameters that shape the content, for the request's seed.
    content: dict[str, Any] = field(default_factory=dict)
    input_tokens: int = 0


def deserialize_error(path: str, detail: str) -> errors.ServiceError:
    """axum's 422 for a body of the wrong shape; ``path`` is the field's (empty for the body)."""
    where = f"{path}: " if path else ""
    return errors.ServiceError(
        422,
        f"Failed to deserialize the JSON body into the target type: {where}{detail}",
        error_type="validation",
        plain_text=True,
    )


def _unsigned(parameters: dict[str, Any], name: str, kind: str = "u32") -> int | None:
    value = parameters.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (isinstance(value, float) and not value.is_integer()):
        raise deserialize_error(f"parameters.{name}", f"invalid type: {errors.serde_describe(value)}, expected {kind}")
    if value < 0 or value > (_U64 if kind == "u64" else 2**32 - 1):
        raise deserialize_error(f"parameters.{name}", f"invalid value: {errors.serde_describe(value)}, expected {kind}")
    return int(value)


def _number(parameters: dict[str, Any], name: str) -> float | None:
    value = parameters.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise deserialize_error(f"parameters.{name}", f"invalid type: {errors.serde_describe(value)}, expected f32")
    return float(value)


def _flag(parameters: dict[str, Any], name: str) -> bool:
    value = parameters.get(name)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise deserialize_error(f"parameters.{name}", f"invalid type: {errors.serde_describe(value)}, expected a boolean")
    return value


def parse(parameters: dict[str, Any], prompt: str, card: ModelCard, *, stream: bool) -> GenerationParams:
    """The validated parameters of one generation request, in TGI's order of checks."""
    best_of = _unsigned(parameters, "best_of")
    seed = _unsigned(parameters, "seed", "u64")
    truncate = _unsigned(parameters, "truncate")
    top_n_tokens = _unsigned(parameters, "top_n_tokens")
    max_new_tokens = _unsigned(parameters, "max_new_tokens")
    temperature = _number(parameters, "temperature")
    repetition_penalty = _number(parameters, "repetition_penalty")
    frequency_penalty = _number(parameters, "frequency_penalty")
    top_p = _number(parameters, "top_p")
    typical_p = _number(parameters, "typical_p")
    top_k = _number(parameters, "top_k")
    do_sample = _flag(parameters, "do_sample")
    decoder_input_details = _flag(parameters, "decoder_input_details")
    sampling = do_sample or any(parameters.get(k) is not None for k in _SAMPLING_PARAMETERS)

    if best_of is not None:
        if best_of == 0 or best_of > MAX_BEST_OF:
            raise errors.validation(f"`best_of` must be > 0 and <= {MAX_BEST_OF}. Given: {best_of}")
        if best_of > 1:
            if not sampling:
                raise errors.validation("you must use sampling when `best_of` is > 1")
            if seed is not None:
                raise errors.validation("`seed` must not be set when `best_of` > 1")
            if stream:
                raise errors.validation("`best_of` != 1 is not supported when streaming tokens")
    if temperature is not None and temperature <= 0:
        raise errors.validation("`temperature` must be strictly positive")
    if repetition_penalty is not None and repetition_penalty <= 0:
        raise errors.validation("`repetition_penalty` must be strictly positive")
    if frequency_penalty is not None and not -2.0 <= frequency_penalty <= 2.0:
        raise errors.validation("`frequency_penalty` must be >= -2.0 and <= 2.0")
    if top_p is not None and not 0.0 < top_p < 1.0:
        raise errors.validation("`top_p` must be > 0.0 and < 1.0")
    if typical_p is not None and not 0.0 < typical_p < 1.0:
        raise errors.validation("`typical_p` must be > 0.0 and < 1.0")
    if top_k is not None and top_k <= 0:
        raise errors.validation("`top_k` must be strictly positive")
    if max_new_tokens == 0:
        raise errors.validation("`max_new_tokens` must be strictly positive")
    stops = _stops(parameters)
    if len(stops) > MAX_STOP_SEQUENCES:
        raise errors.validation(f"`stop` supports up to {MAX_STOP_SEQUENCES} stop sequences. Given: {len(stops)}")
    if top_n_tokens is not None and top_n_tokens > MAX_TOP_N_TOKENS:
        raise errors.validation(f"`top_n_tokens` must be >= 0 and <= {MAX_TOP_N_TOKENS}. Given: {top_n_tokens}")
    if decoder_input_details and stream:
        raise errors.validation("`decoder_input_details` == true is not supported when streaming tokens")

    if not prompt:
        raise errors.validation("`inputs` cannot be empty")
    if truncate is not None and not 0 < truncate <= card.max_input_tokens:
        raise errors.validation(f"`truncate` must be strictly positive and less than {card.max_input_tokens}. Given: {truncate}")
    input_tokens = count_tokens(prompt)
    if truncate is not None:
        input_tokens = min(input_tokens, truncate)
    if input_tokens > card.max_input_tokens:
        raise errors.validation(f"`inputs` must have less than {card.max_input_tokens} tokens. Given: {input_tokens}")
    room = card.max_total_tokens - input_tokens
    if max_new_tokens is None:
        max_new_tokens = max(room, 1)
    elif input_tokens + max_new_tokens > card.max_total_tokens:
        raise errors.validation(
            f"`inputs` tokens + `max_new_tokens` must be <= {card.max_total_tokens}. "
            f"Given: {input_tokens} `inputs` tokens and {max_new_tokens} `max_new_tokens`"
        )
    grammar = parameters.get("grammar")
    return GenerationParams(
        max_new_tokens=max_new_tokens,
        stop=stops,
        seed=seed,
        sampling=sampling or (best_of or 1) > 1,
        top_n_tokens=top_n_tokens or 0,
        decoder_input_details=decoder_input_details,
        best_of=best_of or 1,
        truncate=truncate,
        grammar=grammar,
        content={k: parameters[k] for k in CONTENT_PARAMETERS if parameters.get(k) is not None},
        input_tokens=input_tokens,
    )


def _stops(parameters: dict[str, Any]) -> list[str]:
    stops = parameters.get("stop")
    if stops is None:
        stops = parameters.get("stop_sequences")  # the old TGI name
    if stops is None:
        return []
    if isinstance(stops, str):
        return [stops]
    if not isinstance(stops, list) or not all(isinstance(s, str) for s in stops):
        raise deserialize_error("parameters.stop", f"invalid type: {errors.serde_describe(stops)}, expected a sequence of strings")
    return [s for s in stops if s]
