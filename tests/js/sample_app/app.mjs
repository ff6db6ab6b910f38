// A small app written the way apps call Hugging Face from JS: model ids, no endpointUrl, the
// token from the environment. The redirect scenarios use it UNCHANGED.
import { InferenceClient } from "@huggingface/inference";

export const SENTIMENT_MODEL = "distilbert/distilbert-base-uncased-finetuned-sst-2-english";
export const EMBEDDING_MODEL = "sentence-transformers/all-MiniLM-L6-v2";
export const CHAT_MODEL = "meta-llama/Llama-3.1-8B-Instruct";

export function createApp(clientOptions = {}) {
  const client = new InferenceClient(process.env.HF_TOKEN, clientOptions);
  const messages = (question) => [{ role: "user", content: question }];
  return {
    async sentiment(text) {
      const out = await client.textClassification({ model: SENTIMENT_MODEL, inputs: text });
      return out[0].label;
    },
    async embed(texts) {
      const vectors = [];
      for (const text of texts) vectors.push(await client.featureExtraction({ model: EMBEDDING_MODEL, inputs: text }));
      return vectors;
    },
    async embedWith(model, text) {
      return client.featureExtraction({ model, inputs: text });
    },
    async answer(question) {
      const out = await client.chatCompletion({ model: CHAT_MODEL, messages: messages(question), max_tokens: 20 });
      return out.choices[0].message.content;
    },
    async answerViaHfInference(question) {
      const out = await client.chatCompletion({ provider: "hf-inference", model: CHAT_MODEL, messages: messages(question), max_tokens: 20 });
      return out.choices[0].message.content;
    },
    async answerStream(question) {
      let text = "";
      for await (const chunk of client.chatCompletionStream({ model: CHAT_MODEL, messages: messages(question), max_tokens: 20 })) {
        text += chunk.choices[0]?.delta?.content ?? "";
      }
      return text;
    },
  };
}
