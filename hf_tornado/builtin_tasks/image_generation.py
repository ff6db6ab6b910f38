"""Built-in plugin: text-to-image, image-to-image, image-text-to-image, text-to-video,
image-to-video.

It registers its model cards and tasks; how the tasks answer is in ``image_generation_tasks.py``,
imported on the first run of one of them (``lazy.LazyTask``), so start-up does not pay for
it (docs/performance.md).
"""
from __future__ import annotations

from hf_tornado.catalog import ModelCard
from hf_tornado.hookspecs import hookimpl
from hf_tornado.tasks import Task

from .lazy import LazyTask


def _card(model_id: str, task: str, side: int | None = None) -> ModelCard:
    extra = {"default_side": side} if side else {}
    return ModelCard(id=model_id, task=task, tags=(task, "diffusers"), library="diffusers", extra=extra)


CARDS: tuple[ModelCard, ...] = (
    _card("black-forest-labs/FLUX.1-schnell", "text-to-image", 1024),
    _card("black-forest-labs/FLUX.1-dev", "text-to-image", 1024),
    _card("stabilityai/stable-diffusion-xl-base-1.0", "text-to-image", 1024),
    _card("stabilityai/stable-diffusion-3.5-large", "text-to-image", 1024),
    _card("stabilityai/stable-diffusion-2", "text-to-image", 768),
    _card("stable-diffusion-v1-5/stable-diffusion-v1-5", "text-to-image", 512),
    _card("runwayml/stable-diffusion-v1-5", "text-to-image", 512),
    _card("timbrooks/instruct-pix2pix", "image-to-image"),
    _card("lllyasviel/sd-controlnet-canny", "image-to-image"),
    _card("stabilityai/stable-diffusion-xl-refiner-1.0", "image-to-image"),
    # Kontext's Hub pipeline tag is image-to-image (hf_hub's image_to_image checks it); an image
    # and an instruction are what image-to-image takes anyway (`prompt`).
    _card("black-forest-labs/FLUX.1-Kontext-dev", "image-to-image"),
    _card("black-forest-labs/FLUX.2-dev", "image-text-to-image", 1024),
    _card("genmo/mochi-1-preview", "text-to-video"),
    _card("Lightricks/LTX-Video", "text-to-video"),
    _card("tencent/HunyuanVideo", "text-to-video"),
    _card("stabilityai/stable-video-diffusion-img2vid-xt", "image-to-video"),
    # The rest of @huggingface/tasks' example models for these tasks: the clients check a model's
    # Hub pipeline tag against the task they call, and name rules would guess some of them wrong.
    _card("Qwen/Qwen-Image", "text-to-image", 1024),
    _card("ByteDance/Hyper-SD", "text-to-image", 1024),
    _card("fal/AuraSR-v2", "image-to-image"),
    _card("yisol/IDM-VTON", "image-to-image"),
    _card("kontext-community/relighting-kontext-dev-lora-v3", "image-to-image"),
    _card("black-forest-labs/FLUX.1-Fill-dev", "image-to-image"),
    _card("black-forest-labs/FLUX.1-Depth-dev-lora", "image-to-image"),
    _card("nvidia/Cosmos-1.0-Diffusion-7B-Text2World", "text-to-video"),
    _card("Lightricks/LTX-Video-0.9.8-13B-distilled", "text-to-video"),
    *(_card(model_id, "image-to-video") for model_id in (
        "Lightricks/LTX-Video-0.9.7-dev", "Lightricks/LTX-Video-0.9.7-distilled", "Wan-AI/Wan2.1-VACE-14B",
        "Wan-AI/Wan2.1-I2V-14B-720P", "Wan-AI/Wan2.1-I2V-14B-720P-Diffusers", "lllyasviel/FramePack_F1_I2V_HY_20250503",
        "Skywork/SkyReels-V2-I2V-14B-720P", "tencent/HunyuanVideo-I2V",
    )),
)


@hookimpl
def hf_tornado_register_tasks() -> list[Task]:
    return [
        LazyTask("text-to-image", "hf_tornado.builtin_tasks.image_generation_tasks:TextToImage"),
        LazyTask("image-to-image", "hf_tornado.builtin_tasks.image_generation_tasks:ImageToImage", binary_input=True),
        LazyTask("image-text-to-image", "hf_tornado.builtin_tasks.image_generation_tasks:ImageTextToImage", binary_input=True),
        LazyTask("text-to-video", "hf_tornado.builtin_tasks.image_generation_tasks:TextToVideo"),
        LazyTask("image-to-video", "hf_tornado.builtin_tasks.image_generation_tasks:ImageToVideo", binary_input=True),
    ]


@hookimpl
def hf_tornado_register_models() -> list[ModelCard]:
    return list(CARDS)
