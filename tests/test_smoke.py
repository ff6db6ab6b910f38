def test_health(http):
    r = http("GET", "/health", auth=False)
    assert r.status == 200
    assert r.json() == {"status": "ok"}


def test_text_generation_pipeline(http):
    r = http("POST", "/models/gpt2", {"inputs": "Hello", "parameters": {"max_new_tokens": 3}})
    assert r.status == 200
    out = r.json()
    assert isinstance(out, list) and out[0]["generated_text"].startswith("Hello")
