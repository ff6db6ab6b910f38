// Runs the README's JavaScript snippets for the task and adoption sections as written: import
// lines are replaced by the same bindings, the local URL by the test server's, and each
// statement's result is collected. args.audio is the base64 WAV the media snippet calls audioBlob.
import { readFileSync } from "node:fs";
import { setLogger } from "@huggingface/inference";
import { hfTornadoFetch, installGlobalFetch } from "../../../js/hf-tornado-fetch.mjs";

const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;

function jsBlock(readme, heading) {
  const section = readme.split(`## ${heading}`)[1].split("\n## ")[0];
  return section.match(/```js\n([\s\S]*?)```/)[1];
}

export default async function ({ base, args, InferenceClient }) {
  setLogger({ debug() {}, info() {}, log() {}, warn() {}, error: console.error });
  const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
  const prepare = (code) =>
    code
      .split("\n")
      .filter((line) => !line.startsWith("import "))
      .map((line) => (line.startsWith("await at(") ? `__out.push(${line.replace(/;$/, "")});` : line))
      .join("\n")
      .replaceAll("http://127.0.0.1:4756", base);
  const logged = [];
  const realLog = console.log;
  console.log = (...values) => logged.push(values); // stdout carries the scenario's JSON
  const out = {};
  try {
    const names = ["InferenceClient", "hfTornadoFetch", "installGlobalFetch", "audioBlob", "runMyApp", "__out"];
    const audioBlob = new Blob([Buffer.from(args.audio, "base64")], { type: "audio/wav" });
    for (const [key, heading, tail] of [
      ["language", "Language and tabular tasks", ""],
      ["media", "Image, audio and video tasks", "\n__out.push(text);"],
      ["adoption", "Test your app without changing it", ""],
    ]) {
      const results = [];
      const runMyApp = async () => {
        // The app, unchanged: a model id and no endpoint; the global fetch sends it to hf-tornado.
        results.push(await new InferenceClient("hf_test").featureExtraction({ model: "sentence-transformers/all-MiniLM-L6-v2", inputs: "hi" }));
      };
      process.env.HF_INFERENCE_BASE_URL = base;
      await new AsyncFunction(...names, prepare(jsBlock(readme, heading)) + tail)(
        InferenceClient, hfTornadoFetch, installGlobalFetch, audioBlob, runMyApp, results
      );
      out[key] = results;
    }
    out.logged = logged;
    out.fetchRestored = !String(globalThis.fetch).includes("fetchViaHfTornado");
  } finally {
    console.log = realLog;
  }
  return out;
}
