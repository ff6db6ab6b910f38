"""Config.max_stream_events: an answer longer than the limit (a scripted rule's long output, or
the stream_endless fault) ends the way the real service ends a generation at its token limit:
finish_reason "length" on the last token, usage that agrees with what was sent, and the final
event / [DONE], so every client iterates to the end without an error. Streamed and non-streamed
answers are cut the same way, so they agree."""
from __future__ import annotations

import openai
import pytest

from hf_tornado import HuggingfaceInferenceServer

LIMIT = 20
TOKEN_CAP = 1000  # max_total_tokens too, for the JS scenario's 422
WORDS = 60
LONG = " ".join(f"word{i}" for i in range(WORDS))  # one token per word, then the end token
KEPT = " ".join(f"word{i}" for i in range(LIMIT))
TELL = [{"role": "user", "content": "Tell me everything"}]
tgi_client_warnings = pytest.mark.filterwarnings("ignore:The `dict` method is deprecated:DeprecationWarning:text_generation")


@pytest.fixture(scope="module")
def limited():
    with HuggingfaceInferenceServer(port=0, max_stream_events=LIMIT, max_total_tokens=TOKEN_CAP) as server:
        yield server


@pytest.fixture
def hf_url(limited):  # the conftest clients (http, hf_client, openai_client, node) talk to this server
    limited.reset()
    limited.stub(model="gpt2", contains="everything", output=" " + LONG)
    return limited.url


def test_hub_text_generation_stream_ends_with_length(hf_client):
    client = hf_client("gpt2")
    events = list(client.text_generation("Tell me everything", details=True, stream=True))
    assert len(events) == LIMIT and [e.token.text for e in events][:2] == [" word0", " word1"]
    assert events[-1].details.finish_reason == "length" and events[-1].details.generated_tokens == LIMIT
    assert events[-1].generated_text.endswith(" " + KEPT)  # return_full_text: the prompt, then the kept words
    whole = client.text_generation("Tell me everything", details=True, return_full_text=False)
    assert whole.generated_text == " " + KEPT == "".join(e.token.text for e in events)
    assert (whole.details.finish_reason, whole.details.generated_tokens, len(whole.details.tokens)) == ("length", LIMIT, LIMIT)


def test_hub_chat_stream_and_whole_agree(hf_client):
    client = hf_client("gpt2")
    chunks = list(client.chat_completion(TELL, stream=True))
    content = [c for c in chunks if c.choices and c.choices[0].delta.content]
    assert len(content) == LIMIT and "".join(c.choices[0].delta.content for c in content) == KEPT
    assert chunks[-1].choices[0].finish_reason == "length"
    whole = client.chat_completion(TELL)
    assert whole.choices[0].message.content == KEPT and whole.choices[0].finish_reason == "length"
    assert whole.usage.completion_tokens == LIMIT


def test_openai_sdk_streams_end_with_length_and_usage(openai_client, http, limited):
    stream = openai_client.chat.completions.create(model="gpt2", messages=TELL, stream=True, stream_options={"include_usage": True})
    chunks = list(stream)  # strict validation, iterated to [DONE]
    content = [c for c in chunks if c.choices and c.choices[0].delta.content]
    assert len(content) == LIMIT and content[-1].choices[0].finish_reason == "length"
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens == LIMIT
    assert chunks[-1].usage.total_tokens == chunks[-1].usage.prompt_tokens + LIMIT
    # (Not strict: the SDK's Completion type requires a finish_reason on every chunk, which no
    # real server sends before the last.)
    with openai.OpenAI(base_url=f"{limited.url}/v1", api_key="hf_test", max_retries=0) as lenient:
        completions = list(lenient.completions.create(model="gpt2", prompt="Tell me everything", stream=True))
    assert len(completions) == LIMIT and completions[-1].choices[0].finish_reason == "length"
    assert completions[-1].usage.completion_tokens == LIMIT
    # The wire: exactly LIMIT token events, the usage chunk, then [DONE].
    raw = http("POST", "/v1/chat/completions", {"model": "gpt2", "messages": TELL, "stream": True, "stream_options": {"include_usage": True}})
    events = [e for e in raw.body.decode().split("\n\n") if e]
    assert len(events) == LIMIT + 2 and events[-1] == "data: [DONE]"


@tgi_client_warnings
def test_tgi_client_stream_and_whole(hf_url):
    from text_generation import Client

    client = Client(f"{hf_url}/models/gpt2", headers={"Authorization": "Bearer hf_test"})
    events = list(client.generate_stream("Tell me everything"))
    assert len(events) == LIMIT and events[-1].details.finish_reason.value == "length"
    out = client.generate("Tell me everything")
    assert out.details.generated_tokens == LIMIT and out.generated_text == "".join(e.token.text for e in events)


