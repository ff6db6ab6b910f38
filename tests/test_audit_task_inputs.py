"""Second reading of issue 5: the inputs a user tries that the happy paths miss, through the real
clients and raw HTTP. Cut-off image and audio files are 400s that say so (a decoder would stop on
them, so the real service refuses them too), never a 500 or a made-up answer; spans count code
points with emoji and accents; a plainly positive text is POSITIVE; a model's /health is an
empty 200 with no Content-Type."""
from __future__ import annotations

import base64

import pytest
from huggingface_hub.errors import BadRequestError

from media_fixtures import image_bytes, wav_bytes

VIT = "google/vit-base-patch16-224"
WHISPER = "openai/whisper-large-v3"
SST2 = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
TEXT = "Émile 😀 met Sarah Jessica 🇫🇷 Parker in Zürich, then 東京 with Bob."


def _cut(data: bytes) -> bytes:
    return data[: len(data) // 2]


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP", "BMP"])
def test_truncated_image_is_a_400_and_the_whole_file_works(http, fmt):
    whole = image_bytes(64, 48, fmt)
    for body in (_cut(whole), {"inputs": base64.b64encode(_cut(whole)).decode(), "parameters": {"top_k": 2}}):
        resp = http("POST", f"/models/{VIT}", body)
        assert resp.status == 400, (fmt, resp.body)
        assert resp.headers["Content-Type"].startswith("application/json")
        assert "truncated or corrupt" in resp.json()["error"]
    assert http("POST", f"/models/{VIT}", whole).status == 200


@pytest.mark.parametrize("cut", [20, 30, 40])
def test_truncated_wav_header_is_a_400_not_a_500(http, cut):
    resp = http("POST", f"/models/{WHISPER}", wav_bytes(1.0)[:cut])
    assert resp.status == 400, resp.body
    assert "audio/wav" in resp.json()["error"] and "truncated or corrupt" in resp.json()["error"]
    assert http("POST", f"/models/{WHISPER}", wav_bytes(1.0)).status == 200


def test_hf_hub_client_surfaces_truncated_media_as_bad_request(hf_client):
    with pytest.raises(BadRequestError, match="truncated or corrupt"):
        hf_client(VIT).image_classification(_cut(image_bytes(64, 48)))
    with pytest.raises(BadRequestError, match="truncated or corrupt"):
        hf_client(WHISPER).automatic_speech_recognition(wav_bytes(1.0)[:30])
    assert hf_client(VIT).image_classification(image_bytes(64, 48), top_k=1)[0].label


@pytest.mark.parametrize("strategy", [None, "simple", "first", "average", "max", "none"])
def test_entity_offsets_count_code_points(hf_client, strategy):
    entities = hf_client("dslim/bert-base-NER").token_classification(TEXT, aggregation_strategy=strategy)
    assert entities
    for entity in entities:
        assert TEXT[entity.start : entity.end] == entity.word


@pytest.mark.parametrize("top_k", [None, 3])
def test_answer_offsets_count_code_points(hf_client, top_k):
    context = "😀😀 Der Käse 🧀 kostet 5€; Marie Curie lebte in Zürich."
    answers = hf_client("deepset/roberta-base-squad2").question_answering(question="Wer?", context=context, top_k=top_k)
    for answer in answers if isinstance(answers, list) else [answers]:
        assert context[answer.start : answer.end] == answer.answer


@pytest.mark.parametrize(
    "text, label",
    [("I love it", "POSITIVE"), ("Fantastic service", "POSITIVE"), ("Worst purchase ever", "NEGATIVE"), ("I hate it", "NEGATIVE")],
)
def test_plain_sentiment_goes_the_way_it_reads(hf_client, text, label):
    # The seed draws the confidence; the words decide the direction (README: 'I love it' -> POSITIVE).
    assert hf_client(SST2).text_classification(text)[0].label == label
    stars = hf_client("nlptown/bert-base-multilingual-uncased-sentiment").text_classification(text)[0].label
    assert stars in (("4 stars", "5 stars") if label == "POSITIVE" else ("1 star", "2 stars", "3 stars"))


def test_model_health_is_an_empty_200_without_content_type(http, hf_client):
    resp = http("GET", "/models/BAAI/bge-small-en-v1.5/health")
    assert resp.status == 200 and resp.body == b""
    assert "Content-Type" not in resp.headers
    assert hf_client("BAAI/bge-small-en-v1.5", provider="hf-inference").health_check()


def test_js_sdk_on_cut_files_and_unicode_spans(node):
    png = image_bytes(64, 48)
    out = node("scenarios/audit_inputs.mjs", {
        "truncatedPng": base64.b64encode(_cut(png)).decode(),
        "truncatedWav": base64.b64encode(wav_bytes(1.0)[:30]).decode(),
        "png": base64.b64encode(png).decode(),
        "text": TEXT,
    })["ok"]
    for name in ("truncatedImage", "truncatedAudio"):
        error = out[name]["error"]
        assert error["status"] == 400 and "truncated or corrupt" in error["message"], error
    assert out["wholeImage"]["ok"][0]["label"]
    # JS string indices count UTF-16 units; the service's offsets count code points (WIRE.md 9.6),
    # as Python slices do.
    for entity in out["entities"]["ok"]:
        assert TEXT[entity["start"] : entity["end"]] == entity["word"]
    answer = out["answer"]["ok"]
    assert TEXT[answer["start"] : answer["end"]] == answer["answer"]
    assert out["sentiment"]["ok"][0]["label"] == "POSITIVE"


def test_fill_mask_input_longer_than_the_model_is_a_400(hf_client, http):
    # Thousands of masks once made an 876 MB answer in 20 s (each mask's answers repeat the input).
    resp = http("POST", "/models/google-bert/bert-base-uncased", {"inputs": "[MASK] " * 5000})
    assert resp.status == 400 and "> 512)" in resp.json()["error"]
    with pytest.raises(BadRequestError, match="maximum sequence length"):
        hf_client("FacebookAI/roberta-base").fill_mask("word " * 600 + "<mask>")
    assert len(hf_client("google-bert/bert-base-uncased").fill_mask("word " * 400 + "[MASK]")) == 5
    assert hf_client("answerdotai/ModernBERT-base").fill_mask("word " * 600 + "[MASK]")


def _png_claiming(width: int, height: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


@pytest.mark.parametrize("model", ["nvidia/segformer-b0-finetuned-ade-512-512", "timbrooks/instruct-pix2pix", VIT])
def test_image_header_claiming_a_huge_size_is_pillows_400(http, model):
    # 20000 x 20000 took 15 s of the event loop to answer with masks of that size.
    resp = http("POST", f"/models/{model}", _png_claiming(20000, 20000))
    assert resp.status == 400
    assert resp.json()["error"] == "Image size (400000000 pixels) exceeds limit of 178956970 pixels, could be decompression bomb DOS attack."
    assert http("POST", f"/models/{model}", image_bytes(64, 48)).status == 200


def test_model_scoped_tei_base_url_serves_tokenize(http):
    # `/models/{org}/{name}/` is a TEI container of its own (README); its /tokenize was answered
    # as feature-extraction of a model named ".../tokenize".
    tei_rows = http("POST", "/models/BAAI/bge-small-en-v1.5/tokenize", {"inputs": "héllo 😀 world"})
    assert tei_rows.status == 200
    assert tei_rows.json() == http("POST", "/models/BAAI/bge-small-en-v1.5/tokenize", {"inputs": ["héllo 😀 world"]}).json()
    assert isinstance(tei_rows.json()[0], list) and {"id", "text", "special", "start", "stop"} <= set(tei_rows.json()[0][0])
    tgi_tokens = http("POST", "/models/meta-llama/Llama-3.1-8B-Instruct/tokenize", {"inputs": "Hello world"})
    assert tgi_tokens.status == 200 and "".join(t["text"] for t in tgi_tokens.json()) == "Hello world"
    missing = http("POST", "/models/BAAI/bge-small-en-v1.5/tokenize", {})
    assert missing.status == 422 and missing.headers["Content-Type"].startswith("text/plain")
