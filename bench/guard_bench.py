"""Chat guard benchmark: latency of one scan() and score.py's accuracy and throughput.

    .venv/bin/python bench/guard_bench.py            # writes bench/results/guard-<date>.json

Figures:
* single-scan latency of a 2,000-character message (benign, and one with violations
  spread through it), median and 95th percentile over many runs, in-process;
* score.py on the shared dev corpus through the real CLI (`sellerdesk scan --jsonl`):
  micro-F1, false-block rate, per-obfuscation recall (accuracy run), and messages per
  second with --repeat 50 (process start included), best of a few runs since the
  machine is shared;
* the same throughput with the guard run from its Python sources
  (SELLERDESK_GUARD_COMPILED=0), beside the mypyc build `make install` makes.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import write_result

from sellerdesk.guard import COMPILED, scan

ROOT = Path(__file__).resolve().parents[1]
SHARED_GUARD = ROOT.parent / "shared" / "guard"
CORPUS = SHARED_GUARD / "corpus_dev.jsonl"
CLI = [str(ROOT / ".venv" / "bin" / "sellerdesk"), "scan", "--jsonl"]
TARGET_CHARS = 2000


def long_message(records: list[dict[str, object]], benign: bool) -> str:
    """About 2,000 characters of corpus sentences, benign only or all kinds mixed."""
    parts: list[str] = []
    size = 0
    for r in records:
        if benign and r["labels"]:
            continue
        text = str(r["text"])
        parts.append(text)
        size += len(text) + 1
        if size >= TARGET_CHARS:
            break
    return " ".join(parts)[:TARGET_CHARS]


def latency(text: str, runs: int = 2000) -> dict[str, float]:
    for _ in range(50):
        scan(text)
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter_ns()
        scan(text)
        samples.append((time.perf_counter_ns() - t0) / 1000)
    samples.sort()
    return {
        "median_us": round(statistics.median(samples), 1),
        "p95_us": round(samples[int(len(samples) * 0.95)], 1),
        "chars": len(text),
        "violations": len(scan(text).violations),
    }


def run_score(repeat: int, compiled: bool = True) -> dict[str, object]:
    env = dict(os.environ, SELLERDESK_GUARD_COMPILED="1" if compiled else "0")
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [
                sys.executable,
                str(SHARED_GUARD / "score.py"),
                str(CORPUS),
                "--repeat",
                str(repeat),
                "--json",
                out.name,
                "--quiet-stderr",
                "--",
                *CLI,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            cwd=SHARED_GUARD,
            env=env,
        )
        result: dict[str, object] = json.loads(Path(out.name).read_text(encoding="utf-8"))
    return result


def main() -> None:
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    accuracy = run_score(1)
    throughput = max(
        (run_score(50) for _ in range(3)), key=lambda r: float(r["messages_per_second"])
    )  # type: ignore[arg-type]
    from_sources = max(
        (run_score(50, compiled=False) for _ in range(2)),
        key=lambda r: float(r["messages_per_second"]),  # type: ignore[arg-type]
    )
    micro = accuracy["micro"]
    assert isinstance(micro, dict)
    per_obfuscation = accuracy["per_obfuscation"]
    assert isinstance(per_obfuscation, dict)
    figures = {
        "single_scan_2000_chars_benign": latency(long_message(records, benign=True)),
        "single_scan_2000_chars_mixed": latency(long_message(records, benign=False)),
        "score_dev": {
            "micro_precision": round(micro["precision"], 4),
            "micro_recall": round(micro["recall"], 4),
            "micro_f1": round(micro["f1"], 4),
            "macro_f1": round(float(accuracy["macro_f1"]), 4),  # type: ignore[arg-type]
            "false_block_rate": round(float(accuracy["false_block_rate"]), 4),  # type: ignore[arg-type]
            "block_accuracy": round(float(accuracy["block_accuracy"]), 4),  # type: ignore[arg-type]
            "recall_per_obfuscation": {
                k: round(v["label_recall"], 4)
                for k, v in per_obfuscation.items()
                if "label_recall" in v
            },
            "errors": accuracy["errors"],
        },
        "throughput_repeat_50": {
            "messages": throughput["messages"],
            "seconds": round(float(throughput["seconds"]), 3),  # type: ignore[arg-type]
            "messages_per_second": round(float(throughput["messages_per_second"]), 1),  # type: ignore[arg-type]
            "micro_f1": round(throughput["micro"]["f1"], 4),  # type: ignore[index]
            "compiled_guard": COMPILED,
        },
        "throughput_repeat_50_from_python_sources": {
            "seconds": round(float(from_sources["seconds"]), 3),  # type: ignore[arg-type]
            "messages_per_second": round(float(from_sources["messages_per_second"]), 1),  # type: ignore[arg-type]
        },
    }
    if not COMPILED:
        print("warning: the guard is not compiled here; run `make guard-compiled` first")
    path = write_result("guard", figures, "python bench/guard_bench.py")
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    print(f"written to {path}")


if __name__ == "__main__":
    main()
