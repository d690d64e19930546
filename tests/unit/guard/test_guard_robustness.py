"""scan() is total: any str in, a verdict with spans into that str out (GUARD-7)."""

from __future__ import annotations

import io
import json
import random

from sellerdesk.guard import GuardConfig, explain, mask_contacts, scan
from sellerdesk.guard.stream import run_jsonl

ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 .,-_@:/+()!?'\"\n\t"
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЁ"
    "微信加我好评取消转账点艾特"
    "ＡＢＣ０１２＠．αβγωΩ"
    "\u200b\u200d\u2060\ufeff\u00ad\u0301\u0306\u20dd\ufe0f"
    "😊🔹❤️👍🏽ﬁ①⑩№™ℌ𝐖𝐡İß"
    "\ud800\udfff"
)


def test_GUARD_7_scan_never_raises_and_spans_point_into_the_original() -> None:
    rng = random.Random(20240611)
    for _ in range(1500):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 120)))
        verdict = scan(text)
        for v in verdict.violations:
            start, end = v.span
            assert 0 <= start < end <= len(text)
            assert text[start:end] == v.matched
            assert explain(v, "ru")[0]
        assert isinstance(mask_contacts(text), str)


def test_GUARD_7_obfuscation_heavy_random_messages_do_not_break_the_map() -> None:
    rng = random.Random(7)
    pieces = [
        "W h a t s A p p",
        "8 9 1 6",
        "5\u200b5\u200b5",
        "ｔｅｌｅｇｒａｍ",
        "т.е.л.е.г.р.а.м",
        "плюс семь",
        "девять один",
        "один два три четыре пять шесть семь",
        "@ a n n a",
        "x (at) y (dot) ru",
        "Тeлeгрaм",
        "九一六五五五",
        "Ви-бер",
        "  ",
        "...",
    ]
    for _ in range(600):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        for v in scan(text).violations:
            assert text[v.span[0] : v.span[1]] == v.matched


def test_GUARD_7_long_message_is_scanned() -> None:
    text = "Спасибо за заказ! " * 500 + "Пишите в WhatsApp"
    assert scan(text, GuardConfig(max_chars=100)).blocked


def test_GUARD_7_stream_survives_surrogates_and_deep_nesting() -> None:
    lines = (
        b'{"id": "s", "text": "\\ud800 WhatsApp"}\n'
        + b"[" * 100000
        + b"\n"
        + b'{"id": "t", "text": "ok"}\n'
    )
    out = io.StringIO()
    run_jsonl(io.BytesIO(lines), out, GuardConfig())
    answers = [json.loads(ln) for ln in out.getvalue().splitlines()]
    assert answers[0]["id"] == "s" and answers[0]["verdict"] == "block"
    out.getvalue().encode("utf-8")  # writable as UTF-8
    assert "error" in answers[1]
    assert answers[2] == {"id": "t", "verdict": "allow", "violations": []}
