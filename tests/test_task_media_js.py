"""Every image and audio task through the real @huggingface/inference SDK (two batched node
scenarios), answers checked for the content rules; media decoded with Pillow and wave."""
from __future__ import annotations

import base64
import math

from hf_tornado.builtin_tasks import media_labels as L
from media_fixtures import decode_image, image_bytes, wav_bytes, wav_seconds


def test_js_vision_tasks(node):
    png = image_bytes(100, 70)
    out = node("scenarios/media_vision.mjs", {"png": base64.b64encode(png).decode()})
    assert "ok" in out, out
    ok = out["ok"]
    assert len(ok["classification"]) == 5 and all(i["label"] in L.IMAGENET for i in ok["classification"])
    for item in ok["detection"]:
        box = item["box"]
        assert 0 <= box["xmin"] < box["xmax"] <= 100 and 0 <= box["ymin"] < box["ymax"] <= 70
    for item in ok["segmentation"]:
        mask = decode_image(base64.b64decode(item["mask"]))
        assert mask.mode == "L" and mask.size == (100, 70) and "score" not in item
    assert isinstance(ok["caption"]["generated_text"], str) and ok["caption"]["generated_text"]
    assert sorted(i["label"] for i in ok["zeroShot"]) == ["car", "cat", "dog"]
    assert math.isclose(sum(i["score"] for i in ok["zeroShot"]), 1.0, abs_tol=1e-3)
    assert ok["vqa"]["answer"].isdigit()  # the SDK returns the best answer
    assert ok["docqa"]["answer"].startswith("$") and ok["docqa"]["start"] == ok["docqa"]["end"]
    blob = ok["textToImage"]["blob"]
    assert blob["type"] == "image/png" and decode_image(base64.b64decode(blob["base64"])).size == (64, 48)
    assert decode_image(base64.b64decode(ok["imageToImage"]["blob"]["base64"])).size == (100, 70)
    assert decode_image(base64.b64decode(ok["imageToImageParams"]["blob"]["base64"])).size == (32, 24)


def test_js_audio_tasks(node):
    out = node("scenarios/media_audio.mjs", {"wav": base64.b64encode(wav_bytes(2.0)).decode()})
    assert "ok" in out, out
    ok = out["ok"]
    assert ok["asr"]["text"].strip()
    assert sorted(i["label"] for i in ok["classification"]) == sorted(L.SPEECH_EMOTIONS)
    assert [i["label"] for i in ok["audioToAudio"]] == ["label_0", "label_1"]
    for item in ok["audioToAudio"]:
        assert item["content-type"] == "audio/wav"
        assert math.isclose(wav_seconds(base64.b64decode(item["blob"])), 2.0, abs_tol=0.01)
    for key in ("tts", "textToAudio"):
        blob = ok[key]["blob"]
        assert blob["type"] == "audio/wav" and wav_seconds(base64.b64decode(blob["base64"])) > 0.5


def test_js_refuses_video_tasks_for_custom_urls(node, hf_requests):
    out = node("scenarios/media_refused.mjs")
    assert out["ok"] == {"textToVideo": "InputError", "imageToVideo": "InputError", "imageTextToImage": "InputError"}
    assert hf_requests() == []  # refused before any request: plain HTTP is the way (tests above)
