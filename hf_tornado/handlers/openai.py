"""The OpenAI-compatible surface: chat completions, completions, embeddings, models.

The root routes (`/v1/...`) answer errors in the OpenAI envelope; the model-scoped routes
(`/models/{id}/v1/...`, `/hf-inference/models/{id}/v1/...`) are TGI-served in the real
service and answer TGI's `{"error", "error_type"}` (WIRE.md 5.10).
"""
from __future__ import annotations

import base64
import struct
from typing import Any

from .. import errors
from ..synth.text import count_tokens
from ..tasks import Generation
from . import openai_format as fmt
from .inference import InferenceHandler, characters_of

_MODEL_PLACEHOLDERS = ("tgi", "dummy", "")
_ROUTER_POLICIES = ("fastest", "cheapest", "preferred")


class OpenAIHandler(InferenceHandler):
    surface = "openai"

    def initialize(self, state: Any, surface: str = "openai") -> None:  # type: ignore[override]
        super().initialize(state)
        self.surface = surface

    def body_object(self) -> dict[str, Any]:
        body = self.json_body()
        if not isinstance(body, dict):
            raise errors.bad_request("The request body must be a JSON object", code="invalid_request")
        return body

    def served_model(self, path_model: str | None, body_model: Any, default: str) -> tuple[str, str]:
        """(the model to run, the name to echo). Router suffixes (`:fastest`, `:provider`) are
        stripped; placeholders (`tgi`, `dummy`, URLs) mean the route's own model."""
        if path_model:
            path_model = path_model.rstrip("/")
        name = body_model if isinstance(body_model, str) else ""
        if "://" in name or name in _MODEL_PLACEHOLDERS:
            served = path_model or default
            return served, served
        bare = name.rsplit(":", 1)[0] if ":" in name else name
        return (path_model or bare), bare

    def missing_field(self, name: str) -> errors.ServiceError:
        if self.surface == "openai":
            return errors.ServiceError(400, f"Missing required parameter: '{name}'.", code="missing_required_parameter", param=name)
        return errors.ServiceError(
            422, f"Failed to deserialize the JSON body into the target type: missing field `{name}`", plain_text=True
        )

    def generation_parameters(self, body: dict[str, Any]) -> dict[str, Any]:
        """TGI parameters from an OpenAI body."""
        max_tokens = body.get("max_completion_tokens")
        if max_tokens is None:
            max_tokens = body.get("max_tokens")
        parameters = {
            "max_new_tokens": max_tokens,
            "stop": body.get("stop"),
            "seed": body.get("seed"),
            "temperature": body.get("temperature") or None,  # 0 means greedy in OpenAI
            "top_p": body.get("top_p"),
        }
        return {k: v for k, v in parameters.items() if v is not None}

    def stops(self, body: dict[str, Any]) -> list[str]:
        stop = body.get("stop")
        return [stop] if isinstance(stop, str) else [s for s in (stop or []) if isinstance(s, str)]


def render_chat_prompt(messages: list[Any]) -> str:
    """The conversation as one prompt string, in a Llama-3-like template."""
    parts = ["<|begin_of_text|>"]
    for message in messages:
        role = message.get("role", "user") if isinstance(message, dict) else "user"
        content = message.get("content") if isinstance(message, dict) else message
        parts.append(f"<|start_header_id|>{role}<|end_header_id|>\n\n{content_text(content)}<|eot_id|>")
    parts.append("<|start_header_id|>assistant<|end_header_id|>\n\n")
    return "".join(parts)


