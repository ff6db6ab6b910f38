"""Media tasks called by model id, not URL: both SDKs ask the Hub for the model's task (the
cards the media plugins register) and then call the router path (WIRE.md 1.5, 1.8)."""
from __future__ import annotations

import base64

from media_fixtures import decode_image, image_bytes, wav_bytes


def test_hf_hub_by_model_id(hf_redirect):
    from huggingface_hub import InferenceClient

    client = InferenceClient(token="hf_test")
    boxes = client.object_detection(image_bytes(50, 40), model="facebook/detr-resnet-50")
    assert boxes and all(b.box.xmax <= 50 and b.box.ymax <= 40 for b in boxes)
    assert client.automatic_speech_recognition(wav_bytes(1.0), model="openai/whisper-large-v3").text
    assert client.text_to_image("a cat", model="black-forest-labs/FLUX.1-schnell", width=64, height=32).size == (64, 32)
    paths = [r.path for r in hf_redirect.requests()]
    assert "/hf-inference/models/facebook/detr-resnet-50" in paths


def test_js_by_model_id(node, hf_requests):
    out = node("scenarios/media_by_id.mjs", {"png": base64.b64encode(image_bytes(50, 40)).decode()})
    assert "ok" in out, out
    ok = out["ok"]
    assert ok["detection"] and all(d["box"]["xmax"] <= 50 for d in ok["detection"])
    assert ok["caption"]["generated_text"]
    assert decode_image(base64.b64decode(ok["picture"]["blob"]["base64"])).size == (40, 24)
    requests = hf_requests()
    assert any(r.path == "/api/models/facebook/detr-resnet-50" and "inferenceProviderMapping" in r.query for r in requests)
    assert any(r.path == "/hf-inference/models/facebook/detr-resnet-50" and r.task == "object-detection" for r in requests)
