"""Small images and audio made in the tests (Pillow and wave), never committed as binaries."""
from __future__ import annotations

import io
import math
import struct
import wave

from PIL import Image


def image_bytes(width: int = 64, height: int = 48, fmt: str = "PNG", color: tuple[int, int, int] = (200, 30, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, fmt)
    return out.getvalue()


def wav_bytes(seconds: float = 2.0, rate: int = 16000, freq: float = 440.0) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        frames = int(seconds * rate)
        w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * freq * i / rate))) for i in range(frames)))
    return out.getvalue()


def flac_header(seconds: float, rate: int = 16000) -> bytes:
    """The start of a FLAC file: signature and a STREAMINFO block (enough for the header reader)."""
    total = int(seconds * rate)
    packed = (rate << 44) | (0 << 41) | (15 << 36) | total  # rate, channels-1, bits-1, samples
    info = struct.pack(">HH", 4096, 4096) + b"\x00" * 6 + packed.to_bytes(8, "big") + b"\x00" * 16
    return b"fLaC" + bytes([0x80]) + len(info).to_bytes(3, "big") + info + b"\x00" * 64


def decode_image(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def wav_seconds(data: bytes) -> float:
    with wave.open(io.BytesIO(data)) as r:
        return r.getnframes() / r.getframerate()
