"""Built-in plugin: image-classification, object-detection, image-segmentation,
zero-shot-image-classification, image-to-text.

It registers its model cards and tasks; how the tasks answer is in ``vision_tasks.py``,
imported on the first run of one of them (``lazy.LazyTask``), so start-up does not pay for
it (docs/performance.md).
"""
from __future__ import annotations

from typing import Any

from hf_tornado.catalog import ModelCard
from hf_tornado.hookspecs import hookimpl
from hf_tornado.tasks import Task

from . import media_labels as L
from .lazy import LazyTask


def _card(model_id: str, task: str, labels: tuple[str, ...] = (), **extra: Any) -> ModelCard:
    return ModelCard(id=model_id, task=task, labels=labels, tags=(task, "endpoints_compatible"), extra=extra)


CARDS: tuple[ModelCard, ...] = (
    _card("google/vit-base-patch16-224", "image-classification", L.IMAGENET),
    _card("microsoft/resnet-50", "image-classification", L.IMAGENET),
    _card("facebook/convnext-large-224", "image-classification", L.IMAGENET),
    _card("Falconsai/nsfw_image_detection", "image-classification", L.NSFW),
    _card("facebook/detr-resnet-50", "object-detection", L.COCO),
    _card("facebook/detr-resnet-101", "object-detection", L.COCO),
    _card("hustvl/yolos-tiny", "object-detection", L.COCO),
    _card("hustvl/yolos-small", "object-detection", L.COCO),
    _card("nvidia/segformer-b0-finetuned-ade-512-512", "image-segmentation", L.ADE20K, semantic=True),
    _card("openmmlab/upernet-convnext-small", "image-segmentation", L.ADE20K, semantic=True),
    _card("jonathandinu/face-parsing", "image-segmentation", L.FACE_PARTS, semantic=True),
    _card("facebook/detr-resnet-50-panoptic", "image-segmentation", L.COCO_PANOPTIC),
    _card("facebook/mask2former-swin-large-coco-panoptic", "image-segmentation", L.COCO_PANOPTIC),
    _card("openai/clip-vit-large-patch14", "zero-shot-image-classification"),
    _card("openai/clip-vit-base-patch32", "zero-shot-image-classification"),
    _card("google/siglip-so400m-patch14-384", "zero-shot-image-classification"),
    _card("Salesforce/blip-image-captioning-base", "image-to-text"),
    _card("Salesforce/blip-image-captioning-large", "image-to-text"),
    _card("nlpconnect/vit-gpt2-image-captioning", "image-to-text"),
    _card("microsoft/trocr-base-printed", "image-to-text", ocr=True),
    # The rest of @huggingface/tasks' example models for these tasks (the clients check a model's
    # Hub pipeline tag against the task they call).
    _card("facebook/deit-base-distilled-patch16-224", "image-classification", L.IMAGENET),
    _card("StephanST/WALDO30", "object-detection", L.WALDO),
    _card("tue-mps/coco_panoptic_eomt_large_640", "image-segmentation", L.COCO_PANOPTIC),
    _card("briaai/RMBG-1.4", "image-segmentation", ("foreground",), semantic=True),
    _card("ZhengPeng7/BiRefNet", "image-segmentation", ("foreground",), semantic=True),
    _card("facebook/sapiens-seg-1b", "image-segmentation", L.BODY_PARTS, semantic=True),
    _card("google/siglip2-base-patch16-224", "zero-shot-image-classification"),
    _card("visheratin/mexma-siglip", "zero-shot-image-classification"),
    _card("intfloat/mmE5-mllama-11b-instruct", "zero-shot-image-classification"),
    _card("allenai/olmOCR-7B-0725", "image-to-text", ocr=True),
)


@hookimpl
def hf_tornado_register_tasks() -> list[Task]:
    return [
        LazyTask("image-classification", "hf_tornado.builtin_tasks.vision_tasks:ImageClassification", binary_input=True),
        LazyTask("object-detection", "hf_tornado.builtin_tasks.vision_tasks:ObjectDetection", binary_input=True),
        LazyTask("image-segmentation", "hf_tornado.builtin_tasks.vision_tasks:ImageSegmentation", binary_input=True),
        LazyTask("zero-shot-image-classification", "hf_tornado.builtin_tasks.vision_tasks:ZeroShotImageClassification"),
        LazyTask("image-to-text", "hf_tornado.builtin_tasks.vision_tasks:ImageToText", binary_input=True),
    ]


@hookimpl
def hf_tornado_register_models() -> list[ModelCard]:
    return list(CARDS)
