"""Second reading of issue 5's catalog rule: "take the real default and popular model ids per
task from the @huggingface/tasks package's data". Both SDKs check a model's Hub answer against the
task they call (hf_hub: pipeline_tag == task; JS: the hf-inference mapping's task), so an app that
calls one of those ids through the redirect fails unless the catalog knows it under that task."""
from __future__ import annotations

import base64

import pytest

from media_fixtures import image_bytes
from node_support import run_scenario

# Listed by @huggingface/tasks under a task that the model is not, on the Hub, or here.
NOT_THAT_TASK = {
    ("question-answering", "google/tapas-base-finetuned-wtq"),  # a table-QA model
    ("image-text-to-video", "Lightricks/LTX-Video"),  # a text-to-video model; task not served
}
# hf-inference serves feature-extraction and sentence-similarity from the same models; the Hub maps
# chat models' text-generation to the `conversational` task.
EQUIVALENT = {
    "sentence-similarity": {"sentence-similarity", "feature-extraction"},
    "feature-extraction": {"sentence-similarity", "feature-extraction"},
    "text-generation": {"text-generation", "conversational"},
}


@pytest.fixture(scope="module")
def tasks_data(hf_server_session):
    args = {"png": base64.b64encode(image_bytes(40, 30)).decode()}
    out = run_scenario("scenarios/tasks_example_models.mjs", hf_server_session.url, args)
    assert "ok" in out, out
    return out["ok"]


def test_every_example_model_of_a_served_task_resolves_to_it(tasks_data, hf_server_session):
    from huggingface_hub import HfApi

    api = HfApi(endpoint=hf_server_session.url, token=False)
    served = set(hf_server_session.state.registry.tasks)
    wrong = []
    checked = 0
    for task, ids in tasks_data["models"].items():
        if task not in served:
            continue
        for model in ids:
            if (task, model) in NOT_THAT_TASK:
                continue
            info = api.model_info(model, expand=["inferenceProviderMapping"])
            mapped = info.inference_provider_mapping[0].task
            if mapped not in EQUIVALENT.get(task, {task}) and not _claimed_by_a_plugin(hf_server_session, model):
                wrong.append((task, model, mapped))
            checked += 1
    assert checked > 60
    assert wrong == []


def _claimed_by_a_plugin(server, model: str) -> bool:
    # The example plugin hf-tornado-langid serves papluca's language detector as its own task.
    return server.state.registry.catalog.card(model).task == "language-identification"


def test_js_sdk_calls_example_models_by_id(tasks_data):
    by_id = tasks_data["byId"]
    assert by_id["imageToImage"] == {"ok": "image/png"}
    assert by_id["textToSpeech"] == {"ok": "audio/wav"}
    assert by_id["zeroShotImage"] == {"ok": ["cat", "dog"]}
    assert by_id["summarization"] == {"ok": True}


def test_hf_hub_calls_kontext_by_id_as_image_to_image(hf_redirect):
    from huggingface_hub import InferenceClient

    edited = InferenceClient().image_to_image(image_bytes(40, 30), prompt="add a hat", model="black-forest-labs/FLUX.1-Kontext-dev")
    assert edited.size == (40, 30)
    speech = InferenceClient().text_to_speech("Hello there", model="ResembleAI/chatterbox")
    assert speech[:4] == b"RIFF"
    # Per call: the provider mapping, hf_hub's pipeline-tag check, the inference.
    assert [e.status for e in hf_redirect.requests()] == [200] * 6
