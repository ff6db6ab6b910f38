"""The Task contract: what a task plugin receives and what it may return.

A task is pure: it knows nothing of HTTP or of which surface asked. It gets an
``InferenceRequest`` and returns one of
- a JSON-able value (lists, dicts, numbers, strings),
- a ``MediaResult`` (bytes and their media type: images, audio, video),
- a ``Generation`` (tokens and a finish reason; the surfaces render TGI, OpenAI and SSE forms).
It raises ``hf_tornado.errors.ServiceError`` (see the constructors there) for bad input.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Mapping

from . import errors
from .catalog import ModelCard

MISSING: Any = object()


@dataclass
class InferenceRequest:
    model: str
    task: str
    card: ModelCard
    # The JSON body's `inputs` (MISSING when absent), or the raw bytes of a binary body.
    inputs: Any = MISSING
    parameters: dict[str, Any] = field(default_factory=dict)
    # The whole JSON body, `task` removed (root-level extras live here: `table`, `normalize`, ...).
    body: dict[str, Any] = field(default_factory=dict)
    # The raw request body when it was not JSON (image or audio bytes), with its media type.
    raw: bytes | None = None
    media_type: str | None = None
    stream: bool = False
    # Set by the chat surface: the prompt is a rendered conversation and the answer starts a
    # new message (no leading space).
    chat: bool = False
    accept: str = "*/*"
    user_agent: str = ""

    def require_inputs(self) -> Any:
        if self.inputs is MISSING:
            raise errors.missing_field("inputs")
        return self.inputs

    def param(self, name: str, default: Any = None) -> Any:
        """A parameter from `parameters`, else from the body root; null means unset."""
        value = self.parameters.get(name)
        if value is None:
            value = self.body.get(name)
        return default if value is None else value


@dataclass(frozen=True)
class MediaResult:
    data: bytes
    content_type: str


@dataclass(frozen=True)
class Token:
    id: int
    text: str
    logprob: float
    special: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "logprob": self.logprob, "special": self.special}


@dataclass
class Generation:
    """One generated sequence: made once, rendered by every surface.

    ``finish_reason`` is TGI's: ``length``, ``eos_token`` or ``stop_sequence``.
    """

    prompt: str
    prompt_tokens: int
    tokens: list[Token]
    finish_reason: str
    seed: int | None = None
    # Surface-independent extras a task may attach (tool calls, top tokens, prefill, ...).
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "".join([t.text for t in self.tokens if not t.special])  # a list: join builds one anyway

    @property
    def generated_tokens(self) -> int:
        return len(self.tokens)


class Task:
    """Base class for tasks. Subclasses set ``name`` and implement ``run``.

    ``binary_input`` tells the surfaces that a raw body (image or audio bytes) is this task's
    `inputs`.
    """

    name: ClassVar[str] = ""
    binary_input: ClassVar[bool] = False

    def run(self, request: InferenceRequest) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<Task {self.name}>"


def per_text(inputs: Any, answer: Callable[[str], Any]) -> Any:
    """The text pipelines' batching: ``answer(text)`` for a string, a list of answers for a
    non-empty list of strings; anything else is a 400."""
    if isinstance(inputs, str):
        return answer(inputs)
    if isinstance(inputs, list) and inputs and all(isinstance(i, str) for i in inputs):
        return [answer(text) for text in inputs]
    raise errors.invalid_field("inputs", "input should be a string or a list of strings")


def describe(task: Task) -> Mapping[str, Any]:
    return {"name": task.name, "class": f"{type(task).__module__}.{type(task).__qualname__}"}
