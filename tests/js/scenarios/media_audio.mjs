// Every audio task through the real @huggingface/inference SDK (endpointUrl).
// args: { wav: base64 WAV }
export default async function ({ base, args, InferenceClient, plain }) {
  const at = (model) => new InferenceClient("hf_test", { endpointUrl: `${base}/models/${model}` });
  const bytes = Buffer.from(args.wav, "base64");
  const audio = () => new Blob([bytes], { type: "audio/wav" });
  const out = {};
  out.asr = await at("openai/whisper-large-v3").automaticSpeechRecognition({ inputs: audio() });
  out.classification = await at("superb/hubert-base-superb-er").audioClassification({ inputs: new Blob([bytes]) });
  out.audioToAudio = await at("speechbrain/sepformer-wham").audioToAudio({ inputs: audio() });
  out.tts = await plain(await at("facebook/mms-tts-eng").textToSpeech({ inputs: "Hello from the emulator." }));
  out.textToAudio = await plain(await at("facebook/musicgen-small").textToAudio({ inputs: "calm piano" }));
  return out;
}
