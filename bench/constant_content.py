"""hf-tornado with its content made constant, for the per-request cost breakdown (bench/ladder.py).

Text generation answers one precomputed Generation (the one the benchmark's request gets), so a
request still goes through routing, auth, body parsing, task resolution, parameter checks,
rendering, headers and the journal - everything but making the answer. Never used outside the
benchmark. Run: ``python bench/constant_content.py --port 8997``.
"""
from __future__ import annotations

import sys

from hf_tornado.builtin_tasks import text_generation_tasks as text_generation
from hf_tornado.cli import main

_made: dict[str, object] = {}
_real_generate_with = text_generation.generate_with


def _constant_generate_with(model, prompt, params, *, chat=False, variant=0):  # type: ignore[no-untyped-def]
    key = "chat" if chat else "text"
    if key not in _made:
        _made[key] = _real_generate_with(model, prompt, params, chat=chat, variant=variant)
    return _made[key]


text_generation.generate_with = _constant_generate_with  # type: ignore[assignment]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] + ["--log-level", "warning"]))
