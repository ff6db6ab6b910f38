"""Embedding vectors: the definition in synth/embedding.py, checked against a slow reference, and
the optional `fast` extra (numpy) giving byte-identical answers to the core install.

The core path is checked against ``_reference`` below: the definition written out one number at
a time with Python ints. The `fast` tests run wherever numpy is installed (it is in the `test`
extra, so in CI too); ``fast.AVAILABLE`` is switched off in-process to get the core answer.
"""
from __future__ import annotations

import json
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hf_tornado import fast
from hf_tornado.synth import embedding
from hf_tornado.synth.seed import seed_bytes
from hf_tornado.synth.text import words_of

MODEL = "sentence-transformers/all-MiniLM-L6-v2"
EDGE_TEXTS = ["", " ", "a", "a a a a a", "ünïcödé ✓ ☃ 𝔘", "x" * 3000, "Zwölf Boxkämpfer jagen Viktor", "1,000 numbers: 3.14 -2e5", "\n\t"]
# ~150 repeats of a word: |d| >= 2**30, so the vector is scaled down before normalising (and
# numpy still holds its square sum); 3,000 repeats: past int64, the fast path hands it over.
HUGE_TEXTS = ["w " * 150, "x " * 3000]
NUMBER = re.compile(rb"-?[01]\.[0-9]{7}")


def _draw(kind, model, key, dim):
    import hashlib

    raw = hashlib.shake_256(seed_bytes(kind, model, key)).digest(2 * dim)
    return [int.from_bytes(raw[2 * i : 2 * i + 2], "little") - 32768 for i in range(dim)]


