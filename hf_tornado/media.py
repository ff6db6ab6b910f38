"""Recognising media by its magic bytes, and reading base64 media from JSON bodies."""
from __future__ import annotations

import base64
import binascii

IMAGE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
)
AUDIO_SIGNATURES = (
    (b"fLaC", "audio/flac"),
    (b"OggS", "audio/ogg"),
    (b"ID3", "audio/mpeg"),
    (b"\xff\xfb", "audio/mpeg"),
    (b"\xff\xf3", "audio/mpeg"),
    (b"\xff\xf2", "audio/mpeg"),
    (b"\x1a\x45\xdf\xa3", "audio/webm"),
)


def sniff(data: bytes) -> str | None:
    """The media type of ``data`` from its first bytes, or None."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    if data[4:8] == b"ftyp":
        return "video/mp4" if data[8:11] not in (b"M4A",) else "audio/mp4"
    for signature, media_type in IMAGE_SIGNATURES + AUDIO_SIGNATURES:
        if data.startswith(signature):
            return media_type
    return None


def kind(media_type: str | None) -> str | None:
    """'image', 'audio' or 'video' for a media type."""
    if not media_type:
        return None
    major = media_type.split("/", 1)[0]
    return major if major in ("image", "audio", "video") else None


def decode_base64(value: str) -> bytes | None:
    """Bytes of a base64 string or a ``data:`` URL, or None when it is neither."""
    text = value.strip()
    if text.startswith("data:"):
        _, _, text = text.partition(",")
    if len(text) < 8:
        return None
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
