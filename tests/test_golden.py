"""Golden values: the SHA-256 of fixed answers across surfaces and task families.

A failure here means an output changed. If that was deliberate, update the value here and say
so in the commit message (docs/determinism.md); if not, it is a determinism bug. Text-level
golden values for generation live in test_generation_consistency.py.
"""
from __future__ import annotations

import hashlib
import json

import pytest

from golden_cases import CASES

GOLDEN = {
    "pipeline-text-generation": "580f1fa8143469196b12f506d6d69c9f76743f01f40087840ceb61017a0db42c",
    "feature-extraction-minilm": "bfaa61cc0b3fa7b04a976d9206ca367ffa1c4b54e5e78cb932208a0811f4cd7b",
    "chat": "66b23a9668076a8052bb248580f96d7e5ecb931aaf0ab618a10f447935109112",
    "embeddings-openai": "9eaf445ecd842713bb48203c75ffa7b5090b6392d6998c9dcd018ec0698ba750",
    "text-classification": "3ac813dde85b707dfbe2544dbb24840c2891f95af62b6931e0ba1e1b8452e8a0",
    "token-classification": "19cb76ac4264ed0116498790d96d06d368cab25fba60f7486beb53e1528ad5e3",
    "question-answering": "ccc006660899a730babdbd0c089dd79f24cf3ccc5247a02165b8672660f1fc57",
    "text-to-image": "426069b9b2bae514bde28eba1ae1956fa59c29d609ea43b176d012107e12a565",
    "text-to-speech": "7ff729a2f3f65060e4d1d5ae7f5b107f16ff106a3a4af8d182bb95f84a58a140",
    "tei-rerank": "6ee74710adb497965b1a8c975242b8d45e564c1ec3034362f50327831fd6e151",
}


@pytest.mark.parametrize("name, path, body, headers", CASES, ids=[c[0] for c in CASES])
def test_golden_answer(http, name, path, body, headers):
    r = http("POST", path, body, headers=headers)
    assert r.status == 200
    assert hashlib.sha256(r.body).hexdigest() == GOLDEN[name], f"the answer of {name} changed"


def test_every_case_is_pinned():
    assert sorted(GOLDEN) == sorted(c[0] for c in CASES)
