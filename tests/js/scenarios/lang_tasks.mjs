// Every language and tabular task through @huggingface/inference with endpointUrl, in one node
// process. Each call's validated result (or its error) is returned under the task's name, so one
// failing call does not hide the others.
export default async function ({ base }) {
  const { InferenceClient } = await import("@huggingface/inference");
  const at = (model) => new InferenceClient("hf_test", { endpointUrl: `${base}/models/${model}` });
  const context = "The Eiffel Tower is in Paris. It was built in 1889 by Gustave Eiffel.";
  const calls = {
    textClassification: () =>
      at("distilbert/distilbert-base-uncased-finetuned-sst-2-english").textClassification({
        inputs: "I love this movie",
        parameters: { top_k: 2 },
      }),
    tokenClassification: () =>
      at("dslim/bert-base-NER").tokenClassification({ inputs: "My name is Sarah Jessica Parker and I live in New York" }),
    tokenClassificationNone: () =>
      at("dslim/bert-base-NER").tokenClassification({
        inputs: "I met Angela Merkel",
        parameters: { aggregation_strategy: "none" },
      }),
    questionAnswering: () =>
      at("deepset/roberta-base-squad2").questionAnswering({ inputs: { question: "Where is the Eiffel Tower?", context } }),
    tableQuestionAnswering: () =>
      at("google/tapas-base-finetuned-wtq").tableQuestionAnswering({
        inputs: {
          question: "How many stars does the Transformers repository have?",
          table: { Repository: ["Transformers", "Datasets"], Stars: ["36542", "4512"] },
        },
      }),
    summarization: () =>
      at("facebook/bart-large-cnn").summarization({
        inputs: "The tower is 324 metres tall. Its base is square, measuring 125 metres on each side. It was the tallest structure in the world.",
      }),
    translation: () => at("Helsinki-NLP/opus-mt-en-fr").translation({ inputs: "Hello, my friend." }),
    translationMany: () => at("Helsinki-NLP/opus-mt-en-de").translation({ inputs: ["Hello", "Thank you"] }),
    fillMask: () => at("google-bert/bert-base-uncased").fillMask({ inputs: "The capital of France is [MASK]." }),
    fillMaskMissing: () => at("FacebookAI/roberta-base").fillMask({ inputs: "The capital of France is [MASK]." }),
    zeroShotClassification: () =>
      at("facebook/bart-large-mnli").zeroShotClassification({
        inputs: "I want a refund for my broken order",
        parameters: { candidate_labels: ["refund", "faq", "legal"] },
      }),
    zeroShotEmpty: () =>
      at("facebook/bart-large-mnli").zeroShotClassification({
        inputs: "text",
        parameters: { candidate_labels: [] },
      }),
    sentenceSimilarity: () =>
      at("sentence-transformers/all-MiniLM-L6-v2").sentenceSimilarity({
        inputs: { source_sentence: "That is a happy person", sentences: ["That is a happy person", "Today is a sunny day"] },
      }),
    featureExtraction: () =>
      at("BAAI/bge-large-en-v1.5").featureExtraction({ inputs: "a sentence", dimensions: 8, normalize: true }),
    featureExtractionTokens: () => at("facebook/bart-base").featureExtraction({ inputs: "Hello big world" }),
    tabularClassification: () =>
      at("julien-c/wine-quality").tabularClassification({ inputs: { data: { alcohol: ["9.4", "9.8"], fixed_acidity: ["7.4", "7.8"] } } }),
    tabularRegression: () =>
      at("scikit-learn/Fish-Weight").tabularRegression({ inputs: { data: { Length1: ["23.2", "30"], Height: ["11.5", "15"] } } }),
    tabularRagged: () =>
      at("scikit-learn/Fish-Weight").tabularRegression({ inputs: { data: { Length1: ["23.2", "30"], Height: ["11.5"] } } }),
  };
  const results = {};
  for (const [name, call] of Object.entries(calls)) {
    try {
      results[name] = { ok: await call() };
    } catch (err) {
      results[name] = { error: { name: err?.name, message: err?.message, status: err?.httpResponse?.status, body: err?.httpResponse?.body } };
    }
  }
  return results;
}
