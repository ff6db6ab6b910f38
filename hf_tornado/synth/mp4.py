"""A minimal valid MP4 writer: ftyp + moov + mdat, one Motion-JPEG video track.

Each frame is a baseline JPEG from ``synth.jpeg``; the track's sample entry is ``jpeg``, which
ISO-BMFF readers (FFmpeg's mov demuxer, and so PyAV) decode as MJPEG. ``moov`` comes before
``mdat`` ("fast start"), so a player can start before the whole file is read.
"""
from __future__ import annotations

import struct
from typing import Iterator

_MATRIX = struct.pack(">9I", 0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000)
_LANGUAGE_UND = 0x55C4  # ISO-639-2 "und", packed as three 5-bit letters


def _box(kind: bytes, *payload: bytes) -> bytes:
    body = b"".join(payload)
    return struct.pack(">I", 8 + len(body)) + kind + body


def _full_box(kind: bytes, version: int, flags: int, *payload: bytes) -> bytes:
    return _box(kind, struct.pack(">I", (version << 24) | flags), *payload)


def write_mp4(frames: list[bytes], width: int, height: int, fps: int = 8) -> bytes:
    """An MP4 whose video track shows the JPEG ``frames`` at ``fps`` frames a second."""
    if not frames:
        raise ValueError("an MP4 needs at least one frame")
    timescale = fps * 100
    delta = 100
    duration = len(frames) * delta  # in the media timescale
    movie_duration = duration * 1000 // timescale  # mvhd uses a 1000/s timescale

    ftyp = _box(b"ftyp", b"isom", struct.pack(">I", 0x200), b"isom", b"iso2", b"mp41")

    def moov(chunk_offset: int) -> bytes:
        mvhd = _full_box(
            b"mvhd", 0, 0,
            struct.pack(">IIII", 0, 0, 1000, movie_duration),
            struct.pack(">IH", 0x00010000, 0x0100), bytes(10), _MATRIX, bytes(24), struct.pack(">I", 2),
        )
        tkhd = _full_box(
            b"tkhd", 0, 3,  # enabled, in movie
            struct.pack(">IIII", 0, 0, 1, 0), struct.pack(">I", movie_duration), bytes(8),
            struct.pack(">hhhH", 0, 0, 0, 0), _MATRIX, struct.pack(">II", width << 16, height << 16),
        )
        mdhd = _full_box(b"mdhd", 0, 0, struct.pack(">IIIIHH", 0, 0, timescale, duration, _LANGUAGE_UND, 0))
        hdlr = _full_box(b"hdlr", 0, 0, bytes(4), b"vide", bytes(12), b"VideoHandler\x00")
        vmhd = _full_box(b"vmhd", 0, 1, bytes(8))
        dinf = _box(b"dinf", _full_box(b"dref", 0, 0, struct.pack(">I", 1), _full_box(b"url ", 0, 1)))
        name = b"Photo - JPEG"
        sample_entry = _box(
            b"jpeg",
            bytes(6), struct.pack(">H", 1),  # reserved, data_reference_index
            bytes(16),  # pre_defined, reserved, pre_defined[3]
            struct.pack(">HHIII", width, height, 0x00480000, 0x00480000, 0),
            struct.pack(">H", 1),  # frame_count
            bytes([len(name)]) + name + bytes(31 - len(name)),
            struct.pack(">Hh", 0x0018, -1),
        )
        stsd = _full_box(b"stsd", 0, 0, struct.pack(">I", 1), sample_entry)
        stts = _full_box(b"stts", 0, 0, struct.pack(">III", 1, len(frames), delta))
        stsc = _full_box(b"stsc", 0, 0, struct.pack(">IIII", 1, 1, len(frames), 1))
        stsz = _full_box(b"stsz", 0, 0, struct.pack(">II", 0, len(frames)), b"".join(struct.pack(">I", len(f)) for f in frames))
        stco = _full_box(b"stco", 0, 0, struct.pack(">II", 1, chunk_offset))
        # No stss box: every sample is a sync sample, as every MJPEG frame is.
        stbl = _box(b"stbl", stsd, stts, stsc, stsz, stco)
        minf = _box(b"minf", vmhd, dinf, stbl)
        mdia = _box(b"mdia", mdhd, hdlr, minf)
        return _box(b"moov", mvhd, _box(b"trak", tkhd, mdia))

    moov_size = len(moov(0))
    mdat = _box(b"mdat", *frames)
    return ftyp + moov(len(ftyp) + moov_size + 8) + mdat


def iter_boxes(data: bytes, start: int = 0, end: int | None = None) -> Iterator[tuple[str, int, int]]:
    """(type, payload start, payload end) of each top-level box in ``data[start:end]``."""
    end = len(data) if end is None else end
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if size < 8 or pos + size > end:
            raise ValueError(f"bad box size {size} at {pos}")
        yield kind.decode("latin-1"), pos + 8, pos + size
        pos += size
