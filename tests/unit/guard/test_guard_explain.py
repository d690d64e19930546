"""GUARD-7: a blocked seller sees why and how to fix it, in ru, en and zh."""

from __future__ import annotations

import pytest

from sellerdesk.guard import Violation, explain, scan

SAMPLES = {
    "off_platform_contact": "Напишите мне в WhatsApp",
    "marketing": "Дарим промокод на скидку 10%",
    "review_manipulation": "Поставьте 5 звёзд, пожалуйста",
    "cancel_pressure": "Отмените заказ сами, пожалуйста",
    "abuse_threat": "Сами виноваты, надо было читать описание",
    "off_platform_payment": "Переведите оплату на карту 2200 1928 7072 9596",
}
CJK = range(0x4E00, 0xA000)


def violation(category: str) -> Violation:
    [v] = [v for v in scan(SAMPLES[category]).violations if v.category == category][:1]
    return v


@pytest.mark.parametrize("category", sorted(SAMPLES))
def test_GUARD_7_explanation_in_three_languages_names_rule_and_span(category: str) -> None:
    v = violation(category)
    ru, en, zh = (explain(v, lang) for lang in ("ru", "en", "zh"))
    for why, fix in (ru, en, zh):
        assert v.rule in why and v.matched in why and fix
    assert any("а" <= ch <= "я" for ch in ru[0] + ru[1])
    assert (en[0] + en[1]).isascii() or v.matched in en[0]
    assert any(ord(ch) in CJK for ch in zh[0] + zh[1])
    assert len({ru, en, zh}) == 3


def test_GUARD_7_unknown_language_falls_back_to_english() -> None:
    v = violation("marketing")
    assert explain(v, "de") == explain(v, "en")
