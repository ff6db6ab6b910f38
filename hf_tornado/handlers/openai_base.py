"""What every OpenAI-compatible route shares: body parsing, model names, error dialect, and the
translation of OpenAI sampling fields into TGI generation parameters.

The root routes (`/v1/...`) answer errors in the OpenAI envelope; the model-scoped routes
(`/models/{id}/v1/...`, `/hf-inference/models/{id}/v1/...`) are TGI-served in the real
service and answer TGI's `{"error", "error_type"}` (WIRE.md 5.10).
"""
from __future__ import annotations

from typing import Any

from .. import errors
from .inference import InferenceHandler

_MODEL_PLACEHOLDERS = ("tgi", "dummy", "")
_ROUTER_POLICIES = ("fastest", "cheapest", "preferred")
# Providers the router knows (WIRE.md 5.9): a `:provider` suffix naming one of them is accepted.
_PROVIDERS = (
    "hf-inference", "black-forest-labs", "cerebras", "cohere", "fal-ai", "featherless-ai", "fireworks-ai", "groq",
    "hyperbolic", "nebius", "novita", "nscale", "openai", "ovhcloud", "publicai", "replicate", "sambanova",
    "scaleway", "together", "wavespeed", "zai-org",
)


class OpenAIHandler(InferenceHandler):
    surface = "openai"

    def initialize(self, state: Any, surface: str = "openai") -> None:  # type: ignore[override]
        super().initialize(state)
        self.surface = surface

    def body_object(self) -> dict[str, Any]:
        if self.surface == "tgi":
            # TGI-served routes answer axum's text/plain framework errors (WIRE.md 4.1)
            from .tgi import framework_body

            return framework_body(self)
        body = self.json_body()
        if not isinstance(body, dict):
            raise errors.bad_request("The request body must be a JSON object", code="invalid_request")
        return body

    def invalid(self, message: str, param: str, code: str = "invalid_request") -> errors.ServiceError:
        """A request error: 400 in the OpenAI envelope on /v1, TGI's 422 validation on
        model-scoped routes."""
        if self.surface == "openai":
            return errors.ServiceError(400, message, code=code, param=param)
        return errors.ServiceError(422, f"Input validation error: {message}", error_type="validation", param=param)

    def served_model(self, path_model: str | None, body_model: Any, default: str, task: str = "text-generation") -> tuple[str, str]:
        """(the model to run, the name to echo). Router suffixes (`:fastest`, `:provider`) are
        stripped; placeholders (`tgi`, `dummy`, URLs) mean the route's own model."""
        if path_model:
            path_model = path_model.rstrip("/")
        name = body_model if isinstance(body_model, str) else ""
        if "://" in name or name in _MODEL_PLACEHOLDERS:
            served = path_model or default
            return served, served
        bare, _, suffix = name.partition(":")
        if suffix and suffix not in _ROUTER_POLICIES and suffix not in _PROVIDERS and self.surface == "openai" and not path_model:
            raise errors.ServiceError(400, f"The requested provider '{suffix}' is not available.", code="provider_not_available", param="model")
        if not path_model and self.surface == "openai":
            card = self.state.registry.catalog.get(bare)
            if card is not None and card.task != task and not (task == "feature-extraction" and card.task == "sentence-similarity"):
                raise errors.ServiceError(
                    400,
                    f"The requested model '{bare}' is not supported by any provider you have enabled.",
                    code="model_not_supported",
                    param="model",
                )
        return (path_model or bare), bare

    def missing_field(self, name: str) -> errors.ServiceError:
        if self.surface == "openai":
            return errors.ServiceError(400, f"Missing required parameter: '{name}'.", code="missing_required_parameter", param=name)
        return errors.ServiceError(
            422, f"Failed to deserialize the JSON body into the target type: missing field `{name}`", plain_text=True
        )

    def generation_parameters(self, body: dict[str, Any]) -> dict[str, Any]:
        """TGI parameters from an OpenAI body. OpenAI's neutral values (temperature 0 = greedy,
        top_p 1 = no nucleus cut) mean "unset" rather than TGI's validation errors."""
        max_tokens_field = "max_completion_tokens" if body.get("max_completion_tokens") is not None else "max_tokens"
        max_tokens = body.get(max_tokens_field)
        # Checked here, under the body's own names: past this point they are TGI's
        # `parameters.max_new_tokens` / `parameters.seed`, names this request never used.
        _check_unsigned(max_tokens, max_tokens_field, 2**32 - 1, "u32")
        _check_unsigned(body.get("seed"), "seed", 2**64 - 1, "u64")
        stop = body.get("stop")
        if stop is not None and not isinstance(stop, (str, list)):
            raise self.invalid("'stop' must be a string or a list of strings", "stop")
        temperature = body.get("temperature")
        top_p = body.get("top_p")
        for name in ("frequency_penalty", "presence_penalty"):
            value = body.get(name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or not -2 <= value <= 2):
                raise self.invalid(f"'{name}' must be a number between -2.0 and 2.0", name)
        parameters = {
            "max_new_tokens": max_tokens,
            "stop": [stop] if isinstance(stop, str) else stop,
            "seed": body.get("seed"),
            "temperature": None if temperature == 0 else temperature,
            "top_p": None if top_p == 1 else top_p,
            "frequency_penalty": body.get("frequency_penalty") or None,
            "repetition_penalty": body.get("repetition_penalty"),
        }
        return {k: v for k, v in parameters.items() if v is not None}

    def stops(self, body: dict[str, Any]) -> list[str]:
        stop = body.get("stop")
        return [stop] if isinstance(stop, str) else [s for s in (stop or []) if isinstance(s, str)]

    def count_choices(self, body: dict[str, Any]) -> int:
        n = body.get("n")
        if n is None:
            return 1
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 16:
            raise self.invalid("'n' must be an integer between 1 and 16", "n")
        return n


def _check_unsigned(value: Any, name: str, largest: int, kind: str) -> None:
    """serde's 422 for a root field that is not an unsigned integer of ``kind``."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (isinstance(value, float) and not value.is_integer()):
        detail = f"invalid type: {errors.serde_describe(value)}, expected {kind}"
    elif not 0 <= value <= largest:
        detail = f"invalid value: {errors.serde_describe(value)}, expected {kind}"
    else:
        return
    raise errors.ServiceError(
        422, f"Failed to deserialize the JSON body into the target type: {name}: {detail}", error_type="validation", plain_text=True,
    )
