"""What an image or audio input really is: its size or duration, read from its header.

Tasks use this to keep answers inside the input (boxes within the image, masks of the image's
size, timestamps within the audio). Only headers are parsed, never pixels or samples.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Callable, TypeVar

from . import errors
from .media import decode_base64, kind, sniff


@dataclass(frozen=True)
class ImageInfo:
    format: str  # "png", "jpeg", "gif", "webp", "bmp"
    width: int
    height: int


@dataclass(frozen=True)
class AudioInfo:
    format: str  # "wav", "flac", "mp3", "ogg", "webm", "mp4"
    # Seconds, or None where the container does not say cheaply (mp3, ogg, webm).
    duration: float | None


_Info = TypeVar("_Info", ImageInfo, AudioInfo)


def image_info(data: bytes) -> ImageInfo | None:
    """Width and height of a PNG, JPEG, GIF, WebP or BMP, or None if ``data`` is none of them."""
    media_type = sniff(data)
    if media_type is None or not media_type.startswith("image/"):
        return None
    reader = _IMAGE_READERS.get(media_type)
    try:
        size = reader(data) if reader else None
        # A decoder stops at a cut-off file ("image file is truncated"), so the real service
        # refuses it even though the size in its header is readable.
        if size is not None and not _complete(media_type, data):
            size = None
    except (struct.error, IndexError, ValueError):
        size = None
    if size is None or size[0] <= 0 or size[1] <= 0:
        return None
    return ImageInfo(media_type.split("/")[1], size[0], size[1])


def _complete(media_type: str, data: bytes) -> bool:
    """Whether an image's bytes run to its end marker (cheap checks, no pixel decoding)."""
    if media_type == "image/png":
        return _png_complete(data)
    if media_type == "image/jpeg":
        return data.rfind(b"\xff\xd9") > 2  # end-of-image marker (trailing bytes are tolerated)
    if media_type == "image/webp":
        return struct.unpack("<I", data[4:8])[0] + 8 <= len(data)  # RIFF size covers the file
    if media_type == "image/bmp":
        return struct.unpack("<I", data[2:6])[0] <= len(data)  # the file size in its header
    if media_type == "image/gif":
        return data.rstrip(b"\x00").endswith(b";")  # the trailer byte
    return True


def _png_complete(data: bytes) -> bool:
    """Walk the chunks: each must fit in the data, up to the IEND chunk."""
    pos = 8
    while pos + 8 <= len(data):
        size = struct.unpack(">I", data[pos : pos + 4])[0]
        if data[pos + 4 : pos + 8] == b"IEND":
            return True
        pos += 12 + size  # length, type, data, CRC
    return False


def _png_size(data: bytes) -> tuple[int, int] | None:
    if data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def _gif_size(data: bytes) -> tuple[int, int]:
    return struct.unpack("<HH", data[6:10])


def _bmp_size(data: bytes) -> tuple[int, int]:
    width, height = struct.unpack("<ii", data[18:26])
    return width, abs(height)  # a negative height means rows stored top-down


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 ":
        # Lossy: a key frame's start code 9d 01 2a, then 14-bit width and height.
        if data[23:26] != b"\x9d\x01\x2a":
            return None
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":
        # Lossless: signature 0x2f, then 14 bits of width-1 and 14 bits of height-1.
        if data[20] != 0x2F:
            return None
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        # Extended: 24-bit canvas width-1 and height-1.
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    return None


# Start-of-frame markers carry the size: SOF0-SOF15 except DHT (c4), JPG (c8) and DAC (cc).
_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    pos = 2
    end = len(data)
    while pos + 4 <= end:
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            pos += 2
            continue
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if marker in _SOF_MARKERS:
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return width, height
        if marker == 0xDA:  # start of scan before any frame header
            return None
        pos += 2 + length
    return None


_IMAGE_READERS = {
    "image/png": _png_size,
    "image/jpeg": _jpeg_size,
    "image/gif": _gif_size,
    "image/webp": _webp_size,
    "image/bmp": _bmp_size,
}


