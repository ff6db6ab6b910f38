// Inputs a user tries that the happy-path scenarios do not: cut-off image and audio files, text
// with emoji and accents. Each call's result (or its error) comes back under its name, so one
// failing call does not hide the others; args carry the media as base64.
export default async function ({ base, args, InferenceClient }) {
  const at = (model) => new InferenceClient("hf_test", { endpointUrl: `${base}/models/${model}` });
  const blob = (b64, type) => new Blob([Buffer.from(b64, "base64")], type ? { type } : {});
  const calls = {
    truncatedImage: () => at("google/vit-base-patch16-224").imageClassification({ inputs: blob(args.truncatedPng) }),
    truncatedAudio: () => at("openai/whisper-large-v3").automaticSpeechRecognition({ inputs: blob(args.truncatedWav, "audio/wav") }),
    wholeImage: () => at("google/vit-base-patch16-224").imageClassification({ inputs: blob(args.png, "image/png") }),
    entities: () => at("dslim/bert-base-NER").tokenClassification({ inputs: args.text }),
    answer: () => at("deepset/roberta-base-squad2").questionAnswering({ inputs: { question: "Who lives in Zürich?", context: args.text } }),
    sentiment: () => at("distilbert/distilbert-base-uncased-finetuned-sst-2-english").textClassification({ inputs: "I love it" }),
  };
  const out = {};
  for (const [name, call] of Object.entries(calls)) {
    try {
      out[name] = { ok: await call() };
    } catch (err) {
      out[name] = { error: { name: err.name, message: err.message, status: err.httpResponse?.status } };
    }
  }
  return out;
}
