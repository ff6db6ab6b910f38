"""The tasks of the built-in plugin ``audio`` (registered by ``audio.py``):
automatic-speech-recognition, audio-classification, audio-to-audio, text-to-speech and
text-to-audio.

Input audio is read for real (``media_info``): the WAV or FLAC duration bounds transcripts and
timestamps; MP3, OGG and WebM, whose duration is not in a fixed header, are estimated from their
size. Output audio is 16 kHz mono WAV (``synth.wav``) named `audio/wav`, which both clients take
as it is (WIRE.md 3.4: the real default is FLAC, the Content-Type just has to name the bytes).
"""
from __future__ import annotations

import base64
from array import array
from typing import Any

from hf_tornado import errors
from hf_tornado.media_info import AudioInfo
from hf_tornado.synth.seed import rng
from hf_tornado.synth.text import prose
from hf_tornado.synth.wav import SAMPLE_RATE, speech, write_wav
from hf_tornado.tasks import InferenceRequest, MediaResult, Task

from .media_inputs import audio_of, media_label_scores, text_of

WORDS_PER_SECOND = 2.5
MAX_TRANSCRIPT_WORDS = 600
MAX_OUTPUT_SECONDS = 30.0
# Rough bytes per second of compressed audio, for containers without a cheap duration.
_BYTES_PER_SECOND = {"mp3": 16000, "ogg": 12000, "webm": 12000, "mp4": 16000}


def seconds_of(info: AudioInfo, data: bytes) -> float:
    """The audio's duration: from the header where it says, else estimated from the size."""
    if info.duration is not None:
        return info.duration
    return len(data) / _BYTES_PER_SECOND.get(info.format, 16000)


def _chunks(words: list[str], duration: float, per_word: bool, stream: Any) -> list[dict[str, Any]]:
    """Timestamped chunks spread over the speech, all inside [0, duration]."""
    groups: list[list[str]] = []
    i = 0
    while i < len(words):
        size = 1 if per_word else stream.randint(3, 7)
        groups.append(words[i : i + size])
        i += size
    start_at = min(0.2, duration * 0.05)
    span = max(duration * 0.95 - start_at, 0.0)
    total = sum(len(" ".join(g)) + 1 for g in groups) or 1
    out, cursor = [], 0
    for group in groups:
        text = " ".join(group)
        begin = start_at + span * cursor / total
        cursor += len(text) + 1
        end = start_at + span * cursor / total
        out.append({"text": (" " if not per_word else "") + text, "timestamp": [round(begin, 2), round(min(end, duration), 2)]})
    return out


class AutomaticSpeechRecognition(Task):
    name = "automatic-speech-recognition"
    binary_input = True

    def run(self, request: InferenceRequest) -> Any:
        data, info = audio_of(request)
        duration = seconds_of(info, data)
        stream = rng(request.model, self.name, data)
        count = min(MAX_TRANSCRIPT_WORDS, int(round(duration * WORDS_PER_SECOND)))
        text = prose(stream, count) if count else ""
        # wav2vec2-style models answer upper-case letters only; whisper-style ones a leading space.
        uppercase = bool(request.card.extra.get("uppercase"))
        if uppercase:
            text = "".join(ch for ch in text.upper() if ch.isalnum() or ch in " '")
        answer: dict[str, Any] = {"text": (" " + text) if text and not uppercase else text}
        timestamps = request.param("return_timestamps")
        if timestamps not in (None, False):
            if timestamps not in (True, "word", "char"):
                raise errors.bad_request(f"`return_timestamps` must be true, false or \"word\", got {timestamps!r}")
            answer["chunks"] = _chunks(text.split(), duration, timestamps in ("word", "char"), stream)
        return answer


class AudioClassification(Task):
    name = "audio-classification"
    binary_input = True

    def run(self, request: InferenceRequest) -> Any:
        data, _ = audio_of(request)
        labels = request.card.labels or tuple(f"LABEL_{i}" for i in range(4))
        return media_label_scores(request, self.name, data, labels, spread=5.0)


class AudioToAudio(Task):
    """Separated or enhanced sources, each a base64 WAV as long as the input (capped)."""

    name = "audio-to-audio"
    binary_input = True

    def run(self, request: InferenceRequest) -> Any:
        data, info = audio_of(request)
        seconds = min(seconds_of(info, data), MAX_OUTPUT_SECONDS)
        count = max(1, int(request.card.extra.get("sources", 1)))
        out = []
        for index in range(count):
            stream = rng(request.model, self.name, data, index)
            words = " ".join(stream.choice(("la", "sound", "voice", "tone", "signal")) for _ in range(40))
            samples = speech(words, request.model, data, index)
            wanted = int(seconds * SAMPLE_RATE)
            samples = (samples * (wanted // max(len(samples), 1) + 1))[:wanted] if wanted else array("h")
            out.append({"label": f"label_{index}", "blob": base64.b64encode(write_wav(samples)).decode("ascii"), "content-type": "audio/wav"})
        return out


class TextToSpeech(Task):
    name = "text-to-speech"

    def run(self, request: InferenceRequest) -> Any:
        text = text_of(request)
        return MediaResult(write_wav(speech(text, request.model, self.name)), "audio/wav")


class TextToAudio(TextToSpeech):
    name = "text-to-audio"
