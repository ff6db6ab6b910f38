"""Answer bytes of a fixed set of requests, for proving a hot-path change keeps outputs identical.

    .venv/bin/python bench/snapshot.py > /tmp/before.json   # before the change
    .venv/bin/python bench/snapshot.py --compare /tmp/before.json   # after: lists what differs

``HF_TORNADO_PURE=1`` compares the core install against the `fast` extra the same way.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from probes import CHAT_MODEL, EMBED_MODEL, embedding_texts  # noqa: E402

_texts = embedding_texts(40) + ["", "ünïcödé ✓ text", "x" * 3000, "Zwölf Boxkämpfer jagen Viktor quer über den großen Sylter Deich"]

REQUESTS = [
    ("/models/gpt2", {"inputs": "The answer to the question is"}),
    ("/models/gpt2", {"inputs": "Stream me", "stream": True, "parameters": {"details": True}}),
    ("/models/gpt2", {"inputs": "With details", "parameters": {"details": True, "max_new_tokens": 30, "seed": 7}}),
    ("/v1/chat/completions", {"model": CHAT_MODEL, "messages": [{"role": "user", "content": "What is the capital of France?"}]}),
    ("/v1/chat/completions", {"model": CHAT_MODEL, "messages": [{"role": "user", "content": "hi"}], "stream": True, "max_tokens": 1000, "logprobs": True, "top_logprobs": 2}),
    ("/v1/completions", {"model": "gpt2", "prompt": ["a", "b"], "max_tokens": 20}),
    (f"/models/{EMBED_MODEL}", {"inputs": "Today is a sunny day and I will get some ice cream."}),
    (f"/models/{EMBED_MODEL}", {"inputs": [t for t in _texts if t]}),
    (f"/models/{EMBED_MODEL}", {"inputs": "not normalized", "parameters": {"normalize": False}}),
    ("/models/BAAI/bge-large-en-v1.5", {"inputs": ["large model", "1024 dims"]}),
    ("/models/facebook/bart-base", {"inputs": "token level vectors"}),
    ("/v1/embeddings", {"model": EMBED_MODEL, "input": ["one", "two three"]}),
    ("/v1/embeddings", {"model": EMBED_MODEL, "input": "base64 me", "encoding_format": "base64"}),
    ("/v1/embeddings", {"model": EMBED_MODEL, "input": "shorter", "dimensions": 64}),
    ("/embed", {"inputs": ["tei embed", "two"]}),
    (f"/models/{EMBED_MODEL}", {"inputs": {"source_sentence": "a cat", "sentences": ["a dog", "a cat", "stock market"]}, "task": "sentence-similarity"}),
    ("/models/distilbert/distilbert-base-uncased-finetuned-sst-2-english", {"inputs": "I love it"}),
]


def snapshot(base: str) -> dict[str, str]:
    out = {}
    for index, (path, body) in enumerate(REQUESTS):
        req = urllib.request.Request(base + path, json.dumps(body).encode(), {"Authorization": "Bearer x", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                status, data = resp.status, resp.read()
        except urllib.error.HTTPError as err:
            status, data = err.code, err.read()
        out[f"{index:02d} {path}"] = f"{status} {hashlib.sha256(data).hexdigest()[:16]} {len(data)}"
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--compare")
    args = parser.parse_args()
    from hf_tornado import HuggingfaceInferenceServer

    with HuggingfaceInferenceServer(port=0) as server:
        now = snapshot(server.url)
    if not args.compare:
        print(json.dumps(now, indent=1))
        return 0
    before = json.loads(Path(args.compare).read_text())
    differ = [key for key in before if before[key] != now.get(key)]
    for key in differ:
        print(f"DIFFERS {key}: {before[key]} -> {now.get(key)}")
    print(f"{len(before) - len(differ)} identical, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
