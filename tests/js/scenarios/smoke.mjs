export default async function ({ base, InferenceClient }) {
  const client = new InferenceClient("hf_test", { endpointUrl: `${base}/models/gpt2` });
  const out = await client.textGeneration({ inputs: "Hello", parameters: { max_new_tokens: 4 } });
  return out;
}
