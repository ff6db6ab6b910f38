def test_hf_hub_text_generation(hf_client):
    out = hf_client("gpt2").text_generation("Hello", max_new_tokens=4)
    assert isinstance(out, str) and out


def test_openai_chat(openai_client):
    out = openai_client.chat.completions.create(model="gpt2", messages=[{"role": "user", "content": "hi"}])
    assert out.choices[0].message.content


def test_js_text_generation(node):
    out = node("scenarios/smoke.mjs")
    assert "ok" in out, out
    assert out["ok"]["generated_text"]
