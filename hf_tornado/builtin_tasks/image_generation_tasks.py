"""The tasks of the built-in plugin ``image_generation`` (registered by ``image_generation.py``):
text-to-image, image-to-image, image-text-to-image, text-to-video and image-to-video.

Pictures are seeded by the prompt and the parameters that change a real render (negative
prompt, seed, steps, guidance), so the same request gives the same bytes and another prompt
another picture. Images are PNG unless `Accept` prefers image/jpeg (both are real, decodable
files: ``synth.png`` and ``synth.jpeg``). Videos are MP4 with a Motion-JPEG track
(``synth.mp4``); the SDKs refuse to send video tasks to a custom URL, so they are served over
plain HTTP (WIRE.md 3.3, 3.6).
"""
from __future__ import annotations

from typing import Any

from hf_tornado import errors
from hf_tornado.synth.jpeg import write_jpeg
from hf_tornado.synth.mp4 import write_mp4
from hf_tornado.synth.png import CellGrid, picture, png_of
from hf_tornado.tasks import InferenceRequest, MediaResult, Task

from .media_inputs import image_of, positive_int, target_size, text_of, wants_jpeg

DEFAULT_IMAGE_SIDE = 512
DEFAULT_VIDEO_SIZE = (256, 256)
MAX_VIDEO_SIDE = 1024
MAX_FRAMES = 64
_RENDER_PARAMETERS = ("negative_prompt", "seed", "num_inference_steps", "guidance_scale", "scheduler")


def _render_key(request: InferenceRequest) -> dict[str, Any]:
    return {name: request.param(name) for name in _RENDER_PARAMETERS if request.param(name) is not None}


def image_result(grid: CellGrid, accept: str) -> MediaResult:
    if wants_jpeg(accept):
        return MediaResult(write_jpeg(grid), "image/jpeg")
    return MediaResult(png_of(grid), "image/png")


class TextToImage(Task):
    name = "text-to-image"

    def run(self, request: InferenceRequest) -> Any:
        prompt = text_of(request)
        side = int(request.card.extra.get("default_side", DEFAULT_IMAGE_SIDE))
        width, height = target_size(request, (side, side))
        grid = picture(width, height, request.model, self.name, prompt, _render_key(request))
        return image_result(grid, request.accept)


def _prompt(request: InferenceRequest) -> str:
    prompt = request.param("prompt")
    if prompt is None and isinstance(request.inputs, dict):
        prompt = request.inputs.get("prompt", request.inputs.get("text"))
    if prompt is not None and not isinstance(prompt, str):
        raise errors.invalid_field("parameters.prompt", "input should be a valid string")
    return prompt or ""


class ImageToImage(Task):
    """The picture derives from the input image's bytes and the prompt; its size is the input's
    unless `target_size` says otherwise."""

    name = "image-to-image"
    binary_input = True

    def run(self, request: InferenceRequest) -> Any:
        data, info = image_of(request)
        width, height = target_size(request, (info.width, info.height))
        grid = picture(width, height, request.model, self.name, data, _prompt(request), _render_key(request))
        return image_result(grid, request.accept)


class ImageTextToImage(ImageToImage):
    """An image and a text instruction (`parameters.prompt`, or `inputs.prompt`/`inputs.text`
    next to `inputs.image`). The SDKs refuse it for custom URLs; plain HTTP gets a PNG."""

    name = "image-text-to-image"

    def run(self, request: InferenceRequest) -> Any:
        if not _prompt(request).strip():
            raise errors.bad_request("image-text-to-image needs a text `prompt` in `parameters` (or `inputs.prompt`)")
        return super().run(request)


def _video(request: InferenceRequest, task: str, default_size: tuple[int, int], *seed_parts: Any) -> MediaResult:
    width = positive_int(request, "width", default_size[0], MAX_VIDEO_SIDE)
    height = positive_int(request, "height", default_size[1], MAX_VIDEO_SIDE)
    if request.param("target_size") is not None:
        width, height = target_size(request, (width, height))
        if max(width, height) > MAX_VIDEO_SIDE:
            raise errors.bad_request(f"video sides must be at most {MAX_VIDEO_SIDE} pixels")
    frames = positive_int(request, "num_frames", 16, MAX_FRAMES)
    fps = positive_int(request, "fps", 8, 60)
    base = picture(width, height, request.model, task, *seed_parts, _render_key(request))
    # A slow pan: each frame shifts the cell columns by one, so frames differ but belong together.
    shots = []
    for index in range(frames):
        shift = index % base.columns
        colors = [line[shift:] + line[:shift] for line in base.colors]
        shots.append(write_jpeg(CellGrid(width, height, colors)))
    return MediaResult(write_mp4(shots, width, height, fps), "video/mp4")


class TextToVideo(Task):
    name = "text-to-video"

    def run(self, request: InferenceRequest) -> Any:
        prompt = text_of(request)
        return _video(request, self.name, DEFAULT_VIDEO_SIZE, prompt)


class ImageToVideo(Task):
    name = "image-to-video"
    binary_input = True

    def run(self, request: InferenceRequest) -> Any:
        data, info = image_of(request)
        scale = min(1.0, MAX_VIDEO_SIDE / max(info.width, info.height))
        size = (max(1, int(info.width * scale)), max(1, int(info.height * scale)))
        return _video(request, self.name, size, data, _prompt(request))
