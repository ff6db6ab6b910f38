// Runs the README's JavaScript snippets for "Point a client at it" and "Text generation, chat,
// tools and structured output" as written: import lines dropped (the bindings are given), the
// local URL replaced by the test server's; console.log and process.stdout.write are collected.
import { readFileSync } from "node:fs";

const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;

function jsBlock(readme, heading) {
  const section = readme.split(`## ${heading}`)[1].split("\n## ")[0];
  return section.match(/```js\n([\s\S]*?)```/)[1];
}

export default async function ({ base, InferenceClient }) {
  const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
  const out = {};
  const realLog = console.log;
  const realWrite = process.stdout.write;
  for (const heading of ["Point a client at it", "Text generation, chat, tools and structured output"]) {
    const code = jsBlock(readme, heading)
      .split("\n")
      .filter((line) => !line.startsWith("import "))
      .join("\n")
      .replaceAll("http://127.0.0.1:4756", base);
    const logged = [];
    const written = [];
    console.log = (...values) => logged.push(values); // stdout carries the scenario's JSON
    process.stdout.write = (text) => written.push(String(text));
    try {
      await new AsyncFunction("InferenceClient", code)(InferenceClient);
    } finally {
      console.log = realLog;
      process.stdout.write = realWrite;
    }
    out[heading] = { logged, written: written.join("") };
  }
  return out;
}
