"""Built-in plugin: automatic-speech-recognition, audio-classification, audio-to-audio,
text-to-speech, text-to-audio.

It registers its model cards and tasks; how the tasks answer is in ``audio_tasks.py``,
imported on the first run of one of them (``lazy.LazyTask``), so start-up does not pay for
it (docs/performance.md).
"""
from __future__ import annotations

from typing import Any

from hf_tornado.catalog import ModelCard
from hf_tornado.hookspecs import hookimpl
from hf_tornado.tasks import Task

from . import media_labels as L
from .lazy import LazyTask


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


@hookimpl
def hf_tornado_register_tasks() -> list[Task]:
    return [
        LazyTask("automatic-speech-recognition", "hf_tornado.builtin_tasks.audio_tasks:AutomaticSpeechRecognition", binary_input=True),
        LazyTask("audio-classification", "hf_tornado.builtin_tasks.audio_tasks:AudioClassification", binary_input=True),
        LazyTask("audio-to-audio", "hf_tornado.builtin_tasks.audio_tasks:AudioToAudio", binary_input=True),
        LazyTask("text-to-speech", "hf_tornado.builtin_tasks.audio_tasks:TextToSpeech"),
        LazyTask("text-to-audio", "hf_tornado.builtin_tasks.audio_tasks:TextToAudio"),
    ]


@hookimpl
def hf_tornado_register_models() -> list[ModelCard]:
    return list(CARDS)
