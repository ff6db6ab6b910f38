"""How text-generation answers; ``text_generation.py`` registers the task (``lazy.LazyTask``) and
this module is imported on its first run, or by the surfaces that render generations.

One ``Generation`` per request: a token sequence with a finish reason, made once and rendered by
every surface (pipeline, TGI, OpenAI chat and completions, streamed or not), so texts, token
counts and finish reasons agree everywhere.

The natural answer is drawn first and only then cut by ``max_new_tokens`` or a stop sequence, so
a longer limit extends a shorter one's text rather than changing it. With a ``grammar`` (a JSON
schema or a regex) the answer is a document that satisfies it, tokenized like any text.
"""
from __future__ import annotations

import json
from math import floor as _floor
from typing import Any

from hf_tornado import errors
from hf_tornado.synth.seed import rng, seed_int
from hf_tornado.synth.text import EOS_ID, EOS_TEXT, WORDS, prose_tokens, token_id, tokenize
from hf_tornado.tasks import Generation, InferenceRequest, Task, Token

from . import generation_params
from .generation_params import GenerationParams

# A natural answer runs between these many tokens (the end-of-sequence token included) when
# no limit cuts it first.
NATURAL_LENGTH = (12, 48)
# Each token's logprob is drawn uniformly from [-2.5, -0.005).
_LOGPROB_LOW, _LOGPROB_SPAN = 0.005, 2.5 - 0.005

_new_object = object.__new__


def round4(value: float) -> float:
    """``round(value, 4)`` for 0 <= value < 10,000, in half the time.

    ``round(v, 4)`` is the double nearest to k / 10**4, k being v * 10**4 rounded half to
    even; ``k / 10000.0`` is that same double (an exact integer and an exact divisor, one
    correctly rounded division). ``v * 10000.0`` is within 2e-8 of the exact product here, so
    k is read from it unless the product is within 1e-6 of a half, where Python's ``round``
    decides. tests/test_draw_identity.py compares it with ``round`` on millions of values.
    """
    scaled = value * 10000.0
    whole = _floor(scaled)
    fraction = scaled - whole
    if -1e-6 < fraction - 0.5 < 1e-6:
        return round(value, 4)
    return (whole + (fraction > 0.5)) / 10000.0


def _token(token_id: int, text: str, logprob: float) -> Token:
    """``Token(token_id, text, logprob)``, built without the frozen dataclass's __init__ (four
    ``object.__setattr__`` calls, ~0.5 us of a generation's ~40 tokens each): an equal,
    identically hashed Token (tests/test_draw_identity.py)."""
    token = _new_object(Token)
    token.__dict__.update(id=token_id, text=text, logprob=logprob, special=False)
    return token


class TextGeneration(Task):
    name = "text-generation"

    def run(self, request: InferenceRequest) -> Generation:
        prompt = request.require_inputs()
        if not isinstance(prompt, str):
            raise errors.validation("`inputs` must be a string")
        params = generation_params.parse(request.parameters, prompt, request.card, stream=request.stream)
        return generate_with(request.model, prompt, params, chat=request.chat)


def generate_with(model: str, prompt: str, params: GenerationParams, *, chat: bool = False, variant: int = 0) -> Generation:
    """The generation for validated ``params``, with TGI's details extras attached."""
    content = dict(params.content)
    if variant:
        content["variant"] = variant  # TGI's other best_of sequences (OpenAI's `n` uses `choice_index`)
    forced = grammar_text(params.grammar, rng(model, "grammar", prompt, content), _last_user_text(prompt)) if params.grammar is not None else None
    gen = generate(model, prompt, max_new_tokens=params.max_new_tokens, stop=params.stop, chat=chat, content_parameters=content, forced_text=forced)
    gen.prompt_tokens = params.input_tokens or gen.prompt_tokens
    # TGI reports the sampling seed, and null under greedy decoding even when a seed was given
    # (WIRE.md 4.2); here the seed changes the content either way, so that it is useful.
    if params.sampling:
        gen.seed = params.seed if params.seed is not None else seed_int("sampling-seed", model, prompt, content)
    if params.decoder_input_details:
        gen.extras["prefill"] = prefill(prompt, params.input_tokens, model)
    if params.top_n_tokens:
        gen.extras["top_tokens"] = [top_alternatives(model, i, t, params.top_n_tokens) for i, t in enumerate(gen.tokens)]
    if params.best_of > 1 and not variant:
        others = [generate_with(model, prompt, params, chat=chat, variant=k) for k in range(1, params.best_of)]
        gen.extras["best_of_sequences"] = [_sequence(other) for other in others]
    return gen


