"""The TEI routes of the route table: (path pattern, operation), importable without the TEI
handler (app.py's table is built at start-up, the handler is imported on first use)."""
from __future__ import annotations

#: The operations handlers/tei.py serves (it checks that it serves exactly these).
OPERATIONS = ("embed", "embed_all", "embed_sparse", "rerank", "predict", "similarity", "decode", "tokenize")

# Root `/tokenize` belongs to the TGI handler (it answers TEI's form for a TEI-served model).
_NAMES = (*(name for name in OPERATIONS if name != "tokenize"), "invocations")
#: The TEI routes for app.py: (path pattern, operation).
ROUTES: tuple[tuple[str, str], ...] = tuple((rf"/{name}/?", name) for name in _NAMES)
#: The same routes under a two-segment model id, `/models/{org}/{name}/embed`: a TEI container
#: per model, as an Inference Endpoint's base URL is. (A one-segment id cannot be told from an
#: `org/name` id, so it has no such routes.)
MODEL_ROUTES: tuple[tuple[str, str], ...] = tuple(
    (rf"/models/(?P<model>[^/?#]+/[^/?#]+)/{name}/?", name) for name in (*_NAMES, "tokenize")
)
