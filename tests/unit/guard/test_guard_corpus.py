"""GUARD-1..6 accuracy on the shared dev corpus, scored by score.py's own logic.

Runs `run_jsonl` in-process (no timing here; throughput is measured by
bench/guard_bench.py) and feeds its output to score.py's `evaluate`.
"""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path
from types import ModuleType

import pytest

from sellerdesk.guard import GuardConfig
from sellerdesk.guard.stream import run_jsonl

SHARED_GUARD = Path(__file__).resolve().parents[4] / "shared" / "guard"


def _score_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("guard_score", SHARED_GUARD / "score.py")
    if spec is None or spec.loader is None or not (SHARED_GUARD / "score.py").exists():
        pytest.skip("shared/guard/score.py is not available")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores() -> dict[str, object]:
    score = _score_module()
    records = score.load_corpus(str(SHARED_GUARD / "corpus_dev.jsonl"))
    lines = b"".join(
        (json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n").encode()
        for r in records
    )
    out = io.StringIO()
    run_jsonl(io.BytesIO(lines), out, GuardConfig())
    answers = [ln.encode() for ln in out.getvalue().splitlines()]
    result: dict[str, object] = score.evaluate(records, answers, 1)
    return result


def test_GUARD_1_to_6_micro_f1_on_dev_corpus_at_least_0_97(scores: dict[str, object]) -> None:
    micro = scores["micro"]
    assert isinstance(micro, dict)
    assert micro["f1"] >= 0.97


def test_GUARD_1_to_6_false_blocks_on_benign_dev_messages_at_most_1_percent(
    scores: dict[str, object],
) -> None:
    assert isinstance(scores["false_block_rate"], float)
    assert scores["false_block_rate"] <= 0.01


def test_GUARD_1_recall_on_every_obfuscation_kind_at_least_0_95(
    scores: dict[str, object],
) -> None:
    per = scores["per_obfuscation"]
    assert isinstance(per, dict)
    for kind, figures in per.items():
        if "label_recall" in figures:
            assert figures["label_recall"] >= 0.95, kind


def test_GUARD_7_stream_has_no_contract_errors_on_dev_corpus(scores: dict[str, object]) -> None:
    errors = scores["errors"]
    assert isinstance(errors, dict)
    assert errors["missing_ids"] == errors["malformed_lines"] == errors["verdict_mismatch"] == 0
    assert errors["rule_id_mismatch"] == 0
