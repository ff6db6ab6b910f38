// Text generation, chat and tools through @huggingface/inference, batched in one node run.
// textGeneration(Stream) speaks the OpenAI completions API (WIRE.md 1.2), chat the chat API.
export default async function ({ base, args, InferenceClient, OpenAI }) {
  const client = new InferenceClient("hf_test", { endpointUrl: `${base}/models/gpt2` });
  const prompt = { inputs: "The river", parameters: { max_new_tokens: 5 } };

  const generated = await client.textGeneration(prompt);
  let streamedText = "";
  let streamTokens = 0;
  for await (const chunk of client.textGenerationStream(prompt)) {
    streamedText += chunk.choices[0].text;
    streamTokens += 1;
  }

  const messages = [{ role: "user", content: "Say something" }];
  const chat = await client.chatCompletion({ messages, max_tokens: 8 });
  let chatStreamText = "";
  for await (const chunk of client.chatCompletionStream({ messages, max_tokens: 8 })) {
    chatStreamText += chunk.choices[0]?.delta?.content ?? "";
  }

  const toolArgs = { messages: [{ role: "user", content: "Weather in Lima?" }], tools: [args.tool], tool_choice: "required" };
  const withTool = await client.chatCompletion(toolArgs);
  let streamedToolArguments = "";
  for await (const chunk of client.chatCompletionStream(toolArgs)) {
    for (const call of chunk.choices[0]?.delta?.tool_calls ?? []) streamedToolArguments += call.function?.arguments ?? "";
  }

  let validation = null;
  try {
    await client.chatCompletion({ messages, max_tokens: 0 });
  } catch (err) {
    validation = { status: err.httpResponse?.status, message: err.message };
  }

  // the openai npm package: streamed tool calls, and embeddings (base64 by default, decoded by the SDK)
  const openai = new OpenAI({ baseURL: `${base}/v1`, apiKey: "hf_test", maxRetries: 0 });
  const model = "meta-llama/Llama-3.1-8B-Instruct";
  const oaStream = await openai.chat.completions.create({ model, ...toolArgs, stream: true, stream_options: { include_usage: true } });
  let openaiToolArguments = "";
  let openaiUsage = null;
  for await (const chunk of oaStream) {
    for (const call of chunk.choices[0]?.delta?.tool_calls ?? []) openaiToolArguments += call.function?.arguments ?? "";
    if (chunk.usage) openaiUsage = chunk.usage;
  }
  const oaWhole = await openai.chat.completions.create({ model, ...toolArgs });
  const embedded = await openai.embeddings.create({ model: "sentence-transformers/all-MiniLM-L6-v2", input: "The cat sits." });
  const embeddedFloat = await openai.embeddings.create({ model: "sentence-transformers/all-MiniLM-L6-v2", input: "The cat sits.", encoding_format: "float" });

  return {
    openaiToolArguments,
    openaiWholeArguments: oaWhole.choices[0].message.tool_calls[0].function.arguments,
    openaiUsage,
    openaiWholeUsage: oaWhole.usage,
    embeddingDefault: embedded.data[0].embedding,
    embeddingFloat: embeddedFloat.data[0].embedding,
    generatedText: generated.generated_text,
    streamedText,
    streamTokens,
    chatText: chat.choices[0].message.content,
    chatStreamText,
    toolCall: withTool.choices[0].message.tool_calls[0],
    streamedToolArguments,
    validation,
  };
}
