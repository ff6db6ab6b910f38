"""Built-in plugin: text-generation.

One ``Generation`` per request: a token sequence of deterministic prose with a finish reason.
Every surface (pipeline, TGI, OpenAI chat and completions, streamed or not) renders this same
object, so texts, token counts and finish reasons agree everywhere.
"""
from __future__ import annotations

from typing import Any

from hf_tornado import errors
from hf_tornado.hookspecs import hookimpl
from hf_tornado.synth.seed import rng
from hf_tornado.synth.text import EOS_ID, EOS_TEXT, count_tokens, prose_tokens, token_id
from hf_tornado.tasks import Generation, InferenceRequest, Task, Token

# A natural answer runs between these many tokens (the end-of-sequence token included) when
# no limit cuts it first.
NATURAL_LENGTH = (12, 48)

# Parameters that change what is generated; everything else (details, stream, ...) only changes
# how it is rendered, so it must not change the seed.
_CONTENT_PARAMETERS = ("seed", "temperature", "top_p", "top_k", "typical_p", "repetition_penalty", "do_sample")


class TextGeneration(Task):
    name = "text-generation"

    def run(self, request: InferenceRequest) -> Generation:
        prompt = request.require_inputs()
        if not isinstance(prompt, str):
            raise errors.validation("`inputs` must be a string")
        parameters = request.parameters
        max_new_tokens = _positive_int(parameters.get("max_new_tokens"), "max_new_tokens")
        stops = parameters.get("stop")
        if stops is None:
            stops = parameters.get("stop_sequences")
        if isinstance(stops, str):
            stops = [stops]
        stops = [s for s in (stops or []) if isinstance(s, str) and s]
        return generate(
            request.model,
            prompt,
            max_new_tokens=max_new_tokens,
            stop=stops,
            chat=request.chat,
            content_parameters={k: parameters.get(k) for k in _CONTENT_PARAMETERS if parameters.get(k) is not None},
        )


def _positive_int(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise errors.validation(f"`{name}` must be an integer")
    if value <= 0:
        raise errors.validation(f"`{name}` must be strictly positive")
    return int(value)


def generate(
    model: str,
    prompt: str,
    *,
    max_new_tokens: int | None = None,
    stop: list[str] | None = None,
    chat: bool = False,
    content_parameters: dict[str, Any] | None = None,
) -> Generation:
    """The deterministic generation for ``prompt`` on ``model``.

    The natural answer is drawn first and only then cut by ``max_new_tokens`` or ``stop``, so a
    longer limit extends a shorter one's text rather than changing it.
    """
    content_parameters = content_parameters or {}
    stream = rng(model, "text-generation", prompt, content_parameters)
    natural = stream.randint(*NATURAL_LENGTH)
    texts = prose_tokens(stream, natural - 1, leading_space=not chat)
    texts[-1:] = [texts[-1] + "."] if texts and not texts[-1].endswith(".") else texts[-1:]
    logprobs = [-round(stream.uniform(0.005, 2.5), 4) for _ in range(natural)]

    tokens: list[Token] = []
    finish = "eos_token"
    text_so_far = ""
    for index, text in enumerate(texts):
        if max_new_tokens is not None and len(tokens) >= max_new_tokens:
            finish = "length"
            break
        tokens.append(Token(token_id(text), text, logprobs[index]))
        text_so_far += text
        if stop and any(s in text_so_far for s in stop):
            finish = "stop_sequence"
            break
    else:
        if max_new_tokens is not None and len(tokens) >= max_new_tokens:
            finish = "length"
        else:
            tokens.append(Token(EOS_ID, EOS_TEXT, logprobs[-1], special=True))
    seed = content_parameters.get("seed")
    return Generation(
        prompt=prompt,
        prompt_tokens=count_tokens(prompt),
        tokens=tokens,
        finish_reason=finish,
        seed=int(seed) if isinstance(seed, int) and not isinstance(seed, bool) else None,
    )


@hookimpl
def hf_tornado_register_tasks() -> list[Task]:
    return [TextGeneration()]