def _sequence(gen: Generation) -> dict[str, Any]:
    out = {
        "generated_text": gen.text,
        "finish_reason": gen.finish_reason,
        "generated_tokens": gen.generated_tokens,
        "seed": gen.seed,
        "prefill": gen.extras.get("prefill", []),
        "tokens": [t.as_dict() for t in gen.tokens],
    }
    if "top_tokens" in gen.extras:
        out["top_tokens"] = gen.extras["top_tokens"]
    return out


def generate(
    model: str,
    prompt: str,
    *,
    max_new_tokens: int | None = None,
    stop: list[str] | None = None,
    chat: bool = False,
    content_parameters: dict[str, Any] | None = None,
    forced_text: str | None = None,
) -> Generation:
    """The deterministic generation for ``prompt`` on ``model``: natural prose, or
    ``forced_text`` (a grammar's document) when given, then cut by the limit or a stop."""
    content_parameters = content_parameters or {}
    stream = rng(model, "text-generation", prompt, content_parameters)
    if forced_text is not None:
        texts = tokenize(forced_text)
    else:
        natural = stream.randint(*NATURAL_LENGTH)
        texts = prose_tokens(stream, natural - 1, leading_space=not chat)
        if texts and texts[-1] != ".":
            texts[-1] = "."
            if len(texts) > 1 and texts[-2] in (".", ","):  # no "form,." or "end.." endings
                texts[-2] = " " + stream.choice(WORDS)
    # stream.uniform(0.005, 2.5) is 0.005 + (2.5 - 0.005) * stream.random(): the same floats.
    uniform01 = stream.random
    logprobs = [-round4(_LOGPROB_LOW + _LOGPROB_SPAN * uniform01()) for _ in range(len(texts) + 1)]

    finish = "eos_token"
    if not stop:
        # No stop sequence: only the limit can cut the answer, so the tokens are one pass.
        kept = len(texts) if max_new_tokens is None else min(len(texts), max_new_tokens)
        tokens = list(map(_token, map(token_id, texts[:kept]), texts[:kept], logprobs))
        if max_new_tokens is not None and kept >= max_new_tokens:
            finish = "length"
        else:
            tokens.append(Token(EOS_ID, EOS_TEXT, logprobs[-1], special=True))
        return Generation(prompt=prompt, prompt_tokens=len(tokenize(prompt)), tokens=tokens, finish_reason=finish, seed=None)
    tokens = []
    text_so_far = ""
    for index, text in enumerate(texts):
        if max_new_tokens is not None and len(tokens) >= max_new_tokens:
            finish = "length"
            break
        tokens.append(_token(token_id(text), text, logprobs[index]))
        text_so_far += text
        if any(s in text_so_far for s in stop):
            finish = "stop_sequence"
            break
    else:
        if max_new_tokens is not None and len(tokens) >= max_new_tokens:
            finish = "length"
        else:
            tokens.append(Token(EOS_ID, EOS_TEXT, logprobs[-1], special=True))
    return Generation(prompt=prompt, prompt_tokens=len(tokenize(prompt)), tokens=tokens, finish_reason=finish, seed=None)


