"""The Hub API routes (WIRE.md 1.8): raw wire details, and huggingface_hub's own HfApi parsing."""
from __future__ import annotations

import re

import pytest

LLAMA = "meta-llama/Llama-3.1-8B-Instruct"
MINILM = "sentence-transformers/all-MiniLM-L6-v2"


@pytest.fixture
def hf_api(hf_url):
    from huggingface_hub import HfApi

    return HfApi(endpoint=hf_url, token=False)


def test_full_model_info_fields(http):
    r = http("GET", f"/api/models/{LLAMA}", auth=False)
    assert r.status == 200
    assert r.headers["Content-Type"] == "application/json; charset=utf-8"
    info = r.json()
    for key in ("_id", "id", "modelId", "sha", "pipeline_tag", "library_name", "tags", "private", "gated",
                "disabled", "inference", "downloads", "likes", "createdAt", "lastModified", "siblings"):
        assert key in info, key
    assert info["id"] == info["modelId"] == LLAMA
    assert re.fullmatch(r"[0-9a-f]{24}", info["_id"]) and re.fullmatch(r"[0-9a-f]{40}", info["sha"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", info["createdAt"])
    assert info["createdAt"] <= info["lastModified"]
    assert info["pipeline_tag"] == "text-generation"
    assert {"conversational", "text-generation-inference", "endpoints_compatible"} <= set(info["tags"])
    assert info["private"] is False and info["gated"] is False and info["inference"] == "warm"
    assert all(set(s) == {"rfilename"} for s in info["siblings"])
    assert "inferenceProviderMapping" not in info  # only with expand
    # Derived from the id alone: same bytes again.
    assert http("GET", f"/api/models/{LLAMA}", auth=False).body == r.body


def test_expand_forms_are_equivalent_and_narrow_the_answer(http):
    a = http("GET", f"/api/models/{LLAMA}?expand=inferenceProviderMapping").json()
    b = http("GET", f"/api/models/{LLAMA}?expand[]=inferenceProviderMapping").json()
    assert a == b
    assert set(a) == {"_id", "id", "inferenceProviderMapping"}
    assert a["inferenceProviderMapping"] == {
        "hf-inference": {"status": "live", "providerId": LLAMA, "task": "conversational", "isModelAuthor": False}
    }
    both = http("GET", "/api/models/gpt2?expand[]=pipeline_tag&expand[]=inference&expand=inferenceProviderMapping").json()
    assert set(both) == {"_id", "id", "pipeline_tag", "inference", "inferenceProviderMapping"}
    assert both["inference"] == "warm"
    assert both["inferenceProviderMapping"]["hf-inference"]["task"] == "text-generation"  # a base model


def test_bad_expand_is_a_clear_400_and_the_next_request_works(http):
    r = http("GET", "/api/models/gpt2?expand[]=nonsense")
    assert r.status == 400 and "nonsense" in r.json()["error"]
    assert http("GET", "/api/models/gpt2").status == 200


def test_unknown_repo_is_repo_not_found(http, hf_api):
    from huggingface_hub.errors import RepositoryNotFoundError

    r = http("GET", "/api/models/nobody/nothing-here")
    assert r.status == 404
    assert r.headers["X-Error-Code"] == "RepoNotFound"
    assert r.json() == {"error": "Repository not found"}
    with pytest.raises(RepositoryNotFoundError):
        hf_api.model_info("nobody/nothing-here")
    assert http("GET", "/api/models/a/b/c").status == 404  # not a repo id


@pytest.mark.parametrize(
    "model, tag, mapping_task",
    [
        ("openai/whisper-large-v3", "automatic-speech-recognition", "automatic-speech-recognition"),  # a name rule
        ("someone/my-sst-2-finetune", "text-classification", "text-classification"),  # a name rule
        ("Qwen/Qwen2.5-7B-Instruct", "text-generation", "conversational"),  # named like a chat LLM
        ("EleutherAI/pythia-70m", "text-generation", "text-generation"),  # named like a base LLM
        (MINILM, "feature-extraction", "feature-extraction"),  # the catalog
    ],
)
def test_which_ids_exist(hf_api, model, tag, mapping_task):
    info = hf_api.model_info(model)
    assert info.id == model and info.pipeline_tag == tag
    mapping = hf_api.model_info(model, expand=["inferenceProviderMapping"]).inference_provider_mapping
    assert [(m.provider, m.provider_id, m.task, m.status) for m in mapping] == [("hf-inference", model, mapping_task, "live")]


def test_embedding_models_carry_both_embedding_tags(hf_api):
    # hf_hub lets feature-extraction and sentence-similarity through only when the task is in tags.
    for model in (MINILM, "someone/gte-small-custom"):
        tags = hf_api.model_info(model).tags
        assert {"feature-extraction", "sentence-similarity"} <= set(tags)


def test_listing_uses_the_array_form(hf_api, http):
    models = list(hf_api.list_models(search="bge", expand=["inferenceProviderMapping"]))
    assert models and all("bge" in m.id for m in models)
    assert all(m.inference_provider_mapping[0].provider == "hf-inference" for m in models)
    raw = http("GET", "/api/models?search=bge&expand[]=inferenceProviderMapping").json()
    entry = raw[0]["inferenceProviderMapping"]
    assert isinstance(entry, list) and entry[0]["provider"] == "hf-inference" and entry[0]["hfModelId"] == raw[0]["id"]
    assert http("GET", "/api/models?inference_provider=groq").json() == []
    assert all(m["pipeline_tag"] == "feature-extraction" for m in http("GET", "/api/models?pipeline_tag=feature-extraction").json())


def test_revision_route(http):
    r = http("GET", "/api/models/gpt2/revision/main")
    assert r.status == 200 and r.json()["id"] == "gpt2"


def test_tasks_give_widget_models(http):
    tasks = http("GET", "/api/tasks").json()
    assert tasks["text-generation"]["widgetModels"][0] == LLAMA
    assert tasks["feature-extraction"]["widgetModels"][0] == MINILM
    for name, entry in tasks.items():
        assert entry["widgetModels"], name
        assert entry["models"][0]["id"] == entry["widgetModels"][0]  # what the JS SDK reads


def test_hf_hub_default_model_comes_from_api_tasks(hf_redirect):
    from huggingface_hub import InferenceClient

    vector = InferenceClient(provider="hf-inference").feature_extraction("no model given")
    assert vector.shape == (384,)
    paths = [e.path for e in hf_redirect.requests()]
    assert paths == ["/api/tasks", f"/api/models/{MINILM}", f"/hf-inference/models/{MINILM}/pipeline/feature-extraction"]


def test_agent_harnesses_probe(http):
    r = http("GET", "/api/agent-harnesses", auth=False)
    assert r.status == 200 and r.json() == {"standardEnvVars": [], "harnesses": {}}


def test_legacy_status(http):
    assert http("GET", "/status/gpt2").json() == {"loaded": True, "state": "Loaded", "compute_type": "gpu", "framework": "text-generation-inference"}
    minilm = http("GET", f"/status/{MINILM}").json()
    assert minilm["loaded"] is True and minilm["framework"] == "sentence-transformers"
    missing = http("GET", "/status/nobody/nothing-here")
    assert missing.status == 404 and "nothing-here" in missing.json()["error"]


def test_hub_requests_are_journaled(hf_server, http):
    http("GET", f"/api/models/{LLAMA}?expand[]=inferenceProviderMapping")
    [entry] = hf_server.requests(route_kind="hub")
    assert entry.model == LLAMA and entry.query == "expand[]=inferenceProviderMapping" and entry.status == 200


def test_every_cataloged_model_maps_to_a_task_hf_tornado_serves(hf_server):
    # The mapping's task is what the JS SDK checks against the called task; a card whose task no
    # plugin serves would make the Hub promise what the pipeline cannot answer.
    from hf_tornado import hub_info

    registry = hf_server.state.registry
    served = set(registry.tasks) | {"conversational"}
    cards = list(registry.catalog)
    assert len(cards) > 20
    assert [c.id for c in cards if hub_info.mapping_task(c) not in served] == []


def test_hf_hub_tasks_by_id_pass_the_hub_checks(hf_redirect):
    # hf_hub checks pipeline_tag == task (WIRE.md 1.8) before each non-chat call by id.
    from huggingface_hub import InferenceClient

    client = InferenceClient()
    entities = client.token_classification("My name is Sarah and I live in London", model="dslim/bert-base-NER")
    filled = client.fill_mask("Paris is the [MASK] of France.", model="google-bert/bert-base-uncased")
    image = client.text_to_image("a red square", model="black-forest-labs/FLUX.1-schnell")
    similar = client.sentence_similarity("a cat", other_sentences=["a dog", "a car"], model="sentence-transformers/all-MiniLM-L6-v2")
    assert entities and filled and image.size[0] > 0 and len(similar) == 2
    failed = [(e.path, e.status) for e in hf_redirect.requests() if e.status != 200]
    assert failed == []
    assert len(hf_redirect.requests(route_kind="hub")) == 8  # mapping + model info, per model


def test_legacy_status_reports_a_cold_model_as_loadable(hf_server, http):
    hf_server.cold("gpt2", requests=1)
    assert http("GET", "/status/gpt2").json()["state"] == "Loadable"
    assert http("POST", "/models/gpt2", {"inputs": "x"}).status == 503
    assert http("GET", "/status/gpt2").json() == {"loaded": True, "state": "Loaded", "compute_type": "gpu", "framework": "text-generation-inference"}
