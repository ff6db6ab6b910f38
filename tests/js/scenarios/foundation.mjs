// textGeneration, featureExtraction, chatCompletion and chatCompletionStream with endpointUrl.
export default async function ({ base, args, InferenceClient }) {
  const model = args.chatModel;
  const gen = new InferenceClient("hf_test", { endpointUrl: `${base}/models/gpt2` });
  const textGeneration = await gen.textGeneration({ inputs: "Hello", parameters: { max_new_tokens: 5 } });
  const emb = new InferenceClient("hf_test", { endpointUrl: `${base}/models/sentence-transformers/all-MiniLM-L6-v2` });
  const featureExtraction = await emb.featureExtraction({ inputs: "That is a happy person" });
  const chatClient = new InferenceClient("hf_test", { endpointUrl: `${base}/models/${model}` });
  const messages = [{ role: "user", content: "What is the capital of France?" }];
  const chat = await chatClient.chatCompletion({ messages, max_tokens: 40 });
  let streamed = "";
  for await (const chunk of chatClient.chatCompletionStream({ messages, max_tokens: 40 })) {
    streamed += chunk.choices?.[0]?.delta?.content ?? "";
  }
  return { textGeneration, featureExtraction, chat, streamed };
}
