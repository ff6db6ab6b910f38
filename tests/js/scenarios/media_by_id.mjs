// Media tasks by model id (no endpointUrl): the SDK looks up the Hub mapping, then posts to the
// router path; hf-tornado's fetch wrapper sends both to the test server.
// args: { png: base64 image }
import { setLogger } from "@huggingface/inference";
import { hfTornadoFetch } from "../../../js/hf-tornado-fetch.mjs";

export default async function ({ base, args, InferenceClient, plain }) {
  setLogger({ debug() {}, info() {}, log() {}, warn: console.error, error: console.error });
  const client = new InferenceClient("hf_test", { fetch: hfTornadoFetch(base) });
  const image = new Blob([Buffer.from(args.png, "base64")], { type: "image/png" });
  return {
    detection: await client.objectDetection({ model: "facebook/detr-resnet-50", inputs: image }),
    caption: await client.imageToText({ model: "Salesforce/blip-image-captioning-base", inputs: image }),
    picture: await plain(
      await client.textToImage({ model: "black-forest-labs/FLUX.1-schnell", inputs: "a cat", parameters: { width: 40, height: 24 } })
    ),
  };
}
