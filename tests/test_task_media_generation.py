"""Image and video generation: huggingface_hub for text-to-image and image-to-image, plain HTTP for
the tasks the SDKs refuse (WIRE.md 3.3, 3.6); Pillow and PyAV decode what comes back."""
from __future__ import annotations

import base64
import io

import av

from hf_tornado.synth.mp4 import iter_boxes
from media_fixtures import decode_image, image_bytes


def test_text_to_image_size_and_prompt(hf_client):
    client = hf_client("black-forest-labs/FLUX.1-schnell")
    cat = client.text_to_image("a cat on a sofa", width=320, height=200)
    assert cat.format == "PNG" and cat.size == (320, 200) and cat.mode == "RGB"
    dog = client.text_to_image("a dog in the snow", width=320, height=200)
    assert cat.tobytes() != dog.tobytes()
    again = client.text_to_image("a cat on a sofa", width=320, height=200)
    assert again.tobytes() == cat.tobytes()
    seeded = client.text_to_image("a cat on a sofa", width=320, height=200, seed=7)
    assert seeded.tobytes() != cat.tobytes()


def test_text_to_image_default_size_per_model(hf_client):
    assert hf_client("black-forest-labs/FLUX.1-schnell").text_to_image("x").size == (1024, 1024)
    assert hf_client("stabilityai/stable-diffusion-2").text_to_image("x").size == (768, 768)


def test_text_to_image_accept_jpeg(http):
    body = {"inputs": "a lighthouse", "parameters": {"width": 64, "height": 40}}
    jpeg = http("POST", "/models/black-forest-labs/FLUX.1-schnell", body, headers={"Accept": "image/jpeg"})
    assert jpeg.headers["Content-Type"] == "image/jpeg"
    img = decode_image(jpeg.body)
    assert img.format == "JPEG" and img.size == (64, 40)
    png = http("POST", "/models/black-forest-labs/FLUX.1-schnell", body, headers={"Accept": "image/png, image/jpeg;q=0.5"})
    assert png.headers["Content-Type"] == "image/png" and decode_image(png.body).size == (64, 40)
    # Same picture in both encodings (JPEG of flat 8x8 blocks is near-lossless).
    a, b = decode_image(jpeg.body).getpixel((20, 20)), decode_image(png.body).getpixel((20, 20))
    assert all(abs(x - y) <= 3 for x, y in zip(a, b))


def test_image_to_image_keeps_size_or_target(hf_client):
    client = hf_client("timbrooks/instruct-pix2pix")
    src = image_bytes(90, 60, fmt="JPEG")
    same = client.image_to_image(src)
    assert same.size == (90, 60)
    resized = client.image_to_image(src, prompt="make it night", target_size={"width": 48, "height": 32})
    assert resized.size == (48, 32)
    other_prompt = client.image_to_image(src, prompt="make it day", target_size={"width": 48, "height": 32})
    assert other_prompt.tobytes() != resized.tobytes()


def test_text_to_video_is_decodable_mp4(http):
    resp = http("POST", "/models/genmo/mochi-1-preview", {"inputs": "a river at dawn", "parameters": {"num_frames": 6, "width": 96, "height": 64}})
    assert resp.status == 200 and resp.headers["Content-Type"] == "video/mp4"
    assert [kind for kind, _, _ in iter_boxes(resp.body)] == ["ftyp", "moov", "mdat"]
    with av.open(io.BytesIO(resp.body)) as container:
        assert "mp4" in container.format.name
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (96, 64)
        frames = [frame.to_image() for frame in container.decode(video=0)]
    assert len(frames) == 6 and frames[0].size == (96, 64)
    assert frames[0].tobytes() != frames[1].tobytes()  # it moves


def test_image_to_video_from_raw_image(http):
    resp = http("POST", "/models/stabilityai/stable-video-diffusion-img2vid-xt", image_bytes(80, 48), headers={"Content-Type": "image/png"})
    assert resp.status == 200 and resp.headers["Content-Type"] == "video/mp4"
    with av.open(io.BytesIO(resp.body)) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (80, 48)
        assert sum(1 for _ in container.decode(video=0)) == 16


def test_image_text_to_image_png(http):
    src = base64.b64encode(image_bytes(50, 30)).decode()
    resp = http("POST", "/models/black-forest-labs/FLUX.2-dev", {"inputs": src, "parameters": {"prompt": "add a hat"}})
    assert resp.status == 200 and resp.headers["Content-Type"] == "image/png"
    assert decode_image(resp.body).size == (50, 30)
    as_object = http("POST", "/models/black-forest-labs/FLUX.2-dev", {"inputs": {"image": src, "prompt": "add a hat"}})
    assert as_object.body == resp.body
    missing = http("POST", "/models/black-forest-labs/FLUX.2-dev", {"inputs": src})
    assert missing.status == 400 and "prompt" in missing.json()["error"]