def _reference(model, text, dim, keep=None):
    """synth/embedding.py's normalised vector, one number at a time."""
    keep = keep or dim
    words = words_of(text)
    d = [7 * v for v in _draw("text-vector", model, text, dim)]
    for word in words:
        d = [a + 20 * b for a, b in zip(d, _draw("word-vector", model, word, dim))]
    d = d[:keep]
    squares = sum(v * v for v in d)
    shift = max(0, (squares.bit_length() + 1) // 2 - 30)
    if shift:
        bias = (7 + 20 * len(words)) * 32768
        d = [((v + bias) >> shift) - (bias >> shift) for v in d]
        squares = sum(v * v for v in d)
    scale = math.isqrt((1 << 112) // squares) if squares else 0
    numbers = []
    for v in d:
        phi = abs(v) * scale + (5 << 56) // 10**8
        q = (phi * 10**7) >> 56  # phi truncated to 7 decimals
        numbers.append(f"{'-' if v < 0 and q else ''}{q // 10**7}.{q % 10**7:07d}")
    return ("[" + ",".join(numbers) + "]").encode()


@pytest.mark.parametrize("dim, keep", [(384, 384), (64, 64), (1024, 1024), (384, 100)])
def test_core_path_is_the_definition(dim, keep):
    texts = EDGE_TEXTS + HUGE_TEXTS + [f"text number {i} about the river bank" for i in range(5)]
    answer = json.loads(embedding.normalised(MODEL, texts, dim, keep))
    assert answer == [json.loads(_reference(MODEL, t, dim, keep)) for t in texts]
    assert embedding.normalised(MODEL, texts[:3], dim, keep) == b"[" + b",".join(_reference(MODEL, t, dim, keep) for t in texts[:3]) + b"]"
    assert embedding.normalised(MODEL, ["one"], dim, keep, single=True) == _reference(MODEL, "one", dim, keep)


def test_a_batch_is_written_a_part_at_a_time_with_the_same_bytes(monkeypatch):
    texts = [f"part {i} of a long batch" for i in range(23)] + HUGE_TEXTS
    whole = embedding.normalised(MODEL, texts, 64, 64)
    fast_whole = fast.normalised(MODEL, texts, 64, 64) if fast.AVAILABLE else whole
    monkeypatch.setattr(embedding, "PART_LANES", 64 * 5)  # parts of 5 rows
    assert embedding.normalised(MODEL, texts, 64, 64) == whole == fast_whole
    if fast.AVAILABLE:
        assert fast.normalised(MODEL, texts, 64, 64) == whole
    assert json.loads(whole) == [json.loads(_reference(MODEL, t, 64)) for t in texts]


def test_numbers_are_fixed_decimals_with_unit_norm():
    texts = EDGE_TEXTS + HUGE_TEXTS + [f"sentence {i} for the norm, with a few words" for i in range(300)]
    for dim in (384, 4096):
        text = embedding.normalised(MODEL, texts, dim, dim)
        numbers = text[2:-2].replace(b"],[", b",").split(b",")
        assert len(numbers) == dim * len(texts)
        assert all(NUMBER.fullmatch(n) for n in numbers)
        assert b"-0.0000000" not in numbers
        # Each value is within 5.2e-8 of d_i/|d|, so the norm is within 5.2e-8 * sqrt(dim) of 1;
        # random rounding errors make it far closer in practice.
        worst = max(abs(math.sqrt(sum(v * v for v in row)) - 1) for row in json.loads(text))
        assert worst < 1e-6


def test_unnormalised_vectors_are_the_raw_lanes():
    text = "the river bank"
    d = [7 * v for v in _draw("text-vector", MODEL, text, 8)]
    for word in words_of(text):
        d = [a + 20 * b for a, b in zip(d, _draw("word-vector", MODEL, word, 8))]
    values = json.loads(embedding.unnormalised(MODEL, [text], 8, 8, single=True))
    assert values == [round(v / 655360, 7) for v in d]
    assert max(abs(v) for v in values) > 0.5  # three words and the text: not unit scaled


needs_numpy = pytest.mark.skipif(not fast.AVAILABLE, reason="numpy not installed or HF_TORNADO_PURE set")


@needs_numpy
@pytest.mark.parametrize("dim, keep", [(384, 384), (768, 768), (1024, 1024), (384, 64)])
def test_fast_matrix_is_byte_identical(dim, keep):
    texts = EDGE_TEXTS + HUGE_TEXTS + [f"text number {i} about the river bank and the stock market" for i in range(200)]
    assert fast.normalised(MODEL, texts, dim, keep) == embedding.normalised(MODEL, texts, dim, keep)
    assert fast.normalised(MODEL, ["w " * 150, "a"], dim, keep) == embedding.normalised(MODEL, ["w " * 150, "a"], dim, keep)
    assert fast.normalised(MODEL, ["one"], dim, keep, single=True) == embedding.normalised(MODEL, ["one"], dim, keep, single=True)


@needs_numpy
@settings(max_examples=30, deadline=None, derandomize=True, database=None)
@given(texts=st.lists(st.text(max_size=60), min_size=1, max_size=12), model=st.sampled_from([MODEL, "BAAI/bge-small-en-v1.5", "x"]))
def test_any_texts_give_the_same_bytes(texts, model):
    assert fast.normalised(model, texts, 64, 64) == embedding.normalised(model, texts, 64, 64)


@needs_numpy
def test_the_served_answer_is_the_same_with_and_without_the_extra(http, monkeypatch):
    body = {"inputs": EDGE_TEXTS[1:] + [f"sentence {i} for the batch" for i in range(20)]}  # TEI: at most 32, none empty
    routes = [f"/models/{MODEL}", "/embed", "/models/BAAI/bge-large-en-v1.5"]
    with_extra = [http("POST", route, body).body for route in routes]
    monkeypatch.setattr(fast, "AVAILABLE", False)
    without = [http("POST", route, body).body for route in routes]
    assert with_extra == without
    assert all(len(json.loads(b)) == len(body["inputs"]) for b in without)


def test_every_surface_gives_the_same_numbers(http):
    """The pipeline's fixed decimals, TEI's and OpenAI's floats (and base64 float32) parse to the
    same vectors; sentence-similarity is the cosine of those vectors."""
    texts = ["the river bank", "a bank by the river", "stock market prices"]
    pipeline = json.loads(http("POST", f"/models/{MODEL}", {"inputs": texts}).body)
    router = json.loads(http("POST", f"/hf-inference/models/{MODEL}/pipeline/feature-extraction", {"inputs": texts}).body)
    tei = json.loads(http("POST", f"/models/{MODEL}/embed", {"inputs": texts}).body)
    openai = [d["embedding"] for d in http("POST", "/v1/embeddings", {"model": MODEL, "input": texts}).json()["data"]]
    assert pipeline == router == tei == openai
    import base64
    import struct

    packed = http("POST", "/v1/embeddings", {"model": MODEL, "input": texts, "encoding_format": "base64"}).json()["data"]
    assert [list(struct.unpack("<384f", base64.b64decode(d["embedding"]))) for d in packed] == [list(struct.unpack("<384f", struct.pack("<384f", *v))) for v in pipeline]
    single = json.loads(http("POST", f"/models/{MODEL}", {"inputs": texts[0]}).body)
    assert single == pipeline[0]
    similarity = http("POST", f"/models/{MODEL}", {"inputs": {"source_sentence": texts[0], "sentences": texts}, "task": "sentence-similarity"}).json()
    cosine = [sum(a * b for a, b in zip(pipeline[0], v)) / math.sqrt(sum(a * a for a in v) * sum(a * a for a in pipeline[0])) for v in pipeline]
    assert similarity == [round(min(1.0, c), 6) for c in cosine]
    assert similarity[0] == 1.0 and similarity[1] > similarity[2]


def test_what_users_rely_on():
    def vector(text, model=MODEL):
        return json.loads(embedding.normalised(model, [text], 384, 384, single=True))

    def cos(a, b):
        return sum(x * y for x, y in zip(a, b))

    shared = cos(vector("the river bank at night"), vector("a walk along the river bank"))
    unrelated = cos(vector("the river bank at night"), vector("stock market prices rise"))
    assert shared > unrelated + 0.2
    assert vector("Paris") != vector("paris!")  # same words, different texts: still different
    assert vector("word") != vector("word", "BAAI/bge-small-en-v1.5")  # per model
    assert vector("word") == vector("word")  # deterministic


def _packed_magnitude(values):
    return sum(v << (64 * i) for i, v in enumerate(values))


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(values=st.lists(st.integers(min_value=0, max_value=(1 << 26) - 1), min_size=1, max_size=64))
def test_the_float_norm_gives_the_exact_scale_or_defers(values):
    """row_digits takes M from math.dist when the floor is certain: it must equal the exact
    isqrt(2**112 // sum of squares), or _float_scale must say None (the exact way)."""
    dim = len(values)
    scale = embedding._float_scale(_packed_magnitude(values), dim, embedding.masks(dim))
    squares = sum(v * v for v in values)
    if scale is not None:
        assert squares and scale == embedding.scale_for(squares)


def test_the_float_norm_defers_on_exact_quotients_and_serves_ordinary_vectors():
    dim = 384
    m = embedding.masks(dim)
    # One lane of 2**k: 2**56 / |d| is an integer, the float floor is on a boundary: exact way.
    assert embedding._float_scale(_packed_magnitude([1 << 20] + [0] * (dim - 1)), dim, m) is None
    assert embedding._float_scale(0, dim, m) is None  # a zero vector
    assert embedding._float_scale(_packed_magnitude([1 << 40] * dim), dim, m) is None  # scaled down
    lanes = embedding.text_lanes_batch(MODEL, [f"text number {i} about the river bank" for i in range(50)], dim)
    taken = 0
    for packed, bias in lanes:
        magnitude = embedding._sign_and_magnitude(packed, bias, m)[1]
        scale = embedding._float_scale(magnitude, dim, m)
        taken += scale is not None
        exact = embedding.scale_for(embedding._square_sum(magnitude, dim))
        assert scale in (None, exact)
    assert taken == 50  # the float way is the one ordinary vectors take


def test_the_float_norm_agrees_on_adversarial_lanes_up_to_4096_dimensions():
    """Cases the property test above does not reach: lanes up to 2**29 (norms at the float
    path's limit, where norm_shift starts), 4,096 dimensions, all-equal lanes, one huge lane
    among zeros, many tiny lanes, and sums of squares next to perfect squares."""
    import random

    rng = random.Random(2026)  # a private generator: the cases are the same every run
    cases = []
    for dim in (1, 2, 3, 4, 5, 63, 384, 1024, 4096):
        root = math.isqrt(dim)
        cases += [[v] * dim for v in (1, 3, (1 << 29) // (root + 1), (1 << 29) // root - 1, (1 << 29) // root)]
        huge = [0] * dim
        huge[rng.randrange(dim)] = (1 << 29) - 1
        tiny = [rng.randrange(3) for _ in range(dim)]
        tiny[-1] = rng.randrange(1 << 28)
        cases += [huge, tiny, [rng.randrange(1 << rng.randrange(1, 30)) for _ in range(dim)]]
    for _ in range(2000):  # two lanes whose squares sum to k**2 - 1, k**2 or just above
        k = rng.randrange(1, 1 << 29)
        a = rng.randrange(k)
        b = math.isqrt(k * k - a * a)
        cases += [[a, b - 1], [a, b], [a, b + 1]]
    cases += [[(1 << e) + off] for e in range(29) for off in (-1, 0, 1) if (1 << e) + off > 0]
    taken = 0
    for values in cases:
        dim = len(values)
        scale = embedding._float_scale(_packed_magnitude(values), dim, embedding.masks(dim))
        if scale is not None:
            squares = sum(v * v for v in values)
            taken += 1
            # The float path is only for vectors the exact path does not scale down, and its M is the exact M.
            assert embedding.norm_shift(squares) == 0 and scale == embedding.scale_for(squares), values[:4]
    assert taken > len(cases) // 2  # the fast path is really exercised
