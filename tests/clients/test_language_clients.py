"""The language and tabular tasks through huggingface_hub's InferenceClient: the client's own
parsing must accept every answer, and the content must follow the rules of WIRE.md 3.2 and 9."""
from __future__ import annotations

import math

import numpy as np
import pytest
from huggingface_hub.errors import BadRequestError, HfHubHTTPError

SST2 = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
CONTEXT = "The Eiffel Tower is in Paris. It was built in 1889 by Gustave Eiffel. It is 330 metres tall."
TABLE = {
    "Repository": ["Transformers", "Datasets", "Tokenizers"],
    "Stars": ["36542", "4512", "3934"],
    "Contributors": ["651", "77", "34"],
}


def test_text_classification_sst2(hf_client):
    client = hf_client(SST2)
    out = client.text_classification("I love this movie, it is great")
    assert [o.label for o in out] == ["POSITIVE", "NEGATIVE"]
    assert sum(o.score for o in out) == pytest.approx(1.0, abs=1e-5)
    negative = client.text_classification("I hate this, it is terrible")
    assert negative[0].label == "NEGATIVE"
    top = client.text_classification("fine", top_k=1, function_to_apply="sigmoid")
    assert len(top) == 1 and 0 < top[0].score < 1


def test_text_classification_emotions_and_unknown_models(hf_client):
    emotions = hf_client("j-hartmann/emotion-english-distilroberta-base").text_classification("What a day")
    assert {o.label for o in emotions} == {"anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise"}
    scores = [o.score for o in emotions]
    assert scores == sorted(scores, reverse=True)
    unknown = hf_client("someone/my-classifier?task=text-classification").text_classification("hello")
    assert {o.label for o in unknown} == {"LABEL_0", "LABEL_1"}


def test_token_classification_entities_are_real_spans(hf_client):
    text = "My name is Sarah Jessica Parker and I live in New York"
    client = hf_client("dslim/bert-base-NER")
    out = client.token_classification(text)
    assert [(e.entity_group, e.word) for e in out] == [("PER", "Sarah Jessica Parker"), ("LOC", "New York")]
    for entity in out:
        assert text[entity.start : entity.end] == entity.word
    words = client.token_classification(text, aggregation_strategy="none")
    assert [w.word for w in words] == ["Sarah", "Jessica", "Parker", "New", "York"]
    assert [w.entity for w in words][:3] == ["B-PER", "I-PER", "I-PER"]
    assert client.token_classification(text, ignore_labels=["O", "PER"])[0].entity_group == "LOC"


def test_question_answering_span(hf_client):
    client = hf_client("deepset/roberta-base-squad2")
    out = client.question_answering(question="Where is the Eiffel Tower?", context=CONTEXT)
    assert out.answer == "Paris" and CONTEXT[out.start : out.end] == out.answer
    assert client.question_answering(question="When was it built?", context=CONTEXT).answer == "1889"
    many = client.question_answering(question="What is it?", context=CONTEXT, top_k=3)
    assert isinstance(many, list) and len(many) == 3
    assert [m.score for m in many] == sorted((m.score for m in many), reverse=True)
    assert all(CONTEXT[m.start : m.end] == m.answer for m in many)


def test_table_question_answering(hf_client):
    client = hf_client("google/tapas-base-finetuned-wtq")
    out = client.table_question_answering(TABLE, query="How many stars does the Transformers repository have?")
    assert (out.answer, out.cells, out.coordinates, out.aggregator) == ("36542", ["36542"], [[0, 1]], "NONE")
    total = client.table_question_answering(TABLE, query="What is the total number of stars?")
    assert total.aggregator == "SUM" and total.answer == "SUM > 36542, 4512, 3934"


def test_summarization_and_translation(hf_client):
    text = (
        "The tower is 324 metres tall, about the same height as an 81-storey building. "
        "Its base is square, measuring 125 metres on each side. During its construction the "
        "Eiffel Tower surpassed the Washington Monument to become the tallest structure in the world."
    )
    summary = hf_client("facebook/bart-large-cnn").summarization(text).summary_text
    assert 0 < len(summary) < len(text)
    source_words = {w.strip(".,").lower() for w in text.split()}
    assert all(w.strip(".,").lower() in source_words for w in summary.split())

    sentence = "Hello, my friend. The cat is on the table today."
    french = hf_client("Helsinki-NLP/opus-mt-en-fr").translation(sentence).translation_text
    assert french.startswith("Bonjour, mon ami. Le chat est")
    german = hf_client("Helsinki-NLP/opus-mt-en-de").translation(sentence).translation_text
    assert german.startswith("Hallo") and german != french
    spanish = hf_client("t5-base").translation("Hello world", src_lang="en", tgt_lang="es").translation_text
    assert spanish == "Hola mundo"


