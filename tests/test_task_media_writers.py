"""The pure-Python media writers round-trip through real decoders (Pillow, wave, PyAV)."""
from __future__ import annotations

import io

import av
from hypothesis import given, settings
from hypothesis import strategies as st

from hf_tornado.media_info import audio_info, image_info
from hf_tornado.synth.jpeg import write_jpeg
from hf_tornado.synth.mp4 import iter_boxes, write_mp4
from hf_tornado.synth.png import mask, picture, png_of
from hf_tornado.synth.wav import speech, write_wav
from media_fixtures import decode_image, wav_seconds

sizes = st.tuples(st.integers(1, 300), st.integers(1, 300))


@settings(max_examples=40, deadline=None)
@given(size=sizes, prompt=st.text(max_size=20))
def test_png_and_jpeg_decode_to_the_same_picture(size, prompt):
    grid = picture(*size, "model", prompt)
    png, jpeg = decode_image(png_of(grid)), decode_image(write_jpeg(grid))
    assert png.size == jpeg.size == size == (image_info(png_of(grid)).width, image_info(png_of(grid)).height)
    assert (image_info(write_jpeg(grid)).width, image_info(write_jpeg(grid)).height) == size
    for x, y in ((0, 0), (size[0] - 1, size[1] - 1), (size[0] // 2, size[1] // 2)):
        assert all(abs(a - b) <= 3 for a, b in zip(png.getpixel((x, y)), jpeg.getpixel((x, y))))


@settings(max_examples=20, deadline=None)
@given(size=sizes)
def test_masks_are_black_and_white_l_pngs(size):
    image = decode_image(png_of(mask(*size, "seed")))
    assert image.mode == "L" and image.size == size
    assert set(image.tobytes()) <= {0, 255}


@settings(max_examples=20, deadline=None)
@given(text=st.text(max_size=200))
def test_wav_duration_matches_header_reader(text):
    data = write_wav(speech(text, "model"))
    assert abs(wav_seconds(data) - audio_info(data).duration) < 1e-9
    assert 0.3 < wav_seconds(data) <= 60


def test_mp4_boxes_and_frames():
    frames = [write_jpeg(picture(17, 9, "p", i)) for i in range(3)]
    data = write_mp4(frames, 17, 9, fps=5)
    assert [k for k, _, _ in iter_boxes(data)] == ["ftyp", "moov", "mdat"]
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "mjpeg" and float(stream.duration * stream.time_base) == 0.6
        assert len(list(container.decode(video=0))) == 3
