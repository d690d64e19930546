"""The guard's JSON-lines stream (score.py contract), policy config and one-message CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path

from sellerdesk.guard import GuardConfig, scan
from sellerdesk.guard.stream import (
    config_from_policy_file,
    run_jsonl,
    scan_text_cli,
    verdict_record,
)

CATEGORIES = {
    "off_platform_contact": "GUARD-1",
    "marketing": "GUARD-2",
    "review_manipulation": "GUARD-3",
    "cancel_pressure": "GUARD-4",
    "abuse_threat": "GUARD-5",
    "off_platform_payment": "GUARD-6",
}


def run(lines: list[bytes], config: GuardConfig = GuardConfig()) -> list[dict[str, object]]:
    out = io.StringIO()
    run_jsonl(io.BytesIO(b"".join(lines)), out, config)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def line(obj: object) -> bytes:
    return (json.dumps(obj, ensure_ascii=False) + "\n").encode()


def test_GUARD_7_stream_answers_each_message_with_verdict_and_spans() -> None:
    text = "Пишите в WhatsApp +7 916 555-01-43"
    [answer] = run([line({"id": "m1", "text": text})])
    assert answer["id"] == "m1"
    assert answer["verdict"] == "block"
    violations = answer["violations"]
    assert isinstance(violations, list) and violations
    for v in violations:
        assert CATEGORIES[v["category"]] == v["rule"]
        start, end = v["span"]
        assert text[start:end] == v["matched"]


def test_GUARD_7_stream_output_equals_the_record_of_scan() -> None:
    texts = ["Оплатите на карту 2200 1928 7072 9596", "Спасибо за заказ!", "加我微信：abc_123"]
    answers = run([line({"id": i, "text": t}) for i, t in enumerate(texts)])
    for i, t in enumerate(texts):
        assert answers[i] == verdict_record(i, scan(t))


def test_GUARD_7_allowed_message_has_no_violations() -> None:
    assert run([line({"id": "ok", "text": "Спасибо за заказ!"})]) == [
        {"id": "ok", "verdict": "allow", "violations": []}
    ]


def test_GUARD_7_empty_text_is_allowed() -> None:
    assert run([line({"id": "e", "text": ""})])[0]["verdict"] == "allow"


def test_GUARD_7_malformed_lines_yield_errors_and_the_stream_goes_on() -> None:
    answers = run(
        [
            b'{"id": "a", "text": "hi"\n',  # broken JSON
            b"[1, 2, 3]\n",  # not an object
            line({"id": "b"}),  # no text
            line({"id": "c", "text": 42}),  # text not a string
            b"\n",  # blank line: skipped
            line({"id": "d", "text": "Спасибо!"}),
        ]
    )
    assert [a["id"] for a in answers] == [None, None, "b", "c", "d"]
    assert all("error" in a for a in answers[:4])
    assert answers[4]["verdict"] == "allow"


def test_GUARD_7_invalid_utf8_yields_an_error_and_does_not_crash() -> None:
    broken = b'{"id": "x1", "text": "caf\xe9 \xff"}\n'
    answers = run([broken, line({"id": "y", "text": "ok"})])
    assert answers[0]["id"] == "x1" and "error" in answers[0]
    assert answers[1] == {"id": "y", "verdict": "allow", "violations": []}


def test_GUARD_7_last_line_without_newline_is_answered() -> None:
    assert run([b'{"id": "z", "text": "ok"}'])[0]["id"] == "z"


def test_GUARD_7_stream_flushes_at_the_end() -> None:
    class Recording(io.StringIO):
        flushed = False

        def flush(self) -> None:
            self.flushed = True
            super().flush()

    out = Recording()
    run_jsonl(io.BytesIO(line({"id": 1, "text": "ok"})), out, GuardConfig())
    assert out.flushed


def test_GUARD_1_policy_file_sets_allowed_domains_and_length(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(
        '[chat]\nmax_message_chars = 1000\n[guard]\nallowed_domains = ["ozon.ru", "Ozon.KZ"]\n',
        encoding="utf-8",
    )
    assert config_from_policy_file(policy) == GuardConfig(("ozon.ru", "ozon.kz"), 1000)


def test_GUARD_1_policy_file_without_guard_keys_keeps_defaults(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("[orders]\nship_days = 3\n", encoding="utf-8")
    assert config_from_policy_file(policy) == GuardConfig()
    assert config_from_policy_file(None) == GuardConfig()


def test_GUARD_7_cli_prints_rule_span_and_explanation_and_returns_1() -> None:
    out = io.StringIO()
    code = scan_text_cli("Напишите мне в WhatsApp", out, GuardConfig(), "ru")
    printed = out.getvalue()
    assert code == 1
    assert "GUARD-1" in printed and "off_platform_contact" in printed
    assert "[15, 23)" in printed and "чат" in printed


def test_GUARD_7_cli_allows_a_clean_message_and_returns_0() -> None:
    out = io.StringIO()
    assert scan_text_cli("Спасибо за заказ!", out, GuardConfig(), "en") == 0
    assert out.getvalue().startswith("allow")