def test_fill_mask_uses_the_model_mask_token(hf_client):
    bert = hf_client("google-bert/bert-base-uncased")
    out = bert.fill_mask("The capital of France is [MASK].")
    assert len(out) == 5
    for item in out:
        assert item.sequence == f"The capital of France is {item.token_str}."
        assert isinstance(item.token, int)
    assert [o.score for o in out] == sorted((o.score for o in out), reverse=True)
    targeted = bert.fill_mask("I like [MASK] music.", targets=["loud", "quiet"], top_k=2)
    assert {o.token_str for o in targeted} == {"loud", "quiet"}
    roberta = hf_client("FacebookAI/roberta-base")
    assert roberta.fill_mask("Paris is the <mask> of France.", top_k=2)[0].sequence.startswith("Paris is the ")
    with pytest.raises(BadRequestError, match=r"No mask_token \(<mask>\) found on the input"):
        roberta.fill_mask("Paris is the [MASK] of France.")


def test_zero_shot_classification(hf_client):
    client = hf_client("facebook/bart-large-mnli")
    labels = ["refund", "faq", "legal"]
    out = client.zero_shot_classification("I want a refund for my broken order", labels)
    assert sorted(o.label for o in out) == sorted(labels)
    assert out[0].label == "refund"
    assert sum(o.score for o in out) == pytest.approx(1.0, abs=1e-5)
    multi = client.zero_shot_classification("refund and legal advice please", labels, multi_label=True)
    assert all(0 < o.score < 1 for o in multi) and sum(o.score for o in multi) > 1.0
    with pytest.raises(BadRequestError, match="at least one label"):
        client.zero_shot_classification("text", [""])


def test_sentence_similarity_is_cosine_of_feature_extraction(hf_client):
    client = hf_client("sentence-transformers/all-MiniLM-L6-v2")
    sentences = ["That is a happy person", "That is a happy dog", "Today is a sunny day"]
    sims = client.sentence_similarity("That is a happy person", sentences)
    assert sims[0] == pytest.approx(1.0)
    assert sims[1] > sims[2]
    vectors = client.feature_extraction(["That is a happy person", *sentences])
    for i, sim in enumerate(sims):
        a, b = vectors[0], vectors[i + 1]
        assert sim == pytest.approx(float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b))), abs=1e-5)


def test_feature_extraction_options(hf_client):
    client = hf_client("BAAI/bge-large-en-v1.5")
    full = client.feature_extraction("a sentence about rivers")
    assert full.shape == (1024,)
    assert np.linalg.norm(full) == pytest.approx(1.0, abs=1e-5)
    short = client.feature_extraction("a sentence about rivers", dimensions=16)
    assert short.shape == (16,) and np.linalg.norm(short) == pytest.approx(1.0, abs=1e-5)
    raw = client.feature_extraction("a sentence about rivers", normalize=False, dimensions=16)
    assert np.allclose(short, raw / np.linalg.norm(raw), atol=1e-5)
    query = client.feature_extraction("rivers", prompt_name="query")
    assert not np.allclose(query, client.feature_extraction("rivers"))
    long_text = "word " * 600
    assert client.feature_extraction(long_text, truncate=True).shape == (1024,)
    left = client.feature_extraction("start " + long_text, truncation_direction="left")
    right = client.feature_extraction("start " + long_text, truncation_direction="right")
    assert not np.allclose(left, right)
    with pytest.raises(HfHubHTTPError, match="must have less than 512 tokens"):
        client.feature_extraction(long_text, truncate=False)
    with pytest.raises(HfHubHTTPError, match="`dimensions` should be positive"):
        client.feature_extraction("x", dimensions=0)
    with pytest.raises(HfHubHTTPError, match="smaller than the maximum embedding dimension"):
        client.feature_extraction("x", dimensions=1025)
    token_level = hf_client("facebook/bart-base").feature_extraction("Hello big world")
    assert token_level.shape == (1, 3, 768)


def test_tabular_classification(hf_client):
    table = {"fixed_acidity": ["7.4", "7.8", "7.4"], "alcohol": ["9.4", "9.8", "9.4"]}
    out = hf_client("julien-c/wine-quality").tabular_classification(table)
    assert len(out) == 3 and all(isinstance(v, int) and 3 <= v <= 8 for v in out)
    assert out[0] == out[2]  # equal rows, equal predictions


def test_zero_shot_old_dict_never_sent(hf_client):
    # huggingface_hub 2.x raises on the old {"sequence", "labels", "scores"} dict (WIRE.md 3.2).
    out = hf_client("facebook/bart-large-mnli").zero_shot_classification("a", ["x", "y"])
    assert all(math.isfinite(o.score) for o in out)
