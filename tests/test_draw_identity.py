"""The hot path's inlined random draws give exactly what the plain random.Random calls give.

synth/text.py's prose_tokens and text_generation.generate draw from the generator directly
(getrandbits rejection sampling, random()) instead of calling choice/randint/uniform: cheaper,
and it must stay the same tokens, logprobs and finish reasons. The reference functions below
are the code as it was before that change, written with the public random.Random methods.
"""
from __future__ import annotations

import random

import pytest

from hf_tornado.builtin_tasks import text_generation_tasks as text_generation
from hf_tornado.builtin_tasks.text_generation_tasks import NATURAL_LENGTH, _token, generate
from hf_tornado.synth.seed import rng
from hf_tornado.synth.text import EOS_ID, EOS_TEXT, WORDS, prose_tokens, token_id, tokenize
from hf_tornado.tasks import Generation, Token


def reference_prose_tokens(stream: random.Random, count: int, *, leading_space: bool) -> list[str]:
    tokens: list[str] = []
    sentence_left = stream.randint(6, 14)
    capital = True
    while len(tokens) < count:
        if sentence_left == 0:
            tokens.append(".")
            sentence_left = stream.randint(6, 14)
            capital = True
            continue
        word = stream.choice(WORDS)
        if capital:
            word = word.capitalize()
            capital = False
        space = " " if (tokens or leading_space) else ""
        tokens.append(space + word)
        sentence_left -= 1
        if sentence_left > 2 and stream.random() < 0.08:
            tokens.append(",")
    return tokens[:count]


def reference_generate(model: str, prompt: str, *, max_new_tokens: int | None = None, stop: list[str] | None = None, chat: bool = False) -> Generation:
    stream = rng(model, "text-generation", prompt, {})
    natural = stream.randint(*NATURAL_LENGTH)
    texts = reference_prose_tokens(stream, natural - 1, leading_space=not chat)
    if texts and texts[-1] != ".":
        texts[-1] = "."
        if len(texts) > 1 and texts[-2] in (".", ","):
            texts[-2] = " " + stream.choice(WORDS)
    logprobs = [-round(stream.uniform(0.005, 2.5), 4) for _ in range(len(texts) + 1)]
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
    return Generation(prompt=prompt, prompt_tokens=len(tokenize(prompt)), tokens=tokens, finish_reason=finish, seed=None)


def test_prose_tokens_draw_what_choice_and_randint_draw() -> None:
    for seed in range(400):
        for count in (0, 1, 11, 47, 200):
            for leading_space in (True, False):
                fast, plain = random.Random(seed), random.Random(seed)
                assert prose_tokens(fast, count, leading_space=leading_space) == reference_prose_tokens(plain, count, leading_space=leading_space)
                # ...and leave the generator in the same state for the draws that follow.
                assert fast.random() == plain.random()


@pytest.mark.parametrize("max_new_tokens", [None, 0, 1, 5, 20, 47, 48, 500])
@pytest.mark.parametrize("stop", [None, [], ["."], [" the", "zz"], ["never-there"]])
def test_generate_matches_the_plain_draws(max_new_tokens: int | None, stop: list[str] | None) -> None:
    for index in range(60):
        prompt = f"Prompt number {index}: what is the capital of France?"
        for chat in (False, True):
            fast = generate("gpt2", prompt, max_new_tokens=max_new_tokens, stop=stop, chat=chat)
            plain = reference_generate("gpt2", prompt, max_new_tokens=max_new_tokens, stop=stop, chat=chat)
            assert fast == plain
            assert [type(t) for t in fast.tokens] == [Token] * len(fast.tokens)


def test_fast_token_is_an_ordinary_token() -> None:
    fast, plain = _token(17, " river", -0.25), Token(17, " river", -0.25)
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert fast.as_dict() == plain.as_dict() == {"id": 17, "text": " river", "logprob": -0.25, "special": False}
    with pytest.raises(AttributeError):  # still frozen
        fast.text = "x"  # type: ignore[misc]
    assert text_generation._LOGPROB_SPAN == 2.5 - 0.005


def test_round4_is_round_to_four_places() -> None:
    from hf_tornado.builtin_tasks.text_generation_tasks import round4

    stream = random.Random(7)
    values = [0.005 + (2.5 - 0.005) * stream.random() for _ in range(1_000_000)]
    values += [stream.uniform(0, 1e4) for _ in range(200_000)]
    # Halves, near-halves and near-integers of the fourth place, where a shortcut would slip.
    for k in range(0, 30000, 7):
        for offset in (0.5, 0.49999999, 0.50000001, 0.4999999999, 0.5000000001, 0.0, 1e-9, -1e-9, 0.999999999):
            values.append(max(0.0, (k + offset) / 10000.0))
    values += [0.0, 0.005, 2.5, 0.00005, 0.00015, 0.00025, 1.00005, 2.49995, 1234.56785, 9999.99995]
    for value in values:
        assert round4(value) == round(value, 4), value
    assert sum(round4(v) == round(v, 4) for v in values) == len(values)