def test_answers_within_the_limit_are_untouched(openai_client, limited):
    limited.stub(model="gpt2", contains="short", output="Three short words", priority=5)
    whole = openai_client.chat.completions.create(model="gpt2", messages=[{"role": "user", "content": "short"}])
    assert whole.choices[0].message.content == "Three short words" and whole.choices[0].finish_reason == "stop"
    assert whole.usage.completion_tokens == 4  # three words and the end token
    # Under the default limit (100,000) a long scripted answer is served whole.
    with HuggingfaceInferenceServer(port=0) as plain:
        plain.stub(model="gpt2", output=LONG)
        with openai.OpenAI(base_url=f"{plain.url}/v1", api_key="hf_test", max_retries=0) as client:
            answer = client.chat.completions.create(model="gpt2", messages=TELL)
        assert answer.choices[0].message.content == LONG and answer.usage.completion_tokens == WORDS + 1


def test_stream_endless_stops_at_the_limit_like_a_generation(hf_client, openai_client, limited):
    limited.fault("stream_endless", model="gpt2")  # its own max_chunks: 1,000
    client = hf_client("gpt2")  # kept: a collected client closes the stream it is reading
    events = list(client.text_generation("Go on", details=True, stream=True))
    assert len(events) == LIMIT and [e.index for e in events] == list(range(1, LIMIT + 1))
    assert events[-1].details.finish_reason == "length" and events[-1].details.generated_tokens == LIMIT
    assert events[-1].generated_text.endswith("".join(e.token.text for e in events))
    chunks = list(openai_client.chat.completions.create(model="gpt2", messages=[{"role": "user", "content": "Go on"}], stream=True, stream_options={"include_usage": True}))
    assert len([c for c in chunks if c.choices]) == LIMIT and chunks[-2].choices[0].finish_reason == "length"
    assert chunks[-1].usage.completion_tokens == LIMIT
    # The next request is served as usual.
    assert client.text_generation("Tell me everything", return_full_text=False) == " " + KEPT


def test_js_sdk_streams_to_the_end_and_gets_the_token_error(node):
    result = node("scenarios/limits.mjs", {"tooMany": TOKEN_CAP})
    assert "ok" in result, result
    out = result["ok"]
    assert (out["chatChunks"], out["chatText"], out["chatFinish"]) == (LIMIT, KEPT, "length")
    assert (out["wholeText"], out["wholeFinish"], out["wholeUsage"]["completion_tokens"]) == (KEPT, "length", LIMIT)
    assert (out["textChunks"], out["textFinish"]) == (LIMIT, "length")
    assert out["tooLong"]["status"] == 422
    assert "`inputs` tokens + `max_new_tokens` must be <= 1000. Given: 34 `inputs` tokens and 1000 `max_new_tokens`" in out["tooLong"]["message"]


def test_cut_generation_keeps_its_details_consistent():
    from hf_tornado.limits import cap_generation
    from hf_tornado.tasks import Generation, Token

    tokens = [Token(i, f" w{i}", -0.5) for i in range(30)] + [Token(2, "</s>", -0.1, special=True)]
    top = [[{"id": t.id, "text": t.text, "logprob": t.logprob, "special": False}] for t in tokens]
    other = {"generated_text": "x", "finish_reason": "eos_token", "generated_tokens": 31, "seed": 1, "prefill": [], "tokens": [t.as_dict() for t in tokens], "top_tokens": top}
    short = {**other, "tokens": other["tokens"][:5], "generated_tokens": 5}
    gen = Generation(prompt="p", prompt_tokens=1, tokens=tokens, finish_reason="eos_token", extras={"top_tokens": top, "best_of_sequences": [other, short], "prefill": []})
    cut = cap_generation(gen, 10)
    assert (cut.generated_tokens, cut.finish_reason, cut.text) == (10, "length", "".join(f" w{i}" for i in range(10)))
    assert len(cut.extras["top_tokens"]) == 10 and cut.extras["prefill"] == []
    first, second = cut.extras["best_of_sequences"]
    assert (first["generated_tokens"], len(first["tokens"]), len(first["top_tokens"]), first["finish_reason"]) == (10, 10, 10, "length")
    assert first["generated_text"] == cut.text and second is short  # within the limit: untouched
    assert len(gen.tokens) == 31 and gen.finish_reason == "eos_token"  # the task's own result is not changed
    assert cap_generation(gen, 31) is gen and cap_generation(gen, 0) is gen and cap_generation([1, 2], 1) == [1, 2]