def audio_info(data: bytes) -> AudioInfo | None:
    """The container and (where cheap) the duration of WAV, FLAC, MP3, OGG, WebM or M4A audio."""
    media_type = sniff(data)
    if media_type is None:
        return None
    if media_type == "audio/wav":
        try:
            duration = _wav_duration(data)
        except struct.error:  # a chunk header cut off mid-way
            duration = None
        # A WAV without a readable `fmt ` and `data` chunk is a truncated or corrupt file.
        return AudioInfo("wav", duration) if duration is not None else None
    if media_type == "audio/flac":
        return AudioInfo("flac", _flac_duration(data))
    fmt = {"audio/mpeg": "mp3", "audio/ogg": "ogg", "audio/webm": "webm", "audio/mp4": "mp4"}.get(media_type)
    return AudioInfo(fmt, None) if fmt else None


def _wav_duration(data: bytes) -> float | None:
    """Walk the RIFF chunks: `fmt ` gives the byte rate, `data` the length."""
    pos, byte_rate, data_size = 12, 0, None
    while pos + 8 <= len(data):
        chunk_id = data[pos : pos + 4]
        size = struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        if chunk_id == b"fmt " and size >= 16:
            byte_rate = struct.unpack("<I", data[pos + 16 : pos + 20])[0]
        elif chunk_id == b"data":
            # Streaming writers leave 0 or 0xFFFFFFFF here: then the data runs to the end.
            available = len(data) - pos - 8
            data_size = available if size in (0, 0xFFFFFFFF) or size > available else size
            break
        pos += 8 + size + (size & 1)
    if not byte_rate or data_size is None:
        return None
    return data_size / byte_rate


def _flac_duration(data: bytes) -> float | None:
    """STREAMINFO, the first metadata block: 20-bit sample rate and 36-bit total samples."""
    if len(data) < 4 + 4 + 18 or data[4] & 0x7F != 0:
        return None
    info = data[8:26]
    packed = int.from_bytes(info[10:18], "big")
    sample_rate = packed >> 44
    total_samples = packed & ((1 << 36) - 1)
    if not sample_rate or not total_samples:
        return None
    return total_samples / sample_rate


# --- reading an image or audio input from any of the shapes the clients send ---------------

def media_bytes(value: object) -> bytes | None:
    """Bytes of a raw body, a base64 string or a data: URL; None for anything else."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return decode_base64(value)
    return None


def require_image(value: object, field: str = "inputs") -> tuple[bytes, ImageInfo]:
    """The image in ``value`` and its size, or a 400 that says the input is no image."""
    return _require(value, field, "image", "an image", image_info, "PNG, JPEG, GIF, WebP or BMP")


def require_audio(value: object, field: str = "inputs") -> tuple[bytes, AudioInfo]:
    """The audio in ``value`` and what it is, or a 400 that says the input is no audio."""
    return _require(value, field, "audio", "audio", audio_info, "WAV, FLAC, MP3, OGG or WebM")


def _require(
    value: object, field: str, expected: str, named: str, read: Callable[[bytes], _Info | None], formats: str
) -> tuple[bytes, _Info]:
    """The bytes of ``value`` and what ``read`` makes of them, or a 400 that says why not."""
    data = media_bytes(value)
    if data is None and value is not None:
        raise errors.bad_request(f"`{field}` must be {named}: raw bytes, or a base64 string in JSON")
    info = read(data) if data else None
    if not data or info is None:
        raise errors.bad_request(f"Invalid {expected} in `{field}`: {_what(data, expected)}. Send {formats} bytes, or base64 of one")
    return data, info


def _what(data: bytes | None, expected: str) -> str:
    """Why ``data`` is not a usable ``expected`` ('image' or 'audio'), for the 400 message."""
    media_type = sniff(data) if data else None
    found = kind(media_type)
    if found == expected:
        return f"the {media_type} header could not be read (truncated or corrupt file)"
    if found:
        return f"got {found} data ({media_type}), expected {expected}"
    return f"not a recognised {expected} format"


def compute_headers(data: bytes) -> dict[str, str]:
    """The usage headers the real service sends instead of x-compute-characters for a binary
    input (WIRE.md 7): ``x-compute-images: 1``, or ``x-compute-audio-length`` in seconds."""
    if image_info(data) is not None:
        return {"x-compute-images": "1"}
    audio = audio_info(data)
    if audio is not None and audio.duration is not None:
        return {"x-compute-audio-length": f"{audio.duration:.2f}"}
    return {}
