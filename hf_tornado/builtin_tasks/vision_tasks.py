"""The tasks of the built-in plugin ``vision`` (registered by ``vision.py``): image-classification,
object-detection, image-segmentation, zero-shot-image-classification and image-to-text.

Every answer is seeded by (model, task, the image's bytes, the parameters that matter) and
bounded by the image's real size read from its header (WIRE.md 3.3, 9.7, 9.11): labels from the
model's label set, scores sorted, boxes inside the image, masks single-channel PNGs of the
image's size that partition it.
"""
from __future__ import annotations

import base64
from typing import Any

from hf_tornado import errors
from hf_tornado.catalog import ModelCard
from hf_tornado.synth import scores
from hf_tornado.synth.png import CellGrid, cell_count, png_of
from hf_tornado.synth.seed import rng
from hf_tornado.tasks import InferenceRequest, Task

from . import media_labels as L
from .media_inputs import image_of, media_label_scores

_GENERIC_LABELS = tuple(f"LABEL_{i}" for i in range(5))


def labels_of(card: ModelCard, fallback: tuple[str, ...] = _GENERIC_LABELS) -> tuple[str, ...]:
    return card.labels or fallback


class ImageClassification(Task):
    name = "image-classification"
    binary_input = True

    def run(self, request: InferenceRequest) -> Any:
        data, _ = image_of(request)
        return media_label_scores(request, self.name, data, labels_of(request.card), spread=9.0)


def _threshold(request: InferenceRequest, default: float) -> float:
    value = request.param("threshold", default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise errors.bad_request(f"`threshold` must be a number between 0 and 1, got {value!r}")
    return float(value)


def _span(stream: Any, length: int) -> tuple[int, int]:
    """An integer interval [low, high) inside [0, length], covering 15-80% of it (or 1 pixel)."""
    low = stream.randint(0, max(0, int(length * 0.6) - 1))
    size = stream.randint(max(1, int(length * 0.15)), max(1, int(length * 0.8)))
    return low, min(length, low + size)


class ObjectDetection(Task):
    name = "object-detection"
    binary_input = True

    def run(self, request: InferenceRequest) -> Any:
        data, info = image_of(request)
        threshold = _threshold(request, 0.5)
        labels = labels_of(request.card, L.COCO)
        stream = rng(request.model, self.name, data)
        found = []
        for _ in range(stream.randint(1, 5)):
            xmin, xmax = _span(stream, info.width)
            ymin, ymax = _span(stream, info.height)
            score = scores.round_score(stream.uniform(0.5, 0.9999))
            found.append({"score": score, "label": stream.choice(labels), "box": {"xmin": xmin, "ymin": ymin, "xmax": xmax, "ymax": ymax}})
        found.sort(key=lambda item: -item["score"])
        return [item for item in found if item["score"] >= threshold]


def segment_grids(width: int, height: int, count: int, *seed_parts: object) -> list[CellGrid]:
    """``count`` (or fewer, for tiny images) black-and-white masks that partition the image:
    each cell of a coarse grid belongs to the nearest of ``count`` seeded centres."""
    stream = rng("segments", *seed_parts)
    columns, rows = cell_count(width, 12), cell_count(height, 12)
    cells = [(x, y) for y in range(rows) for x in range(columns)]
    centres = stream.sample(cells, min(count, len(cells)))
    owner = {
        cell: min(range(len(centres)), key=lambda i: ((cell[0] - centres[i][0]) ** 2 + (cell[1] - centres[i][1]) ** 2, i))
        for cell in cells
    }
    return [
        CellGrid(width, height, [[(255,) if owner[(x, y)] == i else (0,) for x in range(columns)] for y in range(rows)])
        for i in range(len(centres))
    ]


class ImageSegmentation(Task):
    name = "image-segmentation"
    binary_input = True

    def run(self, request: InferenceRequest) -> Any:
        data, info = image_of(request)
        threshold = _threshold(request, 0.9)
        subtask = request.param("subtask")
        if subtask is not None and subtask not in ("semantic", "instance", "panoptic"):
            raise errors.bad_request(f"`subtask` must be one of semantic, instance, panoptic; got {subtask!r}")
        labels = labels_of(request.card, L.ADE20K)
        semantic = subtask == "semantic" or (subtask is None and bool(request.card.extra.get("semantic")))
        stream = rng(request.model, self.name, data)
        count = stream.randint(min(2, len(labels)), min(5, len(labels)))
        chosen = stream.sample(labels, count)
        out = []
        for label, grid in zip(chosen, segment_grids(info.width, info.height, count, request.model, data)):
            item: dict[str, Any] = {"label": label, "mask": base64.b64encode(png_of(grid)).decode("ascii")}
            if not semantic:
                # Semantic models have no per-segment score: the real answer has null, which the
                # JS SDK rejects; leaving the key out is accepted by both clients.
                score = scores.round_score(stream.uniform(0.9, 0.9999))
                if score < threshold:
                    continue
                item = {"score": score, **item}
            out.append(item)
        return out


def candidate_labels(request: InferenceRequest) -> list[str]:
    value = request.param("candidate_labels")
    if value is None:
        raise errors.invalid_field("parameters.candidate_labels", "field required")
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise errors.invalid_field("parameters.candidate_labels", "input should be a list of strings")
    labels = [v for v in value if v.strip()]
    if not labels:
        raise errors.bad_request("You must include at least one label in `candidate_labels`.")
    # Each label once, in the order given (WIRE.md 9.8).
    return list(dict.fromkeys(labels))


class ZeroShotImageClassification(Task):
    name = "zero-shot-image-classification"

    def run(self, request: InferenceRequest) -> Any:
        labels = candidate_labels(request)
        data, _ = image_of(request)
        template = request.param("hypothesis_template", "This is a photo of {}.")
        stream = rng(request.model, self.name, data, template)
        logits = [stream.gauss(0.0, 1.5) + rng(request.model, data, label).gauss(0.0, 1.5) for label in labels]
        return scores.label_scores(labels, logits, function="softmax")


def caption(stream: Any) -> str:
    return f"{stream.choice(L.CAPTION_SUBJECTS)} {stream.choice(L.CAPTION_ACTIONS)} {stream.choice(L.CAPTION_PLACES)}"


class ImageToText(Task):
    name = "image-to-text"
    binary_input = True

    def run(self, request: InferenceRequest) -> Any:
        data, _ = image_of(request)
        stream = rng(request.model, self.name, data)
        if request.card.extra.get("ocr"):
            text = " ".join(stream.choice(("INVOICE", "TOTAL", "Date:", "No.", "12.50", "2024-03-01", "Thank you")) for _ in range(4))
        else:
            text = caption(stream)
        # WIRE.md 3.3 conflict row: the JS SDK requires one object, huggingface_hub a list.
        if request.user_agent.startswith("@huggingface/inference"):
            return {"generated_text": text}
        return [{"generated_text": text}]
