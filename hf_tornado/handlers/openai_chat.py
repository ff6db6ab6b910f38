"""`POST /v1/chat/completions` (and its model-scoped forms): text, tool calls and structured
output from the text-generation task, as objects or as stream chunks (WIRE.md 5.1-5.5)."""
from __future__ import annotations

from typing import Any, Iterator

from .. import errors
from ..tasks import Generation
from . import openai_format as fmt
from .inference import characters_of
from .openai_base import OpenAIHandler
from .openai_tools import chosen_tool, parse_tools, response_format_grammar

_ROLES = ("system", "developer", "user", "assistant", "tool", "function")


def render_chat_prompt(messages: list[Any]) -> str:
    """The conversation as one prompt string, in a Llama-3-like template."""
    parts = ["<|begin_of_text|>"]
    for message in messages:
        role = message.get("role", "user")
        text = content_text(message.get("content"))
        for call in message.get("tool_calls") or []:
            function = call.get("function") if isinstance(call, dict) else None
            function = function if isinstance(function, dict) else {}
            text += f'{{"name": "{function.get("name", "")}", "arguments": {function.get("arguments", "")}}}'
        parts.append(f"<|start_header_id|>{role}<|end_header_id|>\n\n{text}<|eot_id|>")
    parts.append("<|start_header_id|>assistant<|end_header_id|>\n\n")
    return "".join(parts)


