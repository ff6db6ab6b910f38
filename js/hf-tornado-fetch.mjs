// hf-tornado-fetch: send the @huggingface/inference SDK's Hugging Face traffic to hf-tornado.
//
// The SDK has no environment variable for its hosts (WIRE.md 1.2): it calls
// https://huggingface.co (the Hub: provider mapping, /api/tasks) and https://router.huggingface.co
// (inference, the auto-router chat) with hard-coded URLs. This module rewrites those URLs to
// hf-tornado's base URL:
//
//   import { hfTornadoFetch } from "./js/hf-tornado-fetch.mjs";
//   const client = new InferenceClient(process.env.HF_TOKEN, { fetch: hfTornadoFetch() });
//
// or, with no change at all to the app, for everything in the process (including the two requests
// that ignore the client's `fetch` option: GET /api/tasks and the download of a text-to-image URL):
//
//   import { installGlobalFetch } from "./js/hf-tornado-fetch.mjs";
//   const restore = installGlobalFetch();   // ... run the app ...   restore();
//
// The base URL defaults to HF_INFERENCE_BASE_URL, else http://127.0.0.1:4756. Requests to any other
// host pass through untouched. No dependencies; Node 18+ and browsers.

export const DEFAULT_BASE_URL = "http://127.0.0.1:4756";

/** The Hugging Face origins that are rewritten. */
export const HF_ORIGINS = Object.freeze([
  "https://huggingface.co",
  "https://router.huggingface.co",
  "https://api-inference.huggingface.co",
]);

/** HF_INFERENCE_BASE_URL (when a `process` exists), else the default local address. */
export function defaultBaseUrl() {
  const fromEnv = typeof process !== "undefined" ? process.env?.HF_INFERENCE_BASE_URL : undefined;
  return (fromEnv || DEFAULT_BASE_URL).replace(/\/+$/, "");
}

/** `url` with a Hugging Face origin replaced by `base`; any other URL unchanged. */
export function rewriteUrl(url, base = defaultBaseUrl()) {
  const text = String(url);
  const target = base.replace(/\/+$/, "");
  for (const origin of HF_ORIGINS) {
    if (text === origin || text.startsWith(origin + "/") || text.startsWith(origin + "?")) {
      return target + text.slice(origin.length);
    }
  }
  return text;
}

/**
 * A `fetch` that rewrites Hugging Face URLs to hf-tornado, for `new InferenceClient(token, { fetch })`.
 * `options.fetch` is the fetch that really sends (default: the global fetch at creation time, so
 * the wrapper never calls itself after installGlobalFetch()).
 */
export function hfTornadoFetch(base = defaultBaseUrl(), options = {}) {
  const send = options.fetch ?? globalThis.fetch.bind(globalThis);
  return function fetchViaHfTornado(input, init) {
    if (typeof Request !== "undefined" && input instanceof Request) {
      const rewritten = rewriteUrl(input.url, base);
      return send(rewritten === input.url ? input : new Request(rewritten, input), init);
    }
    return send(rewriteUrl(input instanceof URL ? input.href : input, base), init);
  };
}

/** Replace globalThis.fetch with the rewriting fetch; returns a function that puts it back. */
export function installGlobalFetch(base = defaultBaseUrl(), options = {}) {
  const original = globalThis.fetch;
  globalThis.fetch = hfTornadoFetch(base, { fetch: options.fetch ?? original.bind(globalThis) });
  return function restore() {
    globalThis.fetch = original;
  };
}
