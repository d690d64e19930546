"""STANDING-3 health score (formula in policy/standing.py) and STANDING-2 forecasts/alerts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from sellerdesk.domain.standing import Counts
from sellerdesk.domain.standing_forecasts import alerts, forecasts
from sellerdesk.domain.standing_metrics import health, snapshot
from sellerdesk.domain.standing_sanctions import SanctionState, evaluate
from sellerdesk.policy import load_policy

POLICY = load_policy("ozon")
NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)


def test_STANDING_3_perfect_seller_scores_100() -> None:
    window = Counts(accepted=40, ship_due=40, delivered=40, chats_due=20, chats_in_time=20)
    score, components = health(window, 1000, POLICY, "30d")
    assert score == 100.0
    assert all(c["score"] == 100.0 for c in components.values() if c["judged"])


def test_STANDING_3_a_metric_at_its_limit_scores_50_and_weights_rescale() -> None:
    # cancel rate exactly 3% (3/100): component 100 * (1 - 1/2) = 50; other rates not judged
    window = Counts(accepted=100, seller_cancels=3)
    score, components = health(window, 1000, POLICY, "30d")
    assert components["seller_cancel"]["score"] == 50.0
    assert components["late_shipment"]["judged"] is False
    assert components["late_shipment"]["note"] == "not enough orders yet"
    w = POLICY.standing.health_weights
    expected = (w.seller_cancel * 50 + w.warnings * 100 + w.points * 100) / (
        w.seller_cancel + w.warnings + w.points
    )
    assert score == round(expected, 1)


@pytest.mark.parametrize(("points", "score"), [(1000, 100.0), (950, 95.0), (0, 0.0)])
def test_STANDING_3_points_component(points: int, score: float) -> None:
    _, components = health(Counts(), points, POLICY, "30d")
    assert components["points"]["score"] == score


def test_STANDING_3_twice_the_limit_scores_zero() -> None:
    _, components = health(Counts(accepted=100, seller_cancels=6), 1000, POLICY, "30d")
    assert components["seller_cancel"]["score"] == 0.0


def outlook(daily: dict[date, Counts], warnings: int = 0) -> list[dict]:
    snap = snapshot(daily, [], 0, warnings, NOW, POLICY)
    window = Counts()
    for c in daily.values():
        window.add(c)
    ladder = evaluate(daily, window, warnings, SanctionState(), NOW, POLICY)
    return forecasts(snap.rates, ladder, warnings, POLICY)


def test_CANCEL_6_forecast_says_how_many_cancellations_are_left() -> None:
    found = outlook({date(2026, 3, 5): Counts(accepted=40)})[0]
    assert found["remaining"] == 2
    assert found["message"].startswith(
        "2 more seller cancellations this month will take the rate above 3%"
    )


def test_K_13_forecast_says_not_enough_orders_yet() -> None:
    found = outlook({date(2026, 3, 5): Counts(accepted=12)})[0]
    assert found["status"] == "not_enough_orders" and found["remaining"] == 8
    assert found["message"].startswith("Not enough orders yet: 12 of 20")


def test_GUARD_8_forecast_warnings_left() -> None:
    found = next(f for f in outlook({}, warnings=2) if f["metric"] == "warnings")
    assert found["message"] == "1 more guard warning leads to a traffic restriction (GUARD-8)."


@pytest.mark.parametrize(("cancels", "alerted"), [(0, False), (1, True)])
def test_STANDING_2_alert_at_80_percent_of_a_limit(cancels: int, alerted: bool) -> None:
    # 1 of 40 = 2.5% is 83% of the 3% limit (>= 80%); 0 is 0%
    snap = snapshot({date(2026, 3, 5): Counts(accepted=40, seller_cancels=cancels)}, [], 0, 0,
                    NOW, POLICY)
    found = [a for a in alerts(snap.rates, 0, POLICY) if a.metric == "seller_cancel_rate"]
    assert bool(found) is alerted


def test_STANDING_2_alert_at_exactly_80_percent() -> None:
    # 3 of 125 = 2.4% is exactly 80% of 3%
    snap = snapshot({date(2026, 3, 5): Counts(accepted=125, seller_cancels=3)}, [], 0, 0,
                    NOW, POLICY)
    [alert] = [a for a in alerts(snap.rates, 0, POLICY) if a.metric == "seller_cancel_rate"]
    assert alert.share == 0.8


def test_STANDING_2_alert_just_below_80_percent() -> None:
    # 1 of 42 = 2.38% is 79% of 3%
    snap = snapshot({date(2026, 3, 5): Counts(accepted=42, seller_cancels=1)}, [], 0, 0,
                    NOW, POLICY)
    assert not [a for a in alerts(snap.rates, 0, POLICY) if a.metric == "seller_cancel_rate"]


def test_CHAT_7_median_first_response() -> None:
    snap = snapshot({}, [60, 600, 7000], 0, 0, NOW, POLICY)
    assert snap.metrics["median_first_response_seconds"]["value"] == 600
