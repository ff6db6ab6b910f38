// Runs one scenario module against hf-tornado and prints its result as JSON on stdout.
// Usage: node run.mjs <scenario.mjs> <base-url> [json-args]
// A scenario exports `default async function (ctx)`; ctx = { base, args, InferenceClient, OpenAI }.
// Errors are printed as {"error": {name, message, status, body}} so tests can assert on them.
import { pathToFileURL } from "node:url";
import path from "node:path";
import { InferenceClient } from "@huggingface/inference";
import OpenAI from "openai";

const [scenarioPath, base, rawArgs] = process.argv.slice(2);
const args = rawArgs ? JSON.parse(rawArgs) : {};
const scenario = await import(pathToFileURL(path.resolve(scenarioPath)).href);

function plain(value) {
  if (value instanceof Blob) return value.arrayBuffer().then((b) => ({ blob: { type: value.type, size: b.byteLength, base64: Buffer.from(b).toString("base64") } }));
  return Promise.resolve(value);
}

try {
  const result = await scenario.default({ base, args, InferenceClient, OpenAI, plain });
  process.stdout.write(JSON.stringify({ ok: await plain(result) }));
} catch (err) {
  process.stdout.write(
    JSON.stringify({
      error: {
        name: err?.name ?? String(err),
        constructor: err?.constructor?.name,
        message: err?.message ?? String(err),
        status: err?.httpResponse?.status ?? err?.status,
        body: err?.httpResponse?.body ?? err?.error,
      },
    })
  );
}
