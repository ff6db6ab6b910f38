"""Built-in plugin: automatic-speech-recognition, audio-classification, audio-to-audio,
text-to-speech and text-to-audio.

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
from hf_tornado.catalog import ModelCard
from hf_tornado.hookspecs import hookimpl
from hf_tornado.media_info import AudioInfo
from hf_tornado.synth.seed import rng
from hf_tornado.synth.text import prose
from hf_tornado.synth.wav import SAMPLE_RATE, speech, write_wav
from hf_tornado.tasks import InferenceRequest, MediaResult, Task

from . import media_labels as L
from .media_inputs import audio_of, media_label_scores, text_of

WORDS_PER_SECOND = 2.5
MAX_TRANSCRIPT_WORDS = 600
MAX_OUTPUT_SECONDS = 30.0
# Rough bytes per second of compressed audio, for containers without a cheap duration.
_BYTES_PER_SECOND = {"mp3": 16000, "ogg": 12000, "webm": 12000, "mp4": 16000}


def _card(model_id: str, task: str, labels: tuple[str, ...] = (), **extra: Any) -> ModelCard:
    return ModelCard(id=model_id, task=task, labels=labels, tags=(task,), extra=extra)


CARDS: tuple[ModelCard, ...] = (
    _card("openai/whisper-large-v3", "automatic-speech-recognition"),
    _card("openai/whisper-large-v3-turbo", "automatic-speech-recognition"),
    _card("openai/whisper-small", "automatic-speech-recognition"),
    _card("facebook/wav2vec2-base-960h", "automatic-speech-recognition", uppercase=True),
    _card("facebook/wav2vec2-large-960h-lv60-self", "automatic-speech-recognition", uppercase=True),
    _card("superb/hubert-base-superb-er", "audio-classification", L.SPEECH_EMOTIONS),
    _card("superb/hubert-large-superb-er", "audio-classification", L.SPEECH_EMOTIONS),
    _card("ehcalabres/wav2vec2-lg-xlsr-en-speech-emotion-recognition", "audio-classification",
          ("angry", "calm", "disgust", "fearful", "happy", "neutral", "sad", "surprised")),
    _card("alefiury/wav2vec2-large-xlsr-53-gender-recognition-librispeech", "audio-classification", L.GENDER),
    _card("MIT/ast-finetuned-audioset-10-10-0.4593", "audio-classification", L.AUDIOSET),
    _card("superb/wav2vec2-base-superb-ks", "audio-classification", L.KEYWORDS),
    _card("speechbrain/sepformer-wham", "audio-to-audio", sources=2),
    _card("speechbrain/sepformer-wsj02mix", "audio-to-audio", sources=2),
    _card("speechbrain/metricgan-plus-voicebank", "audio-to-audio", sources=1),
    # The rest of @huggingface/tasks' example models for these tasks, so that an app calling them by
    # id through the redirect passes the clients' task check against the Hub's pipeline tag.
    _card("speechbrain/google_speech_command_xvector", "audio-classification", L.KEYWORDS),
    _card("facebook/mms-lid-126", "audio-classification", L.SPOKEN_LANGUAGES),
    _card("ResembleAI/resemble-enhance", "audio-to-audio", sources=1),
    _card("microsoft/speecht5_vc", "audio-to-audio", sources=1),
    _card("facebook/w2v-bert-2.0", "automatic-speech-recognition"),
    _card("facebook/seamless-m4t-v2-large", "automatic-speech-recognition"),
    _card("nvidia/canary-1b", "automatic-speech-recognition"),
    _card("pyannote/speaker-diarization-3.1", "automatic-speech-recognition"),
    _card("ResembleAI/chatterbox", "text-to-speech"),
    _card("fishaudio/fish-speech-1.5", "text-to-speech"),
    _card("nari-labs/Dia-1.6B-0626", "text-to-speech"),
    _card("KittenML/kitten-tts-nano-0.1", "text-to-speech"),
    _card("facebook/mms-tts-eng", "text-to-speech"),
    _card("espnet/kan-bayashi_ljspeech_vits", "text-to-speech"),
    _card("suno/bark-small", "text-to-speech"),
    _card("microsoft/speecht5_tts", "text-to-speech"),
    _card("facebook/musicgen-small", "text-to-audio"),
    _card("facebook/musicgen-medium", "text-to-audio"),
)


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


@hookimpl
def hf_tornado_register_tasks() -> list[Task]:
    return [AutomaticSpeechRecognition(), AudioClassification(), AudioToAudio(), TextToSpeech(), TextToAudio()]


@hookimpl
def hf_tornado_register_models() -> list[ModelCard]:
    return list(CARDS)
