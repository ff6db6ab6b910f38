"""The OpenAI-compatible surface: completions, embeddings, models; chat lives in openai_chat.py.

The root routes (`/v1/...`) answer errors in the OpenAI envelope; the model-scoped routes
(`/models/{id}/v1/...`, `/hf-inference/models/{id}/v1/...`) are TGI-served in the real
service and answer TGI's `{"error", "error_type"}` (WIRE.md 5.10).
"""
from __future__ import annotations

import base64
import struct
from typing import Any

from .. import errors, hub_info
from ..builtin_tasks.feature_extraction_tasks import mean_pooled
from ..synth.text import count_tokens
from ..tasks import Generation
from . import openai_format as fmt
from .inference import characters_of
from .openai_base import OpenAIHandler
from .openai_chat import ChatCompletionsHandler, content_text, render_chat_prompt

__all__ = ["OpenAIHandler", "ChatCompletionsHandler", "CompletionsHandler", "EmbeddingsHandler", "ModelsHandler", "content_text", "render_chat_prompt"]


class CompletionsHandler(OpenAIHandler):
    """`POST /v1/completions`: one generation per prompt, continuing the prompt's text."""

    route_kind = "completions"
    max_prompts = 4

    async def post(self, model: str | None = None) -> None:
        body = self.body_object()
        prompt = body.get("prompt")
        if prompt is None:
            raise self.missing_field("prompt")
        prompts = [prompt] if isinstance(prompt, str) else prompt
        if not isinstance(prompts, list) or not prompts or not all(isinstance(p, str) for p in prompts):
            raise self.invalid("'prompt' must be a string or a non-empty list of strings", "prompt")
        if len(prompts) > self.max_prompts:
            raise errors.ServiceError(422, f"Number of prompts exceeds the maximum allowed batch size of {self.max_prompts}", error_type="batch size exceeded", param="prompt")
        if body.get("suffix"):
            raise errors.ServiceError(422, "Suffix is not supported and can be achieved by preprocessing the prompt.", error_type="suffix not supported", param="suffix")
        logprobs = body.get("logprobs")
        if logprobs is not None and (isinstance(logprobs, bool) or not isinstance(logprobs, int) or not 0 <= logprobs <= 5):
            raise self.invalid("'logprobs' must be an integer between 0 and 5", "logprobs")
        served, echoed = self.served_model(model, body.get("model"), self.state.config.default_model)
        parameters = self.generation_parameters(body)
        stops = self.stops(body)
        stream = body.get("stream") is True
        generations: list[Generation] = []
        for text in prompts:
            request = self.make_request(served, "text-generation", inputs=text, parameters=parameters, body=body, stream=stream)
            generations.append(self.run(request))
        common = fmt.identity("cmpl", echoed, served, prompts, parameters)
        prompt_tokens = sum(g.prompt_tokens for g in generations)
        completion_tokens = sum(g.generated_tokens for g in generations)
        usage = fmt.usage(prompt_tokens, completion_tokens)
        self.journal_extra.update(prompt_tokens=prompt_tokens, generated_tokens=completion_tokens)
        echo = body.get("echo") is True
        continuations = [fmt.visible_text(g, stops) for g in generations]
        characters = characters_of(prompt)
        if stream:
            self.start_event_stream(characters)
            await self.send_events(self.chunks(generations, continuations, echo, common, usage), done=True)
            return
        choices = [
            {
                "index": i,
                "text": (g.prompt if echo else "") + text,
                "logprobs": fmt.completion_logprobs(g, served, logprobs, echo_prompt=g.prompt if echo else None) if logprobs is not None else None,
                "finish_reason": fmt.finish_reason(g),
            }
            for i, (g, text) in enumerate(zip(generations, continuations))
        ]
        self.write_result({"object": "text_completion", **common, "choices": choices, "usage": usage}, characters)

    def chunks(self, generations: list[Generation], continuations: list[str], echo: bool, common: dict[str, Any], usage: dict[str, int]) -> Any:
        """One chunk per generated token (the echoed prompt first); the last chunk of the last
        prompt carries `usage`, then `[DONE]`."""
        for i, (gen, text) in enumerate(zip(generations, continuations)):
            pieces = fmt.deltas(gen, text)
            if echo:
                pieces[0:0] = [gen.prompt]
            last = len(pieces) - 1
            for index, piece in enumerate(pieces):
                final = index == last
                chunk: dict[str, Any] = {
                    "object": "text_completion",
                    **common,
                    "choices": [{"index": i, "text": piece, "logprobs": None, "finish_reason": fmt.finish_reason(gen) if final else None}],
                }
                if final and i == len(generations) - 1:
                    chunk["usage"] = usage
                yield chunk


