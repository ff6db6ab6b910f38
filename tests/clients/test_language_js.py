"""The language and tabular tasks through the real @huggingface/inference SDK (one node process:
tests/js/scenarios/lang_tasks.mjs). JS validates every output shape itself, so an `ok` proves the
shape; the assertions below check the content rules."""
from __future__ import annotations

import pytest

from node_support import run_scenario


@pytest.fixture(scope="module")
def js_results(hf_server_session):
    # One scenario run for the whole module: each node start costs about half a second.
    out = run_scenario("scenarios/lang_tasks.mjs", hf_server_session.url)
    assert "ok" in out, out
    return out["ok"]


def ok(results, name):
    assert "ok" in results[name], results[name]
    return results[name]["ok"]


def error(results, name):
    assert "error" in results[name], results[name]
    return results[name]["error"]


def test_js_classification_tasks(js_results):
    labels = ok(js_results, "textClassification")
    assert [x["label"] for x in labels] == ["POSITIVE", "NEGATIVE"]
    assert sum(x["score"] for x in labels) == pytest.approx(1.0, abs=1e-5)
    zero_shot = ok(js_results, "zeroShotClassification")
    assert sorted(x["label"] for x in zero_shot) == ["faq", "legal", "refund"]
    assert zero_shot[0]["label"] == "refund"


def test_js_token_classification(js_results):
    text = "My name is Sarah Jessica Parker and I live in New York"
    entities = ok(js_results, "tokenClassification")
    assert [(e["entity_group"], text[e["start"] : e["end"]]) for e in entities] == [
        ("PER", "Sarah Jessica Parker"),
        ("LOC", "New York"),
    ]
    words = ok(js_results, "tokenClassificationNone")
    assert [(w["entity"], w["word"]) for w in words] == [("B-PER", "Angela"), ("I-PER", "Merkel")]


def test_js_question_answering_tasks(js_results):
    answer = ok(js_results, "questionAnswering")
    context = "The Eiffel Tower is in Paris. It was built in 1889 by Gustave Eiffel."
    assert answer["answer"] == "Paris" == context[answer["start"] : answer["end"]]
    table = ok(js_results, "tableQuestionAnswering")
    assert table == {"answer": "36542", "coordinates": [[0, 1]], "cells": ["36542"], "aggregator": "NONE"}


def test_js_text_to_text_tasks(js_results):
    summary = ok(js_results, "summarization")["summary_text"]
    assert summary and len(summary) < 120
    assert ok(js_results, "translation") == {"translation_text": "Bonjour, mon ami."}
    many = ok(js_results, "translationMany")
    assert [t["translation_text"] for t in many][0] == "Hallo" and len(many) == 2


def test_js_fill_mask(js_results):
    out = ok(js_results, "fillMask")
    assert len(out) == 5
    assert all(o["sequence"] == f"The capital of France is {o['token_str']}." for o in out)


def test_js_embeddings_and_similarity(js_results):
    sims = ok(js_results, "sentenceSimilarity")
    assert sims[0] == pytest.approx(1.0) and sims[1] < 1.0
    vector = ok(js_results, "featureExtraction")
    assert len(vector) == 8 and sum(v * v for v in vector) == pytest.approx(1.0, abs=1e-5)
    tokens = ok(js_results, "featureExtractionTokens")
    assert len(tokens) == 1 and len(tokens[0]) == 3 and len(tokens[0][0]) == 768


def test_js_tabular(js_results):
    classes = ok(js_results, "tabularClassification")
    assert len(classes) == 2 and all(isinstance(c, int) for c in classes)
    values = ok(js_results, "tabularRegression")
    assert len(values) == 2 and all(isinstance(v, float) for v in values)


def test_js_bad_inputs_are_clear_400s(js_results):
    for name, message in (
        ("fillMaskMissing", "No mask_token (<mask>) found on the input"),
        ("zeroShotEmpty", "You must include at least one label and at least one sequence."),
        ("tabularRagged", "All columns of the table must have the same length"),
    ):
        err = error(js_results, name)
        assert err["status"] == 400, err
        assert err["name"] == "ProviderApiError"
        assert message in err["message"]
