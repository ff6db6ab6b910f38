// The example models @huggingface/tasks lists per task (the data the Hub's task pages show), for
// the catalog test; plus, through the fetch wrapper with no endpointUrl, calls by id to models
// taken from that list, so the SDK's own mapping check (task vs the Hub's answer) is exercised.
import { TASKS_DATA } from "@huggingface/tasks";
import { setLogger } from "@huggingface/inference";
import { hfTornadoFetch } from "../../../js/hf-tornado-fetch.mjs";

export default async function ({ base, args, InferenceClient }) {
  // The SDK logs its provider choice with console.log; stdout carries the scenario's JSON.
  setLogger({ debug() {}, info() {}, log() {}, warn: console.error, error: console.error });
  const models = {};
  for (const [task, data] of Object.entries(TASKS_DATA)) {
    if (data?.models?.length) models[task] = data.models.map((m) => m.id);
  }
  const client = new InferenceClient("hf_test", { fetch: hfTornadoFetch(base) });
  const image = new Blob([Buffer.from(args.png, "base64")], { type: "image/png" });
  const byId = {};
  const calls = {
    imageToImage: async () => (await client.imageToImage({ model: "black-forest-labs/FLUX.1-Kontext-dev", inputs: image, parameters: { prompt: "add a hat" } })).type,
    textToSpeech: async () => (await client.textToSpeech({ model: "ResembleAI/chatterbox", inputs: "Hello there" })).type,
    zeroShotImage: async () => (await client.zeroShotImageClassification({ model: "google/siglip2-base-patch16-224", inputs: { image }, parameters: { candidate_labels: ["cat", "dog"] } })).map((x) => x.label).sort(),
    summarization: async () => (await client.summarization({ model: "Falconsai/medical_summarization", inputs: "The patient was given rest and fluids. The fever went down in two days." })).summary_text.length > 0,
  };
  for (const [name, call] of Object.entries(calls)) {
    try {
      byId[name] = { ok: await call() };
    } catch (err) {
      byId[name] = { error: { name: err.name, message: err.message } };
    }
  }
  return { models, byId };
}
