// The unchanged sample app through hf-tornado's fetch wrapper, in one of two modes:
//   args.mode = "client-option": createApp({ fetch: hfTornadoFetch(base) })
//   args.mode = "global":        installGlobalFetch(base), then the app as is (plus the openai SDK
//                                configured only by OPENAI_BASE_URL, and a call with no model,
//                                whose GET /api/tasks ignores the client's fetch option)
// A guard under everything refuses any non-loopback request and reports it.
import { setLogger } from "@huggingface/inference";
import { createApp } from "../sample_app/app.mjs";
import { hfTornadoFetch, installGlobalFetch, rewriteUrl } from "../../../js/hf-tornado-fetch.mjs";

export default async function ({ base, args, InferenceClient, OpenAI }) {
  // The SDK logs its provider choice with console.log; stdout carries the scenario's JSON.
  setLogger({ debug() {}, info() {}, log() {}, warn: console.error, error: console.error });
  const refused = [];
  const realFetch = globalThis.fetch;
  const guard = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) {
      refused.push(url.href);
      return Promise.reject(new Error(`test guard: no network, refused ${url.href}`));
    }
    return realFetch(input, init);
  };
  globalThis.fetch = guard;
  const results = { refused };
  if (args.mode === "client-option") {
    const app = createApp({ fetch: hfTornadoFetch(base) });
    await run(app, results);
    const viaRequest = await hfTornadoFetch(base)(new Request("https://huggingface.co/api/agent-harnesses"));
    results.requestObject = await viaRequest.json();
    try {
      await app.embedWith("nobody/nothing-here", "x");
    } catch (err) {
      results.unknownModel = { name: err.name, message: err.message, status: err.httpResponse?.status };
    }
    results.afterUnknown = (await app.embed(["still works"])).map((v) => v.length);
    results.rewrites = [
      "https://huggingface.co/api/models/gpt2?expand[]=inferenceProviderMapping",
      "https://router.huggingface.co/v1/chat/completions",
      "https://router.huggingface.co/hf-inference/models/gpt2",
      "https://api-inference.huggingface.co/models/gpt2",
      "https://huggingface.co.evil.example/x",
      "https://example.com/https://huggingface.co/",
    ].map((url) => rewriteUrl(url, "http://127.0.0.1:1/"));
  } else {
    const restore = installGlobalFetch(base);
    try {
      await run(createApp(), results);
      const noModel = await new InferenceClient(process.env.HF_TOKEN).featureExtraction({ provider: "hf-inference", inputs: "no model given" });
      results.noModelDim = noModel.length;
      const openai = new OpenAI(); // OPENAI_BASE_URL and OPENAI_API_KEY from the environment
      const out = await openai.chat.completions.create({ model: "meta-llama/Llama-3.1-8B-Instruct", messages: [{ role: "user", content: "hi" }] });
      results.openai = out.choices[0].message.content;
    } finally {
      restore();
    }
    results.restored = globalThis.fetch === guard; // the fetch from before installGlobalFetch is back
  }
  return results;
}

async function run(app, results) {
  results.embed = (await app.embed(["red apples", "green apples"])).map((v) => v.length);
  results.answer = await app.answer("What is hf-tornado?");
  results.stream = await app.answerStream("What is hf-tornado?");
  results.routed = await app.answerViaHfInference("What is hf-tornado?");
  try {
    results.sentiment = await app.sentiment("I love this, it is wonderful");
  } catch (err) {
    results.sentimentError = err.message;
  }
}