class EmbeddingsHandler(OpenAIHandler):
    route_kind = "embeddings"

    def post(self) -> None:
        body = self.body_object()
        texts = body.get("input")
        if texts is None:
            raise self.missing_field("input")
        if isinstance(texts, str):
            texts = [texts]
        if isinstance(texts, list) and texts and all(isinstance(t, int) and not isinstance(t, bool) for t in texts):
            texts = [" ".join(str(t) for t in texts)]  # one input given as token ids
        if isinstance(texts, list) and texts and all(isinstance(t, list) for t in texts):
            texts = [" ".join(str(t) for t in item) for item in texts]
        if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
            raise errors.ServiceError(400, "'input' must be a string, a non-empty list of strings, or token ids", code="invalid_input", param="input")
        served, echoed = self.served_model(None, body.get("model"), self.state.config.default_embedding_model, task="feature-extraction")
        encoding = body.get("encoding_format") or "float"
        if encoding not in ("float", "base64"):
            raise errors.ServiceError(400, f"'encoding_format' must be 'float' or 'base64', not {encoding!r}", code="invalid_encoding_format", param="encoding_format")
        request = self.make_request(
            served,
            "feature-extraction",
            inputs=texts,
            parameters={"normalize": True, "dimensions": body.get("dimensions")},
            body={},
        )
        vectors = self.run(request)
        data = []
        for index, vector in enumerate(vectors):
            flat = mean_pooled(vector)
            embedding: Any = base64.b64encode(struct.pack(f"<{len(flat)}f", *flat)).decode("ascii") if encoding == "base64" else flat
            data.append({"object": "embedding", "index": index, "embedding": embedding})
        tokens = sum(count_tokens(t) for t in texts)
        self.write_result(
            {"object": "list", "data": data, "model": echoed, "usage": {"prompt_tokens": tokens, "total_tokens": tokens}},
            characters_of(texts),
        )


class ModelsHandler(OpenAIHandler):
    route_kind = "models"
    requires_auth = False

    def get(self, model: str | None = None) -> None:
        catalog = self.state.registry.catalog
        if model:
            model = model.rstrip("/")
            # The same ids the Hub routes know (catalog, name rules, LLM-like names), so an app
            # that checks a model before chatting with it sees what the chat route serves.
            card = hub_info.find_card(catalog, model)
            if card is None:
                raise errors.not_found(f"The model '{model}' does not exist", code="model_not_found", param="model")
            self.write_json(model_object(card))
            return
        self.write_json({"object": "list", "data": [model_object(c) for c in catalog if c.task == "text-generation"]})


def model_object(card: Any) -> dict[str, Any]:
    org = card.id.split("/", 1)[0] if "/" in card.id else card.id
    return {
        "id": card.id,
        "object": "model",
        "created": fmt.created_for("model", card.id),
        "owned_by": org,
        "architecture": {"input_modalities": ["text"], "output_modalities": ["text"] if card.task == "text-generation" else ["embeddings"]},
        "providers": [
            {
                "provider": "hf-inference",
                "status": "live",
                "context_length": card.max_total_tokens,
                "supports_tools": "conversational" in card.tags,
                "supports_structured_output": "conversational" in card.tags,
                "is_model_author": False,
            }
        ],
    }
