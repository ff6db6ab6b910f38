// A body with a PNG signature but no PNG header: the SDK surfaces the service's 400 message.
export default async function ({ base, InferenceClient }) {
  const client = new InferenceClient("hf_test", { endpointUrl: `${base}/models/google/vit-base-patch16-224` });
  const bogus = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x67, 0x61, 0x72, 0x62, 0x61, 0x67, 0x65]);
  return await client.imageClassification({ inputs: new Blob([bogus]) });
}
