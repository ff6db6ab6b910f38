"""Audio tasks through huggingface_hub's InferenceClient; audio decoded with `wave` (WIRE.md 3.4)."""
from __future__ import annotations

import io
import math
import wave

from hf_tornado.builtin_tasks import media_labels as L
from media_fixtures import flac_header, wav_bytes, wav_seconds


def test_asr_text_grows_with_duration(hf_client):
    client = hf_client("openai/whisper-large-v3")
    short = client.automatic_speech_recognition(wav_bytes(1.0))
    long = client.automatic_speech_recognition(wav_bytes(6.0))
    assert short.text.startswith(" ") and short.chunks is None
    assert len(long.text.split()) > len(short.text.split())
    assert client.automatic_speech_recognition(wav_bytes(6.0)).text == long.text  # deterministic


def test_asr_timestamps_inside_real_duration(hf_client):
    client = hf_client("openai/whisper-large-v3")
    out = client.automatic_speech_recognition(wav_bytes(4.0), extra_body={"return_timestamps": True})
    assert out.chunks
    assert "".join(c.text for c in out.chunks) == out.text
    previous_end = 0.0
    for chunk in out.chunks:
        start, end = chunk.timestamp
        assert previous_end <= start < end <= 4.0
        previous_end = end
    words = client.automatic_speech_recognition(wav_bytes(4.0), extra_body={"return_timestamps": "word"})
    assert len(words.chunks) == len(out.text.split())


def test_asr_flac_duration_from_streaminfo(hf_client):
    out = hf_client("openai/whisper-large-v3").automatic_speech_recognition(
        flac_header(3.0), extra_body={"return_timestamps": True}
    )
    assert out.chunks and out.chunks[-1].timestamp[1] <= 3.0


def test_asr_wav2vec2_uppercase(hf_client):
    out = hf_client("facebook/wav2vec2-base-960h").automatic_speech_recognition(wav_bytes(3.0))
    assert out.text == out.text.upper() and out.text.strip()


def test_audio_classification_emotions(hf_client):
    client = hf_client("superb/hubert-base-superb-er")
    out = client.audio_classification(wav_bytes(1.0))
    assert sorted(i.label for i in out) == sorted(L.SPEECH_EMOTIONS)
    assert math.isclose(sum(i.score for i in out), 1.0, abs_tol=1e-3)
    assert [i.score for i in out] == sorted((i.score for i in out), reverse=True)
    assert len(client.audio_classification(wav_bytes(1.0), top_k=2)) == 2


def test_audio_to_audio_sources_are_wav_of_input_length(hf_client):
    out = hf_client("speechbrain/sepformer-wham").audio_to_audio(wav_bytes(1.5))
    assert [item.label for item in out] == ["label_0", "label_1"]
    for item in out:
        assert item.content_type == "audio/wav"
        assert math.isclose(wav_seconds(item.blob), 1.5, abs_tol=0.01)
    assert out[0].blob != out[1].blob


def test_text_to_speech_wav_grows_with_text(hf_client):
    client = hf_client("facebook/mms-tts-eng")
    short = client.text_to_speech("Hello.")
    long = client.text_to_speech("Hello there, this sentence is quite a lot longer than the first one.")
    with wave.open(io.BytesIO(short)) as reader:
        assert reader.getnchannels() == 1 and reader.getsampwidth() == 2 and reader.getframerate() == 16000
    assert wav_seconds(long) > wav_seconds(short) > 0.3
    assert client.text_to_speech("Hello.") == short


def test_text_to_audio_content_type(http):
    resp = http("POST", "/models/facebook/musicgen-small", {"inputs": "lo-fi beat with piano"})
    assert resp.status == 200 and resp.headers["Content-Type"] == "audio/wav"
    assert wav_seconds(resp.body) > 1.0
