"""Pure chat rules: text checks, reply window, first response, vacation arithmetic, the GUARD-8
ladder, proactive conditions and the presets (no I/O)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sellerdesk.domain import chat as rules
from sellerdesk.domain import chat_escalation as ladder
from sellerdesk.domain import chat_proactive as proactive
from sellerdesk.domain.chat_notices import NOTICE_FOR_ACTION, notice_texts
from sellerdesk.errors import InvalidInput, RuleViolation
from sellerdesk.policy import load_policy

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
OZON = load_policy("ozon")


def test_CHAT_1_clean_text_accepts_unicode_refuses_control_and_overlong():
    assert rules.clean_text("  Привет,\r\nмир 👋 ", 100) == "Привет,\nмир 👋"
    for bad in ("", " \n\t", "a\x00b", "a\x1bb", "a\ud800b", "x" * 101):
        with pytest.raises(InvalidInput) as err:
            rules.clean_text(bad, 100)
        assert err.value.rule == "CHAT-1"
    assert rules.clean_text("", 100, allow_empty=True) == ""
    assert rules.clean_text("x" * 10_000, None)  # platform text has no seller limit


def test_CHAT_2_K_1_reply_window_open_until_48h_after_the_buyer_wrote():
    rules.check_reply_window(NOW, NOW + timedelta(hours=47, minutes=59), OZON)
    with pytest.raises(RuleViolation) as err:
        rules.check_reply_window(NOW, NOW + timedelta(hours=48), OZON)
    assert err.value.rule == "CHAT-2"
    with pytest.raises(RuleViolation):
        rules.check_reply_window(None, NOW, OZON)


def test_CHAT_7_first_response_in_time_late_and_paused():
    due = NOW + timedelta(hours=2)
    assert rules.first_response(NOW, due, False, NOW + timedelta(minutes=30)) == (
        rules.FirstResponse(1800, True)
    )
    assert not rules.first_response(NOW, due, False, due).within_deadline  # K-1
    assert not rules.first_response(NOW, None, True, due + timedelta(hours=1)).within_deadline
    assert rules.first_response(NOW, None, False, NOW + timedelta(days=2)).within_deadline
    assert rules.deadline_applies("order", OZON) and not rules.deadline_applies("product", OZON)


def test_CHAT_8_pause_resume_and_reply_window_after_vacation():
    start, end = NOW + timedelta(hours=1), NOW + timedelta(days=3)
    left = rules.pause(NOW + timedelta(hours=2), start)
    assert left == 3600 and rules.resume(left, end) == end + timedelta(hours=1)
    assert rules.window_after_vacation(NOW, start, end) == NOW + (end - start)
    assert rules.window_after_vacation(start + timedelta(hours=5), start, end) == end
    assert rules.window_after_vacation(None, start, end) is None
    with pytest.raises(RuleViolation):
        rules.check_vacation(NOW - timedelta(minutes=1), end, NOW, OZON)
    with pytest.raises(InvalidInput):
        rules.check_vacation(start, start, NOW, OZON)
    with pytest.raises(InvalidInput):
        rules.check_vacation(start, start + timedelta(days=61), NOW, OZON)


def test_GUARD_8_warning_ladder_from_policy():
    assert ladder.warning_steps_due(2, 0, OZON) == []
    [restrict] = ladder.warning_steps_due(3, 0, OZON)
    assert restrict.kind == "traffic_restriction" and restrict.duration == timedelta(days=30)
    assert ladder.warning_steps_due(4, 1, OZON) == []
    assert [s.kind for s in ladder.warning_steps_due(6, 0, OZON)] == [
        "traffic_restriction",
        "listing_suspension",
    ]


def test_GUARD_8_confirmed_cases_freeze_then_terminate():
    assert ladder.confirmed_steps_due(1, OZON) == []
    [freeze] = ladder.confirmed_steps_due(2, OZON)
    assert freeze.kind == "store_freeze" and freeze.duration == timedelta(hours=72)
    assert [s.kind for s in ladder.confirmed_steps_due(3, OZON)] == ["termination"]


def _facts(**changes):
    base = dict(
        posting_number="10000000-0001-1",
        status="delivering",
        created_at=NOW,
        shipped_at=NOW,
        tracking_number="RU1CN",
        delay_reported=False,
        buyer_has_written=False,
        sent_before=(),
        permissions=frozenset(),
    )
    return proactive.OrderChatFacts(**(base | changes))


def test_CHAT_4_conditions_per_category():
    text = "Заказ 10000000-0001-1 отправлен, трек RU1CN"
    proactive.check_send("shipment_notice", _facts(), text, None, NOW, OZON)
    with pytest.raises(RuleViolation):
        proactive.check_send(
            "shipment_notice", _facts(status="awaiting_deliver"), text, None, NOW, OZON
        )
    with pytest.raises(RuleViolation):
        proactive.check_send("delay_notice", _facts(), "Задержка", None, NOW, OZON)
    proactive.check_send("delay_notice", _facts(delay_reported=True), "Задержка", None, NOW, OZON)
    unpaid = _facts(status="unpaid", shipped_at=None)
    proactive.check_send(
        "unpaid_reminder", unpaid, "Оплатите", None, NOW + timedelta(hours=47), OZON
    )
    with pytest.raises(RuleViolation):
        proactive.check_send(
            "unpaid_reminder", unpaid, "Оплатите", None, NOW + timedelta(hours=48), OZON
        )
    with pytest.raises(RuleViolation) as err:
        proactive.check_send("shipment_notice", _facts(status="cancelled"), text, None, NOW, OZON)
    assert err.value.rule == "CHAT-3"


def test_CANCEL_8_K_9_fulfilment_problem_two_messages_24h_apart():
    facts = _facts(status="awaiting_packaging", shipped_at=None)
    proactive.check_send("fulfilment_problem", facts, "Нет в наличии", "stock_out", NOW, OZON)
    once = _facts(status="awaiting_packaging", shipped_at=None, sent_before=(NOW,))
    with pytest.raises(RuleViolation) as err:
        proactive.check_send(
            "fulfilment_problem", once, "Нет", "stock_out", NOW + timedelta(hours=23), OZON
        )
    assert err.value.rule == "CANCEL-8"
    proactive.check_send(
        "fulfilment_problem", once, "Нет", "stock_out", NOW + timedelta(hours=24), OZON
    )
    twice = _facts(
        status="awaiting_packaging", shipped_at=None, sent_before=(NOW, NOW + timedelta(days=1))
    )
    with pytest.raises(RuleViolation) as err:
        proactive.check_send(
            "fulfilment_problem", twice, "Нет", "stock_out", NOW + timedelta(days=5), OZON
        )
    assert "CANCEL-3" in (err.value.next_step or "")
    with pytest.raises(RuleViolation):
        proactive.check_send("fulfilment_problem", facts, "Нет", "changed_mind", NOW, OZON)


def test_CHAT_4_return_guide_only_the_official_page():
    proactive.check_template_text("return_guide", "Возврат: https://www.ozon.ru/my/returns.", OZON)
    proactive.check_template_text("return_guide", "Возврат: ozon.ru/my/returns", OZON)
    for text in ("Возврат в приложении", "ozon.ru/my/returns и ozon.ru/help"):
        with pytest.raises(RuleViolation):
            proactive.check_template_text("return_guide", text, OZON)


def test_MARKET_1_and_MARKET_2_presets_express_other_marketplaces():
    wb = load_policy("wildberries")
    assert wb.chat.proactive.enabled_names() == ["care_message"]
    care = wb.chat.proactive.care_message
    assert (care.window, care.max_per_order, care.requires_permission) == (
        timedelta(hours=72),
        1,
        "care",
    )
    facts = _facts(permissions=frozenset({"care"}))
    proactive.check_send("care_message", facts, "В пути", None, NOW + timedelta(hours=71), wb)
    with pytest.raises(RuleViolation) as err:
        proactive.check_send("care_message", facts, "В пути", None, NOW + timedelta(hours=72), wb)
    assert err.value.rule == "MARKET-1"
    ym = load_policy("yandex_market")
    assert ym.chat.proactive.enabled_names() == ["order_confirmation"]
    confirm = _facts(status="awaiting_packaging", shipped_at=None)
    proactive.check_send("order_confirmation", confirm, "Заказ 10000000-0001-1", None, NOW, ym)
    with pytest.raises(RuleViolation) as err:
        proactive.check_send(
            "order_confirmation", _facts(buyer_has_written=True), "10000000-0001-1", None, NOW, ym
        )
    assert err.value.rule == "MARKET-2"
    with pytest.raises(RuleViolation) as err:
        proactive.category_of("shipment_notice", ym)
    assert err.value.rule == "CHAT-3"


def test_CHAT_5_CHAT_7_CHAT_10_CHAT_12_GUARD_8_ozon_preset_values():
    chat, guard = OZON.chat, OZON.guard
    assert chat.reply_window == timedelta(hours=48)  # CHAT-2
    assert chat.template_review_expected == timedelta(hours=72)  # CHAT-5
    assert chat.first_response_deadline == timedelta(hours=2)  # CHAT-7
    assert chat.response_rate_target == 0.95  # CHAT-7
    assert chat.broken_promise_commission_surcharge == 0.15  # CHAT-10
    assert chat.system_notice_languages == ("ru", "en")  # CHAT-11
    assert chat.review_invite_after == timedelta(hours=48)  # CHAT-12
    assert guard.allowed_domains == ("ozon.ru",)  # GUARD-1
    assert (guard.warnings_to_restrict, guard.off_platform_points) == (3, 50)  # GUARD-8
    assert guard.store_freeze == timedelta(hours=72)  # GUARD-8


def test_CHAT_11_notice_texts_in_the_policy_languages():
    assert NOTICE_FOR_ACTION["ship"] == "shipped"
    texts = notice_texts("shipped", ("ru", "en"), posting_number="P-1", tracking_number="T-9")
    assert set(texts) == {"ru", "en"} and all("T-9" in t and "P-1" in t for t in texts.values())
    assert set(notice_texts("delivered", ("de",), posting_number="P-1")) == {"ru"}