def content_text(content: Any) -> str:
    """A message's text; content parts (text, image_url, input_audio, ...) are flattened."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = []
        for part in content:
            if isinstance(part, dict) and part.get("type") == "text":
                texts.append(str(part.get("text", "")))
            elif isinstance(part, dict) and isinstance(part.get("type"), str):
                texts.append(f"<{part['type']}>")
        return " ".join(texts)
    return str(content)


class ChatCompletionsHandler(OpenAIHandler):
    route_kind = "chat"

    async def post(self, model: str | None = None) -> None:
        body = self.body_object()
        messages = self.checked_messages(body)
        served, echoed = self.served_model(model, body.get("model"), self.state.config.default_model)
        n = self.count_choices(body)
        logprobs, top = self.logprob_options(body)
        prompt = render_chat_prompt(messages)
        tools = parse_tools(body)
        grammar = response_format_grammar(body)
        if tools and grammar is not None and body.get("tool_choice") != "none":
            raise errors.ServiceError(422, "Tool error: Grammar and tools are mutually exclusive", error_type="tool_error", param="response_format")
        parameters = self.generation_parameters(body)
        tool = chosen_tool(body, tools, messages, served, prompt, parameters)
        if tool is not None:
            grammar = {"type": "json", "value": tool.parameters}
        if grammar is not None:
            parameters["grammar"] = grammar

        generations: list[Generation] = []
        for index in range(n):
            request = self.make_request(
                served,
                "text-generation",
                inputs=prompt,
                parameters={**parameters, **({"choice_index": index} if index else {})},
                body=body,
                stream=body.get("stream") is True,
                chat=True,
            )
            try:
                gen = self.run(request)
            except errors.ServiceError as exc:
                if request.stream and self.surface == "tgi" and exc.error_type == "validation" and not exc.plain_text:
                    # TGI validates a streamed chat inside the 200 stream (WIRE.md 5.3); the
                    # string form with `error_type` makes hf_hub raise its typed error.
                    self.start_event_stream(characters_of(messages))
                    self.journal_extra["error"] = exc.message
                    await self.send_events([{"error": exc.message, "error_type": exc.error_type}], done=False)
                    return
                raise
            if not isinstance(gen, Generation):
                raise errors.ServiceError(500, f"model {served} did not produce a generation")
            if tool is not None:
                gen.extras["tool_call"] = tool.name
            generations.append(gen)

        ident = (served, prompt, parameters, n)
        common = fmt.identity("chatcmpl", echoed, *ident)
        prompt_tokens = generations[0].prompt_tokens
        completion_tokens = sum(g.generated_tokens for g in generations)
        usage = fmt.usage(prompt_tokens, completion_tokens)
        self.journal_extra.update(prompt_tokens=prompt_tokens, generated_tokens=completion_tokens)
        stops = self.stops(body)
        # A call id is only ever written for a tool call: not hashed for plain answers.
        answers = [
            (gen, fmt.visible_text(gen, stops), fmt.tool_call_id(*ident, index) if "tool_call" in gen.extras else "")
            for index, gen in enumerate(generations)
        ]
        characters = characters_of(messages)
        if body.get("stream") is True:
            options = body.get("stream_options")
            include_usage = isinstance(options, dict) and options.get("include_usage") is True
            self.start_event_stream(characters)
            await self.send_events(self.chunks(answers, common, usage, include_usage, served, logprobs, top), done=True)
            return
        choices = [self.choice(index, gen, text, call_id, served, logprobs, top) for index, (gen, text, call_id) in enumerate(answers)]
        self.set_trusted_header("x-prompt-tokens", str(prompt_tokens))
        self.set_trusted_header("x-generated-tokens", str(completion_tokens))
        self.write_result({"object": "chat.completion", **common, "choices": choices, "usage": usage}, characters)

    # --- request checks -------------------------------------------------------------------------
    def checked_messages(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        messages = body.get("messages")
        if messages is None:
            raise self.missing_field("messages")
        if not isinstance(messages, list) or not messages:
            raise self.invalid("'messages' must be a non-empty list of messages", "messages")
        for index, message in enumerate(messages):
            if not isinstance(message, dict) or message.get("role") not in _ROLES:
                raise self.invalid(f"'messages[{index}]' must be an object with a 'role' in {', '.join(_ROLES)}", f"messages[{index}]")
            content = message.get("content")
            if content is not None and not isinstance(content, (str, list)):
                raise self.invalid(f"'messages[{index}].content' must be a string or a list of content parts", f"messages[{index}].content")
            calls = message.get("tool_calls")
            if calls is not None and not (isinstance(calls, list) and all(isinstance(call, dict) for call in calls)):
                raise self.invalid(f"'messages[{index}].tool_calls' must be a list of tool calls", f"messages[{index}].tool_calls")
        return messages

    def logprob_options(self, body: dict[str, Any]) -> tuple[bool, int]:
        logprobs = body.get("logprobs") is True
        top = body.get("top_logprobs")
        if top is None:
            return logprobs, 0
        if isinstance(top, bool) or not isinstance(top, int) or not 0 <= top <= 20:
            raise self.invalid("'top_logprobs' must be an integer between 0 and 20", "top_logprobs")
        if top and not logprobs:
            raise self.invalid("'logprobs' must be true when 'top_logprobs' is set", "top_logprobs")
        return logprobs, top

    # --- rendering ------------------------------------------------------------------------------
    def choice(self, index: int, gen: Generation, text: str, call_id: str, model: str, logprobs: bool, top: int) -> dict[str, Any]:
        if "tool_call" in gen.extras:
            message: dict[str, Any] = {"role": "assistant", "content": None, "tool_calls": [fmt.tool_call(gen, text, with_id=call_id)]}
        else:
            message = {"role": "assistant", "content": text}
        return {
            "index": index,
            "message": message,
            "logprobs": {"content": fmt.chat_logprob_entries(gen, model, top), "refusal": None} if logprobs else None,
            "finish_reason": fmt.finish_reason(gen),
        }

    def chunks(
        self, answers: list[tuple[Generation, str, str]], common: dict[str, Any], usage: dict[str, int], include_usage: bool, model: str, logprobs: bool, top: int
    ) -> Iterator[dict[str, Any]]:
        """TGI's chunk shape: the role in every delta, no empty first chunk, the finish reason on
        the last token's chunk; tool calls as OpenAI tool-call deltas (WIRE.md 5.3, 5.4)."""
        for index, (gen, text, call_id) in enumerate(answers):
            pieces = fmt.deltas(gen, text)
            entries = fmt.chat_logprob_entries(gen, model, top) if logprobs else []
            last = len(pieces) - 1
            for position, piece in enumerate(pieces):
                if "tool_call" in gen.extras:
                    call: dict[str, Any] = {"index": 0, "function": {"arguments": piece}}
                    if position == 0:
                        call = {"index": 0, "id": call_id, "type": "function", "function": {"name": gen.extras["tool_call"], "arguments": piece}}
                    delta: dict[str, Any] = {"role": "assistant", "tool_calls": [call]}
                else:
                    delta = {"role": "assistant", "content": piece}
                yield {
                    "object": "chat.completion.chunk",
                    **common,
                    "choices": [
                        {
                            "index": index,
                            "delta": delta,
                            "logprobs": {"content": entries[position : position + 1], "refusal": None} if logprobs else None,
                            "finish_reason": fmt.finish_reason(gen) if position == last else None,
                        }
                    ],
                    "usage": None,
                }
        if include_usage:
            yield {"object": "chat.completion.chunk", **common, "choices": [], "usage": usage}
