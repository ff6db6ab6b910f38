"""A pure-Python baseline JPEG writer for pictures made of flat 8x8 blocks.

``synth.png.CellGrid`` pictures put cell edges on multiples of 8 pixels, so every 8x8 block is
one colour and its DCT has a DC coefficient only. That lets a ~100-line encoder write a fully
standard baseline JFIF file (YCbCr 4:4:4, Huffman coded) that any decoder reads back exactly,
without a DCT. Two small Huffman tables replace the Annex K ones: DC categories 0-11 all get
4-bit codes, and AC needs only end-of-block (every AC coefficient is zero).
"""
from __future__ import annotations

import struct

from .png import CellGrid

_DC_QUANT = 8  # DC = 8 * (value - 128) for a flat block, so the quantised DC is value - 128
_AC_EOB = "00"  # the AC table holds EOB (code 00) and ZRL (code 01); only EOB is used


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def _ycbcr(color: tuple[int, ...]) -> tuple[int, int, int]:
    if len(color) == 1:
        return color[0], 128, 128
    r, g, b = color[:3]
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b
    cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b
    return tuple(max(0, min(255, int(round(v)))) for v in (y, cb, cr))  # type: ignore[return-value]


def _block_cells(edges: list[int], blocks: int, length: int) -> list[int]:
    """For each 8-pixel block along an axis, the index of the cell that covers it."""
    out, cell = [], 0
    for block in range(blocks):
        pixel = min(block * 8, length - 1)
        while edges[cell + 1] <= pixel:
            cell += 1
        out.append(cell)
    return out


def write_jpeg(grid: CellGrid) -> bytes:
    width, height = grid.width, grid.height
    blocks_x, blocks_y = (width + 7) // 8, (height + 7) // 8
    cols = _block_cells(grid.column_edges(), blocks_x, width)
    rows = _block_cells(grid.row_edges(), blocks_y, height)
    palette = [[_ycbcr(color) for color in line] for line in grid.colors]

    # Entropy-coded data, built as a string of '0'/'1' and packed once (fast in CPython).
    bits: list[str] = []
    previous = [0, 0, 0]
    dc_codes = [format(category, "04b") for category in range(12)]
    for by in range(blocks_y):
        line = palette[rows[by]]
        for bx in range(blocks_x):
            for component, value in enumerate(line[cols[bx]]):
                dc = value - 128
                diff = dc - previous[component]
                previous[component] = dc
                category = abs(diff).bit_length()
                bits.append(dc_codes[category])
                if category:
                    bits.append(format(diff if diff > 0 else diff + (1 << category) - 1, f"0{category}b"))
                bits.append(_AC_EOB)
    stream = "".join(bits)
    stream += "1" * (-len(stream) % 8)  # pad the last byte with 1 bits
    scan = int(stream, 2).to_bytes(len(stream) // 8, "big") if stream else b""
    scan = scan.replace(b"\xff", b"\xff\x00")  # byte stuffing

    quant = bytes([0]) + bytes([_DC_QUANT]) + bytes([16] * 63)
    frame = struct.pack(">BHHB", 8, height, width, 3) + b"".join(bytes([cid, 0x11, 0]) for cid in (1, 2, 3))
    dc_table = bytes([0x00]) + bytes([0, 0, 0, 12] + [0] * 12) + bytes(range(12))
    ac_table = bytes([0x10]) + bytes([0, 2] + [0] * 14) + bytes([0x00, 0xF0])
    scan_header = bytes([3]) + b"".join(bytes([cid, 0x00]) for cid in (1, 2, 3)) + bytes([0, 63, 0])
    return (
        b"\xff\xd8"
        + _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + _segment(0xDB, quant)
        + _segment(0xC0, frame)
        + _segment(0xC4, dc_table)
        + _segment(0xC4, ac_table)
        + _segment(0xDA, scan_header)
        + scan
        + b"\xff\xd9"
    )
