"""CANCEL-6, CANCEL-7, ORDER-4, CHAT-7 rates at, just below and just above their limits; K-13."""

from __future__ import annotations

import pytest

from sellerdesk.domain.standing import Counts
from sellerdesk.domain.standing_metrics import (
    Rate,
    cancellations_to_exceed,
    clean_orders_to_recover,
    fulfilment_rate,
    lates_to_exceed,
    misses_to_fall_below,
    response_rate,
    successes_to_recover,
)
from sellerdesk.policy import load_policy

POLICY = load_policy("ozon")


def cancel_rate(cancels: int, accepted: int) -> Rate:
    return Rate("seller_cancel_rate", "CANCEL-6", "2026-03", cancels, accepted,
                POLICY.cancel.seller_cancel_rate_max, "max", POLICY.cancel.min_orders_for_rate)


def late_rate(late: int, due: int) -> Rate:
    return Rate("late_shipment_rate", "CANCEL-7", "2026-W10", late, due,
                POLICY.cancel.late_shipment_rate_max, "max", POLICY.cancel.min_orders_for_rate)


@pytest.mark.parametrize(("cancels", "breached"), [(2, False), (3, False), (4, True)])
def test_CANCEL_6_K_11_above_3_percent_means_strictly_greater(cancels: int, breached: bool) -> None:
    # 3 of 100 is exactly 3%: not above (K-11); compared as fractions, no float rounding
    assert cancel_rate(cancels, 100).breached is breached


@pytest.mark.parametrize(("late", "breached"), [(1, False), (2, False), (3, True)])
def test_CANCEL_7_weekly_late_rate_limit_5_percent(late: int, breached: bool) -> None:
    assert late_rate(late, 40).breached is breached


@pytest.mark.parametrize(("orders", "judged"), [(19, False), (20, True), (21, True)])
def test_K_13_rates_not_judged_below_min_orders(orders: int, judged: bool) -> None:
    rate = cancel_rate(orders // 2, orders)  # far above 3% either way
    assert rate.judged is judged
    assert rate.breached is judged
    shown = rate.as_dict(POLICY.standing.alert_at)
    assert (shown["status"] == "not_enough_orders") is not judged
    assert (shown["note"] == "not enough orders yet") is not judged


@pytest.mark.parametrize(
    ("delivered", "failed", "breached"), [(19, 1, False), (39, 1, False), (18, 2, True)]
)
def test_ORDER_4_fulfilment_below_target_is_strictly_below(
    delivered: int, failed: int, breached: bool
) -> None:
    # 19/20 = 95% is at the target (not below); 39/40 above; 18/20 = 90% below
    rate = fulfilment_rate(Counts(delivered=delivered, seller_cancels=failed), "30d", POLICY)
    assert rate.breached is breached


@pytest.mark.parametrize(("in_time", "due", "status"), [
    (19, 20, "near_limit"), (20, 20, "ok"), (18, 20, "below_target"), (5, 10, "not_enough_orders"),
])
def test_CHAT_7_response_rate_against_target(in_time: int, due: int, status: str) -> None:
    rate = response_rate(Counts(chats_in_time=in_time, chats_due=due), "30d", POLICY)
    assert rate.as_dict(POLICY.standing.alert_at)["status"] == status


@pytest.mark.parametrize(("cancels", "accepted", "left"), [
    (0, 40, 2),   # 40 * 3% = 1.2: the 2nd cancellation takes it above
    (0, 22, 1),   # 0.66: the first one does
    (1, 100, 3),  # 3 of 100 is not above, 4 is: 3 more
    (3, 100, 1),
    (4, 100, None),  # already above
])
def test_CANCEL_6_forecast_cancellations_left(cancels: int, accepted: int, left: int | None) -> None:
    assert cancellations_to_exceed(cancels, accepted, 0.03) == left


@pytest.mark.parametrize(("late", "due", "left"), [(0, 20, 2), (1, 40, 2), (2, 40, 1), (3, 40, None)])
def test_CANCEL_7_forecast_late_shipments_left(late: int, due: int, left: int | None) -> None:
    # each late posting is also due: (late + k) / (due + k) > 5%
    assert lates_to_exceed(late, due, 0.05) == left


def test_CANCEL_6_forecast_orders_to_recover() -> None:
    assert clean_orders_to_recover(4, 100, 0.03) == 34  # 4 / 134 <= 3% < 4 / 133
    assert 4 / 134 <= 0.03 < 4 / 133
    assert clean_orders_to_recover(1, 100, 0.03) == 0


def test_ORDER_4_forecast_failures_left_and_recovery() -> None:
    assert misses_to_fall_below(19, 20, 0.95) == 1  # 19/21 < 95%
    assert misses_to_fall_below(40, 40, 0.95) == 3  # 40/42 >= 95% > 40/43
    assert misses_to_fall_below(18, 20, 0.95) is None
    assert successes_to_recover(18, 20, 0.95) == 20  # 38/40 = 95%
    assert successes_to_recover(19, 20, 0.95) == 0
