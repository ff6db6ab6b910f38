// The process-protecting limits through @huggingface/inference (tests/test_limits_stream.py):
// a scripted answer longer than max_stream_events, streamed and not, and a chat request over
// max_total_tokens.
export default async function ({ base, args, InferenceClient }) {
  const client = new InferenceClient("hf_test", { endpointUrl: `${base}/models/gpt2` });
  const messages = [{ role: "user", content: "Tell me everything" }];

  let chatChunks = 0;
  let chatText = "";
  let chatFinish = null;
  for await (const chunk of client.chatCompletionStream({ messages })) {
    const choice = chunk.choices[0];
    if (!choice) continue;
    if (choice.delta?.content) {
      chatChunks += 1;
      chatText += choice.delta.content;
    }
    if (choice.finish_reason) chatFinish = choice.finish_reason;
  }
  const whole = await client.chatCompletion({ messages });

  let textChunks = 0;
  let textFinish = null;
  for await (const chunk of client.textGenerationStream({ inputs: "Tell me everything" })) {
    textChunks += 1;
    if (chunk.choices[0]?.finish_reason) textFinish = chunk.choices[0].finish_reason;
  }

  let tooLong = null;
  try {
    await client.chatCompletion({ messages: [{ role: "user", content: "Hi" }], max_tokens: args.tooMany });
  } catch (err) {
    tooLong = { status: err.httpResponse?.status, message: err.message };
  }

  return {
    chatChunks,
    chatText,
    chatFinish,
    wholeText: whole.choices[0].message.content,
    wholeFinish: whole.choices[0].finish_reason,
    wholeUsage: whole.usage,
    textChunks,
    textFinish,
    tooLong,
  };
}