def prefill(prompt: str, input_tokens: int, model: str) -> list[dict[str, Any]]:
    """TGI's `prefill`: the (left-truncated) prompt's tokens, the first with a null logprob."""
    pieces = tokenize(prompt)[-input_tokens:] if input_tokens else tokenize(prompt)
    stream = rng(model, "prefill", prompt)
    out: list[dict[str, Any]] = []
    for index, piece in enumerate(pieces):
        logprob = None if index == 0 else -round(stream.uniform(0.01, 9.0), 4)
        out.append({"id": token_id(piece), "text": piece, "logprob": logprob})
    return out


def top_alternatives(model: str, position: int, token: Token, count: int) -> list[dict[str, Any]]:
    """The ``count`` most likely tokens at ``position``: the chosen token first, then
    alternatives with lower log-probabilities (TGI `top_tokens`, OpenAI `top_logprobs`)."""
    stream = rng(model, "top-tokens", position, token.id)
    out = [token.as_dict()]
    logprob = token.logprob
    used = {token.text.strip().lower()}
    while len(out) < count:
        word = stream.choice(WORDS)
        if word in used:
            continue
        used.add(word)
        logprob = round(logprob - stream.uniform(0.05, 2.0), 4)
        text = (" " if token.text.startswith(" ") or token.special else "") + word
        out.append({"id": token_id(text), "text": text, "logprob": logprob, "special": False})
    return out


def _last_user_text(prompt: str) -> str:
    """The last user turn of a rendered chat prompt (the whole prompt when it is not a chat)."""
    marker = "<|start_header_id|>user<|end_header_id|>\n\n"
    if marker not in prompt:
        return prompt
    return prompt.rsplit(marker, 1)[1].split("<|eot_id|>", 1)[0]


def grammar_text(grammar: Any, stream: Any, context: str = "") -> str:
    """The document a TGI `grammar` (or an OpenAI `response_format` turned into one) asks for;
    ``context`` (the user's text) lends names to fields such as `location`."""
    # Imported by the first grammar, not at start-up (~1 ms of it, docs/performance.md).
    from hf_tornado.synth.jsonschema_gen import SchemaError, generate_json
    from hf_tornado.synth.regex_gen import RegexError, regex_string

    kind, value = _grammar_parts(grammar)
    if kind == "regex":
        if not isinstance(value, str):
            raise errors.validation("Grammar error: a regex grammar's `value` must be a string")
        try:
            return regex_string(value, stream)
        except RegexError as exc:
            raise errors.validation(f"Grammar error: {exc}") from None
    try:
        return json.dumps(generate_json(value, stream, context), ensure_ascii=False, separators=(", ", ": "))
    except SchemaError as exc:
        raise errors.validation(f"Grammar error: invalid JSON schema: {exc}") from None


def _grammar_parts(grammar: Any) -> tuple[str, Any]:
    """(``json`` or ``regex``, the schema or pattern) from every grammar form of WIRE.md 5.5."""
    if not isinstance(grammar, dict) or not isinstance(grammar.get("type"), str):
        raise generation_params.deserialize_error("parameters.grammar", "expected an object with a `type`")
    kind = grammar["type"]
    if kind == "regex":
        return "regex", grammar.get("value")
    if kind not in ("json", "json_object", "json_schema"):
        raise generation_params.deserialize_error(
            "parameters.grammar.type", f"unknown variant `{kind}`, expected one of `json`, `json_object`, `json_schema`, `regex`"
        )
    value = grammar.get("value", grammar.get("schema", grammar.get("json_schema")))
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise errors.validation("Grammar error: the grammar's `value` is not valid JSON") from None
    if isinstance(value, dict) and "schema" in value and isinstance(value["schema"], (dict, bool)) and "type" not in value:
        value = value["schema"]  # {"name", "schema"} wrappers (OpenAI json_schema, TGI json_schema)
    if value is None:
        value = {"type": "object"}  # plain json_object: any object
    return "json", value
