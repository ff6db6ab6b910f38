// Test control through the JS SDKs: warm-up (the SDK retries 503 by itself), a 429 fault, an
// error event mid-stream (textGeneration goes to /models/{id}/v1/completions), a stubbed chat answer, and the openai SDK retrying a 429.
async function control(base, path, body) {
  const res = await fetch(`${base}/__parlel/${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
}

export default async function ({ base, InferenceClient, OpenAI }) {
  const result = {};
  const gpt2 = new InferenceClient("hf_test", { endpointUrl: `${base}/models/gpt2` });
  const out = await gpt2.textGeneration({ inputs: "Hello", parameters: { max_new_tokens: 3 } });
  result.warmup = out.generated_text ? "generated" : "empty";

  await control(base, "faults", { kind: "rate_limit", route_kind: "chat", times: 1 });
  const tgiRoute = new InferenceClient("hf_test", { endpointUrl: `${base}/models/gpt2` });
  try {
    await tgiRoute.chatCompletion({ messages: [{ role: "user", content: "hi" }] });
    result.rateLimited = "no error";
  } catch (err) {
    result.rateLimited = { name: err.name, status: err.httpResponse?.status, message: err.message };
  }

  await control(base, "faults", { kind: "stream_error", route_kind: "completions", after_chunks: 2, times: 1 });
  let tokens = 0;
  try {
    for await (const event of gpt2.textGenerationStream({ inputs: "Hello", parameters: { max_new_tokens: 8 } })) {
      tokens += 1; // one event per chunk, whatever its shape
    }
    result.streamError = { tokens, message: "no error" };
  } catch (err) {
    result.streamError = { tokens, message: err.message };
  }

  await control(base, "rules", { route_kind: "chat", last_message: "French", output: "Bonjour !" });
  const chat = await gpt2.chatCompletion({ messages: [{ role: "user", content: "Say hi in French" }] });
  result.stubbed = chat.choices[0].message.content;

  await control(base, "faults", { kind: "rate_limit", route_kind: "chat", times: 1, retry_after_ms: 10 });
  const openai = new OpenAI({ baseURL: `${base}/v1`, apiKey: "hf_test", maxRetries: 2 });
  const data = await openai.chat.completions.create({ model: "gpt2", messages: [{ role: "user", content: "In French please" }] });
  result.openaiRetried = data.choices[0].message.content;

  await control(base, "tokens", { tokens: [{ name: "ci", token: "hf_test" }] });
  try {
    await new InferenceClient("hf_wrong", { endpointUrl: `${base}/models/gpt2` }).textGeneration({ inputs: "x" });
    result.unauthorized = "no error";
  } catch (err) {
    result.unauthorized = { name: err.name, status: err.httpResponse?.status, message: err.message };
  }
  return result;
}
