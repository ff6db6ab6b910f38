"""Media inputs in every shape the clients send (WIRE.md 2.4), the header readers, and bad input."""
from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from hf_tornado.media_info import audio_info, image_info
from media_fixtures import flac_header, image_bytes, wav_bytes

CLASSIFIER = "/models/google/vit-base-patch16-224"


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP", "BMP"])
def test_image_info_reads_real_size(fmt):
    assert (image_info(image_bytes(123, 45, fmt=fmt)).width, image_info(image_bytes(123, 45, fmt=fmt)).height) == (123, 45)


def test_image_info_webp_variants_and_progressive_jpeg():
    for kwargs in ({"lossless": True}, {"lossless": False}):
        out = io.BytesIO()
        Image.new("RGBA", (300, 17), (1, 2, 3, 128)).save(out, "WEBP", **kwargs)
        info = image_info(out.getvalue())
        assert (info.format, info.width, info.height) == ("webp", 300, 17)
    out = io.BytesIO()
    Image.new("RGB", (77, 66)).save(out, "JPEG", progressive=True)
    assert (image_info(out.getvalue()).width, image_info(out.getvalue()).height) == (77, 66)
    assert image_info(b"\x89PNG\r\n\x1a\n garbage") is None
    assert image_info(b"hello") is None


def test_audio_info_formats():
    assert audio_info(wav_bytes(2.5)).duration == pytest.approx(2.5)
    assert audio_info(flac_header(3.0)).duration == pytest.approx(3.0)
    assert audio_info(b"ID3\x04\x00" + b"\x00" * 100).format == "mp3"
    assert audio_info(b"\xff\xfb\x90\x00" + b"\x00" * 100).format == "mp3"
    assert audio_info(b"OggS" + b"\x00" * 100).format == "ogg"
    assert audio_info(image_bytes()) is None


def test_image_in_every_input_shape_gives_one_answer(http):
    png = image_bytes(40, 30)
    b64 = base64.b64encode(png).decode()
    raw_typed = http("POST", CLASSIFIER, png, headers={"Content-Type": "image/png"}).json()
    raw_untyped = http("POST", CLASSIFIER, png).json()
    raw_wrong_type = http("POST", CLASSIFIER, png, headers={"Content-Type": "application/octet-stream"}).json()
    in_inputs = http("POST", CLASSIFIER, {"inputs": b64}).json()
    data_url = http("POST", CLASSIFIER, {"inputs": "data:image/png;base64," + b64}).json()
    in_inputs_image = http("POST", CLASSIFIER, {"inputs": {"image": b64}}).json()
    root_image = http("POST", CLASSIFIER, {"image": b64, "parameters": {}}).json()
    assert raw_typed == raw_untyped == raw_wrong_type == in_inputs == data_url == in_inputs_image == root_image
    assert len(raw_typed) == 5


def test_hf_hub_vqa_body_shape(http):
    b64 = base64.b64encode(image_bytes()).decode()
    # huggingface_hub sends the image twice: `inputs` and root `image`, question at the root.
    resp = http("POST", "/models/dandelin/vilt-b32-finetuned-vqa", {"inputs": b64, "parameters": {"top_k": 2}, "question": "Is it red?", "image": b64})
    assert resp.status == 200 and len(resp.json()) == 2


