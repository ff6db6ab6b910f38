"""A pure-Python PNG writer (zlib + struct), and deterministic pictures to write with it.

Pictures are grids of flat colour cells, scaled up by repeating bytes rather than looping over
pixels, so a 1024x1024 image costs a few milliseconds. The same grid also feeds the JPEG writer,
which is why cells are whole multiples of 8 pixels where the size allows.
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from .seed import rng

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOR_TYPES = {"L": (0, 1), "RGB": (2, 3)}


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)


def write_png(width: int, height: int, rows: list[bytes], mode: str = "RGB") -> bytes:
    """A PNG of ``height`` rows of ``width`` pixels; ``mode`` is ``RGB`` (3 bytes a pixel) or
    ``L`` (one grey byte a pixel)."""
    color_type, channels = _COLOR_TYPES[mode]
    if len(rows) != height or any(len(r) != width * channels for r in rows):
        raise ValueError("rows do not match width x height")
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 (None) on every row
    return _SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, 6)) + _chunk(b"IEND", b"")


@dataclass(frozen=True)
class CellGrid:
    """A picture as ``columns`` x ``rows`` flat cells; ``colors[r][c]`` is an RGB (or grey) tuple."""

    width: int
    height: int
    colors: list[list[tuple[int, ...]]]

    @property
    def rows(self) -> int:
        return len(self.colors)

    @property
    def columns(self) -> int:
        return len(self.colors[0])

    def column_edges(self) -> list[int]:
        return _edges(self.width, self.columns)

    def row_edges(self) -> list[int]:
        return _edges(self.height, self.rows)

    def pixel_rows(self) -> list[bytes]:
        """Each pixel row as bytes (3 or 1 bytes a pixel, as the colours are)."""
        xs = self.column_edges()
        ys = self.row_edges()
        out: list[bytes] = []
        for r, colors in enumerate(self.colors):
            line = b"".join(bytes(color) * (xs[c + 1] - xs[c]) for c, color in enumerate(colors))
            out.extend([line] * (ys[r + 1] - ys[r]))
        return out


def _edges(length: int, parts: int) -> list[int]:
    """``parts + 1`` cut points over ``length``, on multiples of 8 where the length allows."""
    step = length / parts
    cuts = [0]
    for i in range(1, parts):
        cut = int(round(i * step / 8)) * 8 if length >= 8 * parts else int(round(i * step))
        cuts.append(min(max(cut, cuts[-1]), length))
    cuts.append(length)
    return cuts


def cell_count(length: int, wanted: int = 16) -> int:
    return max(1, min(wanted, length // 8 or 1, length))


def picture(width: int, height: int, *seed_parts: object) -> CellGrid:
    """A deterministic picture: a smooth two-colour gradient with seeded jitter per cell, so
    different prompts give visibly different images and the same prompt the same bytes."""
    r = rng("picture", *seed_parts)
    base = [r.randrange(256) for _ in range(3)]
    other = [r.randrange(256) for _ in range(3)]
    columns, rows = cell_count(width), cell_count(height)
    colors: list[list[tuple[int, ...]]] = []
    for y in range(rows):
        line = []
        for x in range(columns):
            t = (x / max(columns - 1, 1) + y / max(rows - 1, 1)) / 2
            line.append(tuple(max(0, min(255, int(a + (b - a) * t) + r.randint(-24, 24))) for a, b in zip(base, other)))
        colors.append(line)
    return CellGrid(width, height, colors)


def mask(width: int, height: int, *seed_parts: object) -> CellGrid:
    """A black-and-white single-channel mask: one seeded rectangle of cells set to 255."""
    r = rng("mask", *seed_parts)
    columns, rows = cell_count(width, 8), cell_count(height, 8)
    x0, y0 = r.randrange(columns), r.randrange(rows)
    x1, y1 = r.randint(x0, columns - 1), r.randint(y0, rows - 1)
    colors = [[(255,) if x0 <= x <= x1 and y0 <= y <= y1 else (0,) for x in range(columns)] for y in range(rows)]
    return CellGrid(width, height, colors)


def png_of(grid: CellGrid) -> bytes:
    mode = "RGB" if len(grid.colors[0][0]) == 3 else "L"
    return write_png(grid.width, grid.height, grid.pixel_rows(), mode)
