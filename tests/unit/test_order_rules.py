"""The order state table and its rules, without I/O (ORDER-1, ORDER-2, CANCEL-1, CANCEL-4, CANCEL-5)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from sellerdesk.domain import cancellations, orders
from sellerdesk.errors import Conflict, RuleViolation
from sellerdesk.policy import load_policy

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
POLICY = load_policy("ozon")


def facts(status="awaiting_packaging", **kw):
    base = dict(
        number="10000000-0001-1",
        status=status,
        delivery_type="standard",
        currency="RUB",
        lines=(orders.Line("A", 2, Decimal("100"), "home", Decimal("0.10")),),
        paid_at=NOW,
        ship_by=NOW + timedelta(days=6),
        original_ship_by=NOW + timedelta(days=6),
    )
    base.update(kw)
    return orders.OrderFacts(**base)


def test_ORDER_1_state_table_covers_every_state():
    reachable = {t.target for t in orders.TRANSITIONS} | {
        s for t in orders.TRANSITIONS for s in t.sources
    }
    assert reachable == set(orders.STATES)
    assert all(t.rule for t in orders.TRANSITIONS)


@pytest.mark.parametrize("state", ["delivering", "delivered", "cancelled", "returned"])
def test_ORDER_1_pack_refused_outside_awaiting_packaging(state):
    with pytest.raises(RuleViolation) as err:
        orders.simple("pack", facts(state), NOW)
    assert "awaiting_packaging" in err.value.message


def test_ORDER_1_express_ship_window_from_payment_K_4():
    outcome = orders.pay(facts("unpaid", delivery_type="express", paid_at=None), NOW, POLICY)
    assert outcome.changes["ship_by"] == NOW + timedelta(days=2)


def test_ORDER_2_place_sets_payment_deadline():
    outcome = orders.place(facts("new"), NOW, POLICY)
    assert outcome.changes["pay_by"] == NOW + timedelta(hours=48)


def test_CANCEL_1_buyer_direct_states_follow_policy():
    with pytest.raises(RuleViolation) as err:
        orders.buyer_cancel(facts("awaiting_deliver"), NOW, POLICY)
    assert err.value.rule == "CANCEL-1"
    outcome = orders.buyer_cancel(facts("unpaid", paid_at=None), NOW, POLICY)
    assert outcome.ledger == ()  # nothing was paid, nothing to refund


def test_CANCEL_4_auto_cancel_marks_late_and_refunds_in_full():
    outcome = orders.auto_cancel(facts(), NOW + timedelta(days=6), POLICY)
    assert outcome.changes["late_shipment"] is True
    assert outcome.changes["cancel_fault"] == "seller"
    refund = [m for m in outcome.ledger if m.kind == "refund"]
    assert refund[0].amount == Decimal("-200")
    assert all(m.kind != "fine" for m in outcome.ledger)


def test_CANCEL_5_storage_counts_started_days_and_no_commission():
    outcome = orders.buyer_cancel(facts(), NOW + timedelta(days=2, minutes=1), POLICY)
    kinds = {m.kind: m.amount for m in outcome.ledger}
    assert "commission" not in kinds
    assert kinds["storage_fee"] == Decimal("-3.00")  # 2 items x 3 started days x 0.50


def test_CANCEL_3_K_7_fine_per_category_takes_the_highest():
    order = facts(
        lines=(
            orders.Line("A", 1, Decimal("1"), "home", Decimal("0.1")),
            orders.Line("B", 1, Decimal("1"), "electronics", Decimal("0.1")),
        )
    )
    assert orders.late_fine(order, POLICY).amount == Decimal("-1000")


def test_CANCEL_3_K_6_late_fine_charged_once():
    late = NOW + timedelta(days=7)
    first = orders.ship(facts(), late, POLICY, "RU1")
    assert [m.kind for m in first.ledger].count("fine") == 1
    again = orders.ship(facts(late_fine_charged=True), late, POLICY, "RU1")
    assert [m.kind for m in again.ledger].count("fine") == 0


def test_CANCEL_2_buyer_request_deadline_and_auto_reject():
    new = cancellations.open_buyer_request(facts("awaiting_deliver"), "changed_mind", NOW, POLICY)
    assert new.decide_by == NOW + timedelta(days=5)
    request = cancellations.RequestFacts(1, "buyer", "pending", new.decide_by)
    with pytest.raises(RuleViolation):
        cancellations.auto_reject_buyer_request(request, new.decide_by - timedelta(seconds=1))
    assert cancellations.auto_reject_buyer_request(request, new.decide_by) == "auto_rejected"


def test_CANCEL_3_decision_is_final():
    request = cancellations.RequestFacts(1, "seller", "approved", NOW)
    with pytest.raises(Conflict):
        cancellations.decide_seller_request(request, facts(), False, NOW, POLICY)


def test_ORDER_3_K_8_only_approved_changes_count():
    with pytest.raises(RuleViolation):
        cancellations.check_address_change(facts(address_changes_used=1), "Тверь", POLICY, False)
    cancellations.check_address_change(facts(address_changes_used=0), "Тверь", POLICY, False)
