"""Reading the image or audio of a request, in every shape the clients send it (WIRE.md 2.4).

A raw body (any or no Content-Type, sniffed by magic bytes), a base64 string or data: URL in
`inputs`, base64 in `inputs.image` (JS zero-shot-image, VQA, document-QA) or in a root `image`
(hf_hub VQA). Also the small parameter readers and the classifier answer the media tasks share.
"""
from __future__ import annotations

from typing import Any

from hf_tornado import errors
from hf_tornado.media_info import AudioInfo, ImageInfo, require_audio, require_image
from hf_tornado.synth import scores
from hf_tornado.synth.seed import rng
from hf_tornado.tasks import MISSING, InferenceRequest

MAX_SIDE = 2048  # largest generated image side; bigger requests get a 400, not a slow answer
# Pillow refuses to open an image of more pixels than twice its MAX_IMAGE_PIXELS (a
# DecompressionBombError), so the real pipelines never see one; a header can claim any size.
MAX_INPUT_PIXELS = 2 * (1024 * 1024 * 1024 // 4 // 3)


def _media_value(request: InferenceRequest, key: str) -> tuple[Any, str]:
    if request.raw is not None:
        return request.raw, "inputs"
    inputs = request.inputs
    if isinstance(inputs, dict):
        if key in inputs:
            return inputs[key], f"inputs.{key}"
        raise errors.missing_field(f"inputs.{key}")
    if inputs is MISSING or inputs is None:
        if key in request.body:
            return request.body[key], key
        raise errors.missing_field("inputs")
    return inputs, "inputs"


def image_of(request: InferenceRequest) -> tuple[bytes, ImageInfo]:
    """The request's image and its real size; a 400 when it is missing or no image."""
    value, field = _media_value(request, "image")
    data, info = require_image(value, field)
    pixels = info.width * info.height
    if pixels > MAX_INPUT_PIXELS:
        raise errors.bad_request(
            f"Image size ({pixels} pixels) exceeds limit of {MAX_INPUT_PIXELS} pixels, could be decompression bomb DOS attack."
        )
    return data, info


def audio_of(request: InferenceRequest) -> tuple[bytes, AudioInfo]:
    """The request's audio and what it is; a 400 when it is missing or no audio."""
    value, field = _media_value(request, "audio")
    return require_audio(value, field)


def media_label_scores(request: InferenceRequest, task: str, data: bytes, labels: tuple[str, ...], spread: float) -> list[dict[str, Any]]:
    """An image or audio classifier's answer: seeded scores of the model's labels, with the
    pipeline's `function_to_apply` (softmax) and `top_k` (5)."""
    function = scores.function_to_apply(request.param("function_to_apply"))
    k = scores.top_k(request.param("top_k"), default=5)
    stream = rng(request.model, task, data)
    return scores.label_scores(labels, scores.draw_logits(stream, len(labels), spread=spread), function=function, k=k)


def text_of(request: InferenceRequest, name: str = "inputs") -> str:
    """A required non-empty text `inputs` (text-to-image, text-to-speech, text-to-video)."""
    value = request.require_inputs()
    if not isinstance(value, str):
        raise errors.invalid_field(name, "input should be a valid string")
    if not value.strip():
        raise errors.bad_request(f"`{name}` cannot be empty")
    return value


def positive_int(request: InferenceRequest, name: str, default: int, maximum: int) -> int:
    value = request.param(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) or value < 1:
        raise errors.bad_request(f"`{name}` must be a positive integer, got {value!r}")
    if value > maximum:
        raise errors.bad_request(f"`{name}` must be at most {maximum}, got {int(value)}")
    return int(value)


def target_size(request: InferenceRequest, default: tuple[int, int]) -> tuple[int, int]:
    """(width, height) from `target_size {width, height}`, else `width`/`height`, else default."""
    size = request.param("target_size")
    if size is not None:
        if not isinstance(size, dict) or "width" not in size or "height" not in size:
            raise errors.bad_request("`target_size` must be an object with `width` and `height`")
        dims = []
        for key in ("width", "height"):
            value = size[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) or not 1 <= value <= MAX_SIDE:
                raise errors.bad_request(f"`target_size.{key}` must be an integer from 1 to {MAX_SIDE}, got {value!r}")
            dims.append(int(value))
        return dims[0], dims[1]
    return (
        positive_int(request, "width", default[0], MAX_SIDE),
        positive_int(request, "height", default[1], MAX_SIDE),
    )


def wants_jpeg(accept: str) -> bool:
    """True when `Accept` prefers image/jpeg over image/png (PNG is the default, WIRE.md 3.3)."""
    best, best_q = None, -1.0
    for position, part in enumerate(accept.split(",")):
        media, _, params = part.strip().partition(";")
        media = media.strip().lower()
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media in ("image/jpeg", "image/jpg", "image/png") and q > best_q:
            best, best_q = media, q
    return best in ("image/jpeg", "image/jpg")