def content_text(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = []
        for part in content:
            if isinstance(part, dict) and part.get("type") == "text":
                texts.append(str(part.get("text", "")))
            elif isinstance(part, dict) and part.get("type") == "image_url":
                texts.append("<image>")
        return " ".join(texts)
    return str(content)


class ChatCompletionsHandler(OpenAIHandler):
    route_kind = "chat"

    async def post(self, model: str | None = None) -> None:
        body = self.body_object()
        messages = body.get("messages")
        if messages is None:
            raise self.missing_field("messages")
        if not isinstance(messages, list) or not messages:
            raise errors.ServiceError(422 if self.surface != "openai" else 400, "`messages` must be a non-empty list", error_type="validation", param="messages")
        served, echoed = self.served_model(model, body.get("model"), self.state.config.default_model)
        request = self.make_request(
            served,
            "text-generation",
            inputs=render_chat_prompt(messages),
            parameters=self.generation_parameters(body),
            body=body,
            stream=body.get("stream") is True,
            chat=True,
        )
        gen = self.run(request)
        if not isinstance(gen, Generation):
            raise errors.ServiceError(500, f"model {served} did not produce a generation")
        stops = self.stops(body)
        content = fmt.visible_text(gen, stops)
        pieces = fmt.deltas(gen, content)
        ident = (served, request.inputs, request.parameters)
        common = {
            "id": fmt.completion_id("chatcmpl", *ident),
            "created": fmt.created_for(*ident),
            "model": echoed,
            "system_fingerprint": fmt.SYSTEM_FINGERPRINT,
        }
        usage = fmt.usage(gen.prompt_tokens, gen.generated_tokens)
        self.journal_extra.update(prompt_tokens=gen.prompt_tokens, generated_tokens=gen.generated_tokens)
        logprobs = body.get("logprobs") is True
        top = int(body.get("top_logprobs") or 0)
        characters = characters_of(messages)
        if request.stream:
            self.start_event_stream(characters)
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            await self.send_events(self.chat_chunks(gen, pieces, common, usage, include_usage, logprobs, top), done=True)
            return
        choice = {
            "index": 0,
            "message": {"role": "assistant", "content": content},
            "logprobs": fmt.token_logprobs(gen, pieces, top) if logprobs else None,
            "finish_reason": fmt.finish_reason(gen),
        }
        self.write_result({"object": "chat.completion", **common, "choices": [choice], "usage": usage}, characters)

    def chat_chunks(self, gen: Generation, pieces: list[str], common: dict[str, Any], usage: dict[str, int], include_usage: bool, logprobs: bool, top: int):
        last = len(pieces) - 1
        for index, piece in enumerate(pieces):
            chunk_logprobs = fmt.token_logprobs(gen, pieces, top)["content"][index : index + 1] if logprobs else None
            yield {
                "object": "chat.completion.chunk",
                **common,
                "choices": [
                    {
                        "index": 0,
                        "delta": {"role": "assistant", "content": piece},
                        "logprobs": {"content": chunk_logprobs, "refusal": None} if logprobs else None,
                        "finish_reason": fmt.finish_reason(gen) if index == last else None,
                    }
                ],
                "usage": None,
            }
        if include_usage:
            yield {"object": "chat.completion.chunk", **common, "choices": [], "usage": usage}


class CompletionsHandler(OpenAIHandler):
    route_kind = "completions"
    max_prompts = 4

    async def post(self, model: str | None = None) -> None:
        body = self.body_object()
        prompt = body.get("prompt")
        if prompt is None:
            raise self.missing_field("prompt")
        prompts = [prompt] if isinstance(prompt, str) else prompt
        if not isinstance(prompts, list) or not prompts or not all(isinstance(p, str) for p in prompts):
            raise errors.ServiceError(422 if self.surface != "openai" else 400, "`prompt` must be a string or a non-empty list of strings", error_type="validation", param="prompt")
        if len(prompts) > self.max_prompts:
            raise errors.ServiceError(422, f"Number of prompts exceeds the maximum allowed batch size of {self.max_prompts}", error_type="batch size exceeded")
        served, echoed = self.served_model(model, body.get("model"), self.state.config.default_model)
        parameters = self.generation_parameters(body)
        stops = self.stops(body)
        generations = []
        for text in prompts:
            request = self.make_request(served, "text-generation", inputs=text, parameters=parameters, body=body)
            generations.append(self.run(request))
        ident = (served, prompts, parameters)
        common = {
            "id": fmt.completion_id("cmpl", *ident),
            "created": fmt.created_for(*ident),
            "model": echoed,
            "system_fingerprint": fmt.SYSTEM_FINGERPRINT,
        }
        prompt_tokens = sum(g.prompt_tokens for g in generations)
        completion_tokens = sum(g.generated_tokens for g in generations)
        usage = fmt.usage(prompt_tokens, completion_tokens)
        self.journal_extra.update(prompt_tokens=prompt_tokens, generated_tokens=completion_tokens)
        echo = body.get("echo") is True
        texts = [(g.prompt if echo else "") + fmt.visible_text(g, stops) for g in generations]
        characters = characters_of(prompt)
        if body.get("stream") is True:
            self.start_event_stream(characters)
            await self.send_events(self.completion_chunks(generations, texts, echo, common, usage), done=True)
            return
        choices = [
            {"index": i, "text": text, "logprobs": None, "finish_reason": fmt.finish_reason(g)}
            for i, (g, text) in enumerate(zip(generations, texts))
        ]
        self.write_result({"object": "text_completion", **common, "choices": choices, "usage": usage}, characters)

    def completion_chunks(self, generations, texts, echo, common, usage):
        for i, (gen, text) in enumerate(zip(generations, texts)):
            pieces = fmt.deltas(gen, text[len(gen.prompt):] if echo else text)
            if echo:
                pieces[0:0] = [gen.prompt]
            last = len(pieces) - 1
            for index, piece in enumerate(pieces):
                final = index == last
                chunk = {
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
        served, echoed = self.served_model(None, body.get("model"), self.state.config.default_embedding_model)
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
            flat = _pooled(vector)
            embedding: Any = base64.b64encode(struct.pack(f"<{len(flat)}f", *flat)).decode("ascii") if encoding == "base64" else flat
            data.append({"object": "embedding", "index": index, "embedding": embedding})
        tokens = sum(count_tokens(t) for t in texts)
        self.write_result(
            {"object": "list", "data": data, "model": echoed, "usage": {"prompt_tokens": tokens, "total_tokens": tokens}},
            characters_of(texts),
        )


def _pooled(vector: Any) -> list[float]:
    """A sentence vector; token-level models are mean-pooled."""
    if vector and isinstance(vector[0], list):
        rows = vector[0] if vector and isinstance(vector[0][0], list) else vector
        size = len(rows[0])
        return [sum(r[i] for r in rows) / len(rows) for i in range(size)]
    return vector


class ModelsHandler(OpenAIHandler):
    route_kind = "models"
    requires_auth = False

    def get(self, model: str | None = None) -> None:
        catalog = self.state.registry.catalog
        if model:
            model = model.rstrip("/")
            card = catalog.get(model)
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
