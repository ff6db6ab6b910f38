"""Real clients where they reach TEI-backed answers: huggingface_hub's InferenceClient on the
compat route `POST /` and `/models/{id}/info`, the openai SDK's embeddings, and the JS SDK; each
must agree with TEI's own `/embed`, `/similarity` and `/rerank`."""
from __future__ import annotations

import numpy as np

from tei_support import EMBEDDER, call, embed_rows

TEXT = "Rivers carry water down to the sea"
OTHER = "The market closed higher today"


def test_hf_hub_feature_extraction_on_the_base_url_equals_embed(hf_url):
    from huggingface_hub import InferenceClient

    with InferenceClient(base_url=hf_url, token="hf_test") as client:
        vector = client.feature_extraction(TEXT)
        options = dict(normalize=False, dimensions=32, prompt_name="query", truncation_direction="left")
        with_options = client.feature_extraction(TEXT, **options)
    assert vector.shape == (384,)
    np.testing.assert_allclose(vector, embed_rows(hf_url, {"inputs": TEXT})[0], atol=1e-6)
    np.testing.assert_allclose(with_options, embed_rows(hf_url, {"inputs": TEXT, **options})[0], atol=1e-6)


def test_hf_hub_sentence_similarity_on_the_base_url_equals_similarity(hf_url):
    from huggingface_hub import InferenceClient

    with InferenceClient(base_url=hf_url, token="hf_test") as client:
        scores = client.sentence_similarity(TEXT, other_sentences=[TEXT, OTHER])
    tei = call(hf_url, "POST", "/similarity", {"inputs": {"source_sentence": TEXT, "sentences": [TEXT, OTHER]}}).json()
    assert scores == tei and scores[0] == 1.0


def test_hf_hub_get_endpoint_info_reads_tei_info(hf_url):
    from huggingface_hub import InferenceClient

    with InferenceClient(base_url=f"{hf_url}/models/{EMBEDDER}", token="hf_test", provider="hf-inference") as client:
        info = client.get_endpoint_info()
        healthy = client.health_check()
    assert info["model_id"] == EMBEDDER and info["max_client_batch_size"] == 32
    assert info["model_type"] == {"embedding": {"pooling": "cls"}}
    assert healthy is True


def test_openai_embeddings_equal_embed(openai_client, hf_url):
    rows = embed_rows(hf_url, {"inputs": [TEXT, OTHER]})
    floats = openai_client.embeddings.create(model=EMBEDDER, input=[TEXT, OTHER], encoding_format="float")
    for item, row in zip(floats.data, rows):
        np.testing.assert_allclose(item.embedding, row, atol=1e-6)
    # The SDK's default asks for base64 (little-endian float32) and decodes it; strict response
    # validation would check the undecoded string against list[float], so this client is lenient.
    import openai

    with openai.OpenAI(base_url=f"{hf_url}/v1", api_key="hf_test", max_retries=0) as lenient:
        decoded = lenient.embeddings.create(model=EMBEDDER, input=TEXT)
    np.testing.assert_allclose(decoded.data[0].embedding, rows[0], atol=1e-6)


def test_js_sdk_and_fetch_agree_with_tei(node, hf_url):
    out = node("scenarios/tei_clients.mjs", {"text": TEXT, "other": OTHER})
    assert "ok" in out, out
    result = out["ok"]
    rows = embed_rows(hf_url, {"inputs": [TEXT, OTHER]})
    np.testing.assert_allclose(result["featureExtraction"], rows[0], atol=1e-6)
    np.testing.assert_allclose(result["batch"], rows, atol=1e-6)
    assert result["embed"] == {"status": 200, "type": "application/json", "body": rows}
    assert result["sentenceSimilarity"][0] == 1.0
    assert [r["index"] for r in result["rerank"]["body"]] == [1, 0]
    assert result["rerank"]["body"][0]["text"] == TEXT
    assert result["tooMany"] == {
        "status": 422,
        "type": "application/json",
        "body": {"error": "batch size 33 > maximum allowed batch size 32", "error_type": "Validation"},
    }
