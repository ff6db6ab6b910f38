"""Built-in plugin: text-generation.

It registers the chat model cards below and the task; how the task answers is in
``text_generation_tasks.py``, imported on its first run (``lazy.LazyTask``) or by the surfaces
that render generations, so start-up does not pay for it (docs/performance.md).
"""
from __future__ import annotations

from hf_tornado.catalog import ModelCard
from hf_tornado.hookspecs import hookimpl
from hf_tornado.tasks import Task

from .lazy import LazyTask

_CHAT = ("conversational", "text-generation-inference", "endpoints_compatible")

# Chat models that apps and the providers' docs name often, beyond the catalog's own list, with
# their real context sizes (TGI's max_total_tokens; input may use all but one token).
CARDS: tuple[ModelCard, ...] = tuple(
    ModelCard(id=model_id, task="text-generation", max_input_tokens=context - 1, max_total_tokens=context, tags=_CHAT)
    for model_id, context in (
        ("meta-llama/Llama-3.3-70B-Instruct", 131072),
        ("meta-llama/Llama-3.2-3B-Instruct", 131072),
        ("Qwen/Qwen2.5-7B-Instruct", 32768),
        ("Qwen/Qwen2.5-72B-Instruct", 32768),
        ("Qwen/Qwen2.5-Coder-32B-Instruct", 32768),
        ("Qwen/Qwen3-8B", 40960),
        ("mistralai/Mistral-Nemo-Instruct-2407", 131072),
        ("mistralai/Mixtral-8x7B-Instruct-v0.1", 32768),
        ("google/gemma-2-9b-it", 8192),
        ("microsoft/Phi-3-mini-4k-instruct", 4096),
        ("deepseek-ai/DeepSeek-R1", 131072),
        ("openai/gpt-oss-20b", 131072),
        ("openai/gpt-oss-120b", 131072),
        ("HuggingFaceTB/SmolLM3-3B", 65536),
    )
)


@hookimpl
def hf_tornado_register_tasks() -> list[Task]:
    return [LazyTask("text-generation", "hf_tornado.builtin_tasks.text_generation_tasks:TextGeneration")]


@hookimpl
def hf_tornado_register_models() -> list[ModelCard]:
    return list(CARDS)
