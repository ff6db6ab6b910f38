"""EmbeddingRows: a feature-extraction answer as its JSON text.

Its own module so that ``handlers.base`` (which writes it as it is) does not import the embedding
generator and its word tokenizer at start-up (docs/performance.md); ``synth.embedding`` makes
them.
"""
from __future__ import annotations

import json


class EmbeddingRows:
    """A feature-extraction answer as its JSON text, which the pipeline route writes as it is
    (``handlers.base.dumps``), and, on demand, the floats any JSON reader gets from that text, for
    the routes that reshape vectors (TEI, OpenAI): the same numbers on every surface.

    A list of vectors, or one vector (``single``, a string input)."""

    __slots__ = ("text", "single", "_floats")

    def __init__(self, text: bytes, single: bool = False) -> None:
        self.text = text
        self.single = single
        self._floats: list | None = None

    def json(self) -> bytes:
        return self.text

    def floats(self) -> list:
        if self._floats is None:
            self._floats = json.loads(self.text)
        return self._floats

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.floats())

    def __len__(self) -> int:
        return len(self.floats())

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        return self.floats()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, EmbeddingRows):
            return self.text == other.text
        return self.floats() == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"EmbeddingRows({self.text[:60]!r}...)"
