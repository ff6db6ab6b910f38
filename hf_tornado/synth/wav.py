"""A WAV writer and deterministic speech-like audio.

Audio is 16 kHz mono 16-bit PCM. Each word of a text becomes a short tone (pitch from the word's
hash, length from the word's length) followed by a pause, so the duration grows with the text
and the same text gives the same bytes. One cycle of each tone is computed and repeated, which
keeps a minute of audio to a few milliseconds of work.
"""
from __future__ import annotations

import io
import math
import sys
import wave
from array import array

from .seed import seed_int
from .text import words_of

SAMPLE_RATE = 16000
MAX_SECONDS = 60.0
_AMPLITUDE = 9000


def write_wav(samples: array, sample_rate: int = SAMPLE_RATE) -> bytes:
    """A mono 16-bit PCM WAV file of ``samples`` (an ``array('h')``)."""
    if sys.byteorder != "little":  # WAV is little-endian
        samples = array("h", samples)
        samples.byteswap()
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(sample_rate)
        writer.writeframes(samples.tobytes())
    return out.getvalue()


def _tone(frequency: float, count: int, sample_rate: int) -> array:
    period = max(2, int(round(sample_rate / frequency)))
    cycle = array("h", (int(_AMPLITUDE * math.sin(2 * math.pi * i / period)) for i in range(period)))
    repeats = count // period + 1
    return (cycle * repeats)[:count]


def speech(text: str, *seed_parts: object, sample_rate: int = SAMPLE_RATE) -> array:
    """Tones and pauses for the words of ``text``: about 0.08 s per character plus 0.25 s."""
    samples = array("h", bytes(2 * int(0.15 * sample_rate)))  # leading silence
    limit = int(MAX_SECONDS * sample_rate)
    for index, word in enumerate(words_of(text) or ["_"]):
        pitch = 110 + seed_int("pitch", *seed_parts, index, word) % 330
        samples.extend(_tone(pitch, int((0.05 + 0.07 * len(word)) * sample_rate), sample_rate))
        samples.extend(array("h", bytes(2 * int(0.06 * sample_rate))))
        if len(samples) >= limit:
            break
    samples.extend(array("h", bytes(2 * int(0.1 * sample_rate))))
    return samples[:limit]
