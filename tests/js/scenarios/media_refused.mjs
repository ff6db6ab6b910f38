// The SDK refuses video and image-text-to-image tasks for a custom endpointUrl (WIRE.md 3.6),
// before any request: report each refusal's error name.
export default async function ({ base, InferenceClient }) {
  const client = new InferenceClient("hf_test", { endpointUrl: `${base}/models/genmo/mochi-1-preview` });
  const refused = {};
  for (const [name, call] of [
    ["textToVideo", () => client.textToVideo({ inputs: "a river" })],
    ["imageToVideo", () => client.imageToVideo({ inputs: new Blob([new Uint8Array(8)]) })],
    ["imageTextToImage", () => client.imageTextToImage({ inputs: new Blob([new Uint8Array(8)]), parameters: { prompt: "x" } })],
  ]) {
    try {
      await call();
      refused[name] = null;
    } catch (err) {
      refused[name] = err.name;
    }
  }
  return refused;
}
