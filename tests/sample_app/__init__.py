"""A small application written the way apps call Hugging Face: model ids, no URLs, no endpoint
settings, the token from the environment. The redirect tests use it UNCHANGED.

The clients are made at import time, as apps usually do, so the tests also prove that the
redirect works when huggingface_hub was imported (and its clients built) before it.
"""
from __future__ import annotations

from typing import Iterator

from huggingface_hub import AsyncInferenceClient, InferenceClient

SENTIMENT_MODEL = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
EMBEDDING_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
CHAT_MODEL = "meta-llama/Llama-3.1-8B-Instruct"

client = InferenceClient()  # provider unset: the Hub picks it; chat goes to the auto-router
hf_inference = InferenceClient(provider="hf-inference")
async_client = AsyncInferenceClient()


def sentiment(text: str) -> str:
    """The top label for ``text``."""
    return client.text_classification(text, model=SENTIMENT_MODEL)[0].label


def embed(texts: list[str]) -> list[list[float]]:
    return [client.feature_extraction(text, model=EMBEDDING_MODEL).tolist() for text in texts]


def answer(question: str) -> str:
    out = client.chat_completion([{"role": "user", "content": question}], model=CHAT_MODEL, max_tokens=20)
    return out.choices[0].message.content


def answer_via_hf_inference(question: str) -> str:
    out = hf_inference.chat_completion([{"role": "user", "content": question}], model=CHAT_MODEL, max_tokens=20)
    return out.choices[0].message.content


def answer_stream(question: str) -> Iterator[str]:
    for chunk in client.chat_completion([{"role": "user", "content": question}], model=CHAT_MODEL, max_tokens=20, stream=True):
        if chunk.choices and chunk.choices[0].delta.content:
            yield chunk.choices[0].delta.content


async def answer_async(question: str) -> str:
    out = await async_client.chat_completion([{"role": "user", "content": question}], model=CHAT_MODEL, max_tokens=20)
    return out.choices[0].message.content


async def embed_async(text: str) -> list[float]:
    return (await async_client.feature_extraction(text, model=EMBEDDING_MODEL)).tolist()


def openai_answer(question: str) -> str:
    """The OpenAI SDK, configured only by OPENAI_BASE_URL and OPENAI_API_KEY."""
    import openai

    out = openai.OpenAI().chat.completions.create(model=CHAT_MODEL, messages=[{"role": "user", "content": question}], max_tokens=20)
    return out.choices[0].message.content or ""
