// The JS SDK against hf-tornado's TGI/TEI compat route (endpointUrl = base: POST /), plus plain
// fetch calls to TEI's own routes as a JS app would make them.
export default async function ({ base, args, InferenceClient }) {
  const client = new InferenceClient("hf_test", { endpointUrl: base });
  const featureExtraction = await client.featureExtraction({ inputs: args.text });
  const batch = await client.featureExtraction({ inputs: [args.text, args.other] });
  const sentenceSimilarity = await client.sentenceSimilarity({
    inputs: { source_sentence: args.text, sentences: [args.text, args.other] },
  });
  const post = async (path, body) => {
    const res = await fetch(`${base}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    return { status: res.status, type: res.headers.get("content-type"), body: await res.json() };
  };
  const embed = await post("/embed", { inputs: [args.text, args.other] });
  const rerank = await post("/rerank", { query: args.text, texts: [args.other, args.text], return_text: true });
  const tooMany = await post("/embed", { inputs: Array(33).fill("x") });
  return { featureExtraction, batch, sentenceSimilarity, embed, rerank, tooMany };
}
