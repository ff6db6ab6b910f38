"""How a ``Generation`` looks on the TGI surfaces (``/generate``, ``/generate_stream``, and
``/models/{id}`` or ``POST /`` for text-generation)."""
from __future__ import annotations

from typing import Any, Iterator

from ..tasks import Generation


def generated_text(gen: Generation, *, full_text: bool) -> str:
    return gen.prompt + gen.text if full_text else gen.text


def details(gen: Generation) -> dict[str, Any]:
    return {
        "finish_reason": gen.finish_reason,
        "generated_tokens": gen.generated_tokens,
        "seed": gen.seed,
        "prefill": gen.extras.get("prefill", []),
        "tokens": [t.as_dict() for t in gen.tokens],
        **({"top_tokens": gen.extras["top_tokens"]} if "top_tokens" in gen.extras else {}),
        **({"best_of_sequences": gen.extras["best_of_sequences"]} if "best_of_sequences" in gen.extras else {}),
    }


def response(gen: Generation, *, full_text: bool, with_details: bool) -> dict[str, Any]:
    """The `/generate` object; `/` and `/models/{id}` wrap it in a list."""
    body: dict[str, Any] = {"generated_text": generated_text(gen, full_text=full_text)}
    if with_details:
        body["details"] = details(gen)
    return body


def stream_events(gen: Generation, *, full_text: bool, with_details: bool) -> Iterator[dict[str, Any]]:
    """One event per token; the last carries the whole text and the short details."""
    last = len(gen.tokens)
    top_tokens = gen.extras.get("top_tokens")
    for index, token in enumerate(gen.tokens, start=1):
        event: dict[str, Any] = {"index": index, "token": token.as_dict()}
        if top_tokens is not None:
            event["top_tokens"] = top_tokens[index - 1]
        final = index == last
        event["generated_text"] = generated_text(gen, full_text=full_text) if final else None
        event["details"] = (
            {
                "finish_reason": gen.finish_reason,
                "generated_tokens": gen.generated_tokens,
                "seed": gen.seed,
                "input_length": gen.prompt_tokens,
            }
            if final and with_details
            else None
        )
        yield event


def info(card: Any, version: str) -> dict[str, Any]:
    """TGI's `GET /info` for a text model, or a short description for other tasks."""
    from ..synth.seed import seed_bytes

    return {
        "model_id": card.id,
        "model_sha": seed_bytes("model-sha", card.id, size=20).hex(),
        "model_pipeline_tag": card.task,
        "max_concurrent_requests": 128,
        "max_best_of": 2,
        "max_stop_sequences": 4,
        "max_input_tokens": card.max_input_tokens,
        "max_total_tokens": card.max_total_tokens,
        "validation_workers": 2,
        "max_client_batch_size": 4,
        "router": "text-generation-router",
        "version": "3.3.6",
        "sha": None,
        "docker_label": None,
        "hf_tornado_version": version,
    }


def stream_error_event(error: Any) -> dict[str, Any]:
    """A validation error of a streamed request: one SSE event in a 200 answer (WIRE.md 4.3)."""
    return {"error": error.message, "error_type": error.error_type or "validation"}
