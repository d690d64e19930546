"""`sellerdesk scan` through the console entry (`sellerdesk.guard.stream:main`), real processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ENTRY = "import sys; from sellerdesk.guard.stream import main; main(); " + (
    "sys.stderr.write('typer loaded' if 'typer' in sys.modules else 'no typer')"
)


def entry(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", ENTRY, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_GUARD_7_scan_jsonl_streams_without_the_typer_app(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('[guard]\nallowed_domains = ["example.com"]\n', encoding="utf-8")
    lines = [
        {"id": "a", "text": "Инструкция: example.com/guide"},
        {"id": "b", "text": "Пишите в WhatsApp"},
    ]
    result = entry(
        "scan",
        "--jsonl",
        "--policy",
        str(policy),
        "--lang=ru",
        stdin="".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines),
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == "no typer"
    answers = {a["id"]: a["verdict"] for a in map(json.loads, result.stdout.splitlines())}
    assert answers == {"a": "allow", "b": "block"}


def test_GUARD_7_other_scan_forms_go_to_the_typer_app() -> None:
    result = entry("scan", "Пишите в WhatsApp")
    assert result.returncode == 1
    assert result.stdout.startswith("block: 1 violation(s)")


def test_GUARD_7_scan_jsonl_answers_a_line_before_stdin_closes() -> None:
    with subprocess.Popen(
        [sys.executable, "-c", ENTRY, "scan", "--jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(b'{"id": "x", "text": "ok"}\n')
        proc.stdin.flush()
        answer = json.loads(proc.stdout.readline())  # would hang if output waited for EOF
        proc.stdin.close()
        assert answer == {"id": "x", "verdict": "allow", "violations": []}
        assert proc.wait(timeout=60) == 0
