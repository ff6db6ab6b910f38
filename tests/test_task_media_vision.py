"""Vision and multimodal tasks through huggingface_hub's InferenceClient (WIRE.md 3.3, 9.7, 9.11)."""
from __future__ import annotations

import math

import pytest

from hf_tornado.builtin_tasks import media_labels as L
from media_fixtures import image_bytes

IMAGE = image_bytes(120, 80)


def test_image_classification_labels_scores_top_k(hf_client):
    client = hf_client("google/vit-base-patch16-224")
    full = client.image_classification(IMAGE, top_k=len(L.IMAGENET))
    assert {item.label for item in full} == set(L.IMAGENET)
    scores = [item.score for item in full]
    assert scores == sorted(scores, reverse=True)
    assert math.isclose(sum(scores), 1.0, abs_tol=1e-3)
    top3 = client.image_classification(IMAGE, top_k=3)
    assert [i.label for i in top3] == [i.label for i in full[:3]]
    # Raw bytes without parameters: top 5 by default, same answer as the JSON form.
    default = client.image_classification(IMAGE)
    assert [i.label for i in default] == [i.label for i in full[:5]]
    # Another image, another answer (seeded by the bytes).
    other = client.image_classification(image_bytes(120, 80, color=(10, 200, 10)), top_k=len(L.IMAGENET))
    assert [i.score for i in other] != scores


def test_image_classification_sigmoid(hf_client):
    out = hf_client("google/vit-base-patch16-224").image_classification(IMAGE, function_to_apply="sigmoid", top_k=10)
    assert all(0 < item.score < 1 for item in out)
    assert sum(item.score for item in out) > 1.0


@pytest.mark.parametrize("size", [(120, 80), (1, 1), (640, 3)])
def test_object_detection_boxes_inside_image(hf_client, size):
    image = image_bytes(*size, fmt="JPEG")
    out = hf_client("facebook/detr-resnet-50").object_detection(image, threshold=0.0)
    assert out
    for item in out:
        box = item.box
        assert all(isinstance(v, int) for v in (box.xmin, box.ymin, box.xmax, box.ymax))
        assert 0 <= box.xmin < box.xmax <= size[0]
        assert 0 <= box.ymin < box.ymax <= size[1]
        assert item.label in L.COCO
    assert [i.score for i in out] == sorted((i.score for i in out), reverse=True)


def test_object_detection_threshold_filters(hf_client):
    client = hf_client("facebook/detr-resnet-50")
    everything = client.object_detection(IMAGE, threshold=0.0)
    strict = client.object_detection(IMAGE, threshold=0.99999)
    assert len(strict) < len(everything) or all(i.score >= 0.99999 for i in strict)
    assert all(i.score >= 0.99999 for i in strict)


def test_image_segmentation_semantic_masks_partition_image(hf_client):
    out = hf_client("nvidia/segformer-b0-finetuned-ade-512-512").image_segmentation(IMAGE)
    assert len(out) >= 2
    covered = [0] * (120 * 80)
    for item in out:
        assert item.label in L.ADE20K
        assert item.score is None  # semantic models give no score
        mask = item.mask
        assert mask.mode == "L" and mask.size == (120, 80)
        values = mask.get_flattened_data() if hasattr(mask, "get_flattened_data") else list(mask.getdata())
        assert set(values) <= {0, 255}
        for i, v in enumerate(values):
            covered[i] += v == 255
    assert set(covered) == {1}  # every pixel in exactly one segment


def test_image_segmentation_panoptic_scores_and_threshold(hf_client):
    client = hf_client("facebook/detr-resnet-50-panoptic")
    out = client.image_segmentation(IMAGE, threshold=0.0)
    assert out and all(0.9 <= item.score < 1 for item in out)
    assert all(item.label in L.COCO_PANOPTIC for item in out)
    assert client.image_segmentation(IMAGE, threshold=1.0) == []


def test_image_to_text_list_for_hf_hub(hf_client, http):
    out = hf_client("Salesforce/blip-image-captioning-base").image_to_text(IMAGE)
    assert out.generated_text.startswith("a ")
    raw = http("POST", "/models/Salesforce/blip-image-captioning-base", IMAGE, headers={"Content-Type": "image/png"})
    assert isinstance(raw.json(), list) and raw.json()[0]["generated_text"] == out.generated_text
    js = http("POST", "/models/Salesforce/blip-image-captioning-base", IMAGE, headers={"User-Agent": "@huggingface/inference/4.13.30"})
    assert js.json() == {"generated_text": out.generated_text}


def test_zero_shot_image_labels_are_the_candidates(hf_client):
    candidates = ["cat", "dog", "a red square", "car"]
    out = hf_client("openai/clip-vit-large-patch14").zero_shot_image_classification(IMAGE, candidate_labels=candidates)
    assert sorted(i.label for i in out) == sorted(candidates)
    assert math.isclose(sum(i.score for i in out), 1.0, abs_tol=1e-3)
    assert [i.score for i in out] == sorted((i.score for i in out), reverse=True)


def test_visual_question_answering_fits_question(hf_client):
    client = hf_client("dandelin/vilt-b32-finetuned-vqa")
    yes_no = client.visual_question_answering(IMAGE, "Is there a cat?")
    assert {a.answer for a in yes_no} <= {"yes", "no"}
    counts = client.visual_question_answering(IMAGE, "How many people are there?", top_k=3)
    assert len(counts) == 3 and all(a.answer.isdigit() for a in counts)
    colors = client.visual_question_answering(IMAGE, "What color is the wall?")
    assert all(a.answer in L.COLORS for a in colors)
    assert [a.score for a in colors] == sorted((a.score for a in colors), reverse=True)
    assert sum(a.score for a in colors) <= 1.0


def test_document_question_answering_word_boxes(hf_client):
    client = hf_client("impira/layoutlm-document-qa")
    out = client.document_question_answering(IMAGE, "What is the invoice number?")
    assert len(out) == 1 and out[0].answer.startswith("us-") and out[0].start == out[0].end
    words = ["Receipt", "Total", "42.00", "Paid"]
    boxes = [[w, [0, i * 10, 50, i * 10 + 8]] for i, w in enumerate(words)]
    top = client.document_question_answering(IMAGE, "What was paid?", word_boxes=boxes, top_k=3)
    assert len(top) == 3
    for answer in top:
        assert answer.answer == words[answer.start] and answer.start == answer.end
    donut = hf_client("naver-clova-ix/donut-base-finetuned-docvqa").document_question_answering(IMAGE, "What is the date?")
    assert donut[0].answer and donut[0].score is None and donut[0].start is None
