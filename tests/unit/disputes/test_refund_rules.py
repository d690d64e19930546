"""Pure refund rules: REFUND-1 timers and facts, REFUND-3 window, REFUND-4 per-SKU plans, K-20."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from sellerdesk.domain import refunds as rules
from sellerdesk.errors import InvalidInput, RuleViolation
from sellerdesk.policy import load_policy

POLICY = load_policy("ozon")
DELIVERED = datetime(2026, 3, 2, 11, 10, tzinfo=UTC)  # 14:10 Moscow
ITEMS = [
    rules.ItemFacts("SKU-1", 2, Decimal("450.00"), "home"),
    rules.ItemFacts("SKU-2", 1, Decimal("5200.00"), "jewellery"),
]


def test_REFUND_1_stall_due_5_days_after_the_last_scan():
    assert rules.stall_due(DELIVERED, POLICY) == DELIVERED + timedelta(days=5)


def test_REFUND_2_stall_facts_name_the_days_and_the_moscow_time():
    facts = rules.stall_facts(DELIVERED, "in_transit", "Тверь", "CDEK", POLICY)
    assert facts == (
        "carrier status not updated for 5 days since 2026-03-02 14:10 MSK "
        "(last status: in_transit, Тверь; CDEK)"
    )


def test_K_20_expected_date_ends_at_moscow_midnight():
    due = rules.delivery_due(date(2026, 3, 4), POLICY.business_calendar())
    assert due == datetime(2026, 3, 4, 21, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("after", "rule", "default"),
    [(timedelta(hours=47, minutes=59), "REFUND-1", False), (timedelta(hours=48), "REFUND-3", True)],
)
def test_REFUND_3_not_received_window_is_48h_K_1(after, rule, default):
    trigger = rules.complaint_trigger(
        "not_received", "delivered", DELIVERED, DELIVERED + after, POLICY
    )
    assert trigger.rule == rule and trigger.for_buyer_by_default is default
    assert trigger.appealable


def test_REFUND_3_policy_may_make_late_not_received_final():
    policy = POLICY.model_copy(
        update={"refund": POLICY.refund.model_copy(update={"late_not_received_appealable": False})}
    )
    trigger = rules.complaint_trigger(
        "not_received", "delivered", DELIVERED, DELIVERED + timedelta(days=3), policy
    )
    assert not trigger.appealable


def test_REFUND_1_complaint_needs_a_delivered_order():
    with pytest.raises(RuleViolation) as caught:
        rules.complaint_trigger("damaged", "delivering", None, DELIVERED, POLICY)
    assert caught.value.rule == "REFUND-1"
    with pytest.raises(InvalidInput):
        rules.complaint_trigger("late", "delivered", DELIVERED, DELIVERED, POLICY)


def test_REFUND_1_trigger_switched_off_by_the_policy_is_refused():
    policy = POLICY.model_copy(
        update={"refund": POLICY.refund.model_copy(update={"triggers": ("tracking_stall",)})}
    )
    with pytest.raises(RuleViolation) as caught:
        rules.complaint_trigger("wrong_item", "delivered", DELIVERED, DELIVERED, policy)
    assert "not in force" in caught.value.message


def test_REFUND_4_whole_order_plan_skips_refunded_skus():
    lines = rules.plan_refund(ITEMS, {"SKU-2": 1}, None)
    assert lines == [rules.RefundLine("SKU-1", 2, Decimal("900.00"), "home")]
    assert rules.is_full_refund(ITEMS, {"SKU-2": 1}, lines)


def test_REFUND_4_one_sku_one_unit_is_a_partial_refund():
    lines = rules.plan_refund(ITEMS, {}, {"SKU-1": 1})
    assert lines == [rules.RefundLine("SKU-1", 1, Decimal("450.00"), "home")]
    assert not rules.is_full_refund(ITEMS, {}, lines)
    assert (
        rules.return_order("delivered", rules.Trigger("wrong_item", "REFUND-1", ""), False) is None
    )


def test_REFUND_4_no_unit_is_refunded_twice():
    with pytest.raises(RuleViolation) as caught:
        rules.plan_refund(ITEMS, {"SKU-1": 2}, {"SKU-1": None})
    assert caught.value.rule == "REFUND-4"
    with pytest.raises(RuleViolation):
        rules.plan_refund(ITEMS, {"SKU-1": 1}, {"SKU-1": 2})
    with pytest.raises(RuleViolation):
        rules.plan_refund(ITEMS, {"SKU-1": 2, "SKU-2": 1}, None)
    with pytest.raises(InvalidInput):
        rules.plan_refund(ITEMS, {}, {"SKU-9": None})


def test_REFUND_4_full_refund_after_delivery_returns_the_order():
    outcome = rules.return_order("delivered", rules.Trigger("damaged", "REFUND-1", ""), True)
    assert outcome is not None and outcome.changes == {"status": "returned"}
    assert (
        rules.return_order("delivering", rules.Trigger("tracking_stall", "REFUND-1", ""), True)
        is None
    )


def test_REFUND_1_tracking_event_checks():
    now = DELIVERED
    rules.check_tracking_event("sorting", now, now, now - timedelta(days=1))
    with pytest.raises(InvalidInput):
        rules.check_tracking_event("teleported", now, now, None)
    with pytest.raises(InvalidInput):
        rules.check_tracking_event("sorting", now + timedelta(seconds=1), now, None)
    with pytest.raises(InvalidInput):
        rules.check_tracking_event("sorting", now - timedelta(days=2), now, now - timedelta(days=1))


def test_DISPUTE_7_carrier_names_are_normalised():
    assert rules.carrier_key("DPD Russia") == "dpd_russia"
    assert rules.carrier_key("  CDEK ") == "cdek"


def test_span_text_reads_like_the_rules():
    assert rules.span_text(timedelta(hours=48)) == "48 hours"
    assert rules.span_text(timedelta(days=5)) == "5 days"
    assert rules.span_text(timedelta(days=3, hours=2)) == "3 days 2 hours"
    assert rules.span_text(timedelta(hours=1)) == "1 hour"