@pytest.mark.parametrize(
    "path, body, fragment",
    [
        (CLASSIFIER, b"this is plain text, not an image", "must be an image"),
        (CLASSIFIER, wav_bytes(0.5), "audio data"),
        (CLASSIFIER, {"inputs": "aGVsbG8gd29ybGQgaGVsbG8="}, "not a recognised image format"),
        (CLASSIFIER, {"parameters": {"top_k": 2}}, "`inputs`"),
        (CLASSIFIER, {"inputs": 42}, "must be an image"),
        ("/models/openai/whisper-large-v3", image_bytes(), "image data"),
        ("/models/openai/whisper-large-v3", {"inputs": "bm90IGF1ZGlvIGF0IGFsbA=="}, "not a recognised audio format"),
        ("/models/openai/clip-vit-large-patch14", {"inputs": "x", "parameters": {"candidate_labels": []}}, "at least one label"),
        ("/models/openai/clip-vit-large-patch14", {"inputs": base64.b64encode(image_bytes()).decode()}, "candidate_labels"),
        ("/models/dandelin/vilt-b32-finetuned-vqa", {"inputs": {"image": base64.b64encode(image_bytes()).decode()}}, "question"),
        ("/models/black-forest-labs/FLUX.1-schnell", {"inputs": ""}, "cannot be empty"),
        ("/models/black-forest-labs/FLUX.1-schnell", {"inputs": "x", "parameters": {"width": 99999}}, "at most"),
        ("/models/black-forest-labs/FLUX.1-schnell", {"inputs": "x", "parameters": {"height": -3}}, "positive"),
        ("/models/facebook/mms-tts-eng", {"inputs": ["a", "b"]}, "string"),
        ("/models/facebook/detr-resnet-50", {"inputs": base64.b64encode(image_bytes()).decode(), "parameters": {"threshold": 3}}, "threshold"),
        ("/models/genmo/mochi-1-preview", {"inputs": "x", "parameters": {"num_frames": 1000}}, "num_frames"),
    ],
)
def test_bad_media_input_is_a_clear_400(http, path, body, fragment):
    resp = http("POST", path, body)
    assert resp.status == 400, resp.body
    assert resp.headers["Content-Type"].startswith("application/json")
    error = resp.json()["error"]
    message = " ".join(error) if isinstance(error, list) else error
    assert fragment in message
    # The next request is served as if nothing happened.
    assert http("POST", CLASSIFIER, image_bytes()).status == 200


def test_js_client_gets_error_message(node):
    out = node("scenarios/media_errors.mjs")
    assert out["error"]["status"] == 400
    assert "image/png header could not be read" in out["error"]["message"]


@pytest.mark.parametrize(
    "model, body, key",
    [
        ("acme/detr-finetuned-boxes", image_bytes(), "box"),
        ("acme/segformer-custom", image_bytes(), "mask"),
        ("acme/plain-model", image_bytes(), "label"),
        ("acme/whisper-custom", wav_bytes(1.0), "text"),
        # hf_hub's JSON form (base64 `inputs` + parameters) and the JS VQA form.
        ("acme/detr-finetuned-boxes", {"inputs": base64.b64encode(image_bytes()).decode(), "parameters": {"threshold": 0.1}}, "box"),
        ("acme/plain-model", {"inputs": base64.b64encode(image_bytes()).decode(), "parameters": {"top_k": 2}}, "label"),
        ("acme/plain-model", {"inputs": base64.b64encode(wav_bytes(0.5)).decode(), "parameters": {}}, "text"),
        ("acme/vilt-custom", {"inputs": {"question": "Is it red?", "image": base64.b64encode(image_bytes()).decode()}}, "answer"),
        ("acme/plain-model", {"inputs": base64.b64encode(image_bytes(8, 8)).decode(), "parameters": {"candidate_labels": ["a", "b"]}}, "label"),
    ],
)
def test_unknown_model_raw_body_task_from_name(http, model, body, key):
    answer = http("POST", f"/models/{model}", body).json()
    first = answer if isinstance(answer, dict) else answer[0]
    assert key in first, answer
    if model == "acme/vilt-custom":
        assert {a["answer"] for a in answer} <= {"yes", "no"}  # VQA, not document QA


def test_unknown_classifier_labels(http):
    labels = {item["label"] for item in http("POST", "/models/acme/plain-model", image_bytes()).json()}
    assert labels <= {f"LABEL_{i}" for i in range(5)}


def test_binary_inputs_get_usage_headers(http):
    image = http("POST", CLASSIFIER, image_bytes())
    assert image.headers["x-compute-images"] == "1" and image.headers["x-compute-characters"] == "-1"
    audio = http("POST", "/models/openai/whisper-large-v3", wav_bytes(2.5))
    assert audio.headers["x-compute-audio-length"] == "2.50"
    bad = http("POST", "/models/openai/whisper-large-v3", image_bytes())
    assert bad.status == 400 and "x-compute-images" not in bad.headers
