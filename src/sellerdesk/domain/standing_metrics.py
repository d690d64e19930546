"""Seller standing, part 2: rates with their limits, forecasts and the health score.

Pure: from a seller's day counters (domain/standing.py) as of an instant, compute each metric of
STANDING-2 with its limit and status, how far the seller is from it (forecasts, shown before a
sanction bites), and the account health score of STANDING-3 (formula in policy/standing.py).
Rates are compared exactly (fractions), so "above 3%" is strictly greater (K-11) with no float
rounding at the boundary; below `cancel.min_orders_for_rate` orders a rate is not judged (K-13).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from statistics import median
from typing import Any
from zoneinfo import ZoneInfo

from sellerdesk.domain.standing import (
    Counts,
    day_start,
    local_day,
    month_days,
    month_key,
    total,
    week_days,
    week_key,
)
from sellerdesk.policy import Policy

NOT_ENOUGH = "not enough orders yet"


@dataclass(frozen=True)
class Rate:
    """numerator / denominator against a limit: `kind` 'max' (must not exceed) or 'min'."""

    name: str
    rule: str
    period: str
    numerator: int
    denominator: int
    limit: float
    kind: str
    minimum: int

    @property
    def judged(self) -> bool:
        return self.denominator >= self.minimum and self.denominator > 0

    @property
    def value(self) -> Fraction | None:
        return Fraction(self.numerator, self.denominator) if self.denominator else None

    @property
    def breached(self) -> bool:
        """Strictly above a maximum (K-11) or strictly below a minimum (ORDER-4), when judged."""
        if not self.judged or self.value is None:
            return False
        bound = Fraction(str(self.limit))
        return self.value > bound if self.kind == "max" else self.value < bound

    @property
    def share_of_limit(self) -> float | None:
        """How much of the allowance is used: 1.0 is at the limit (alerts at policy.alert_at)."""
        if not self.judged or self.value is None:
            return None
        if self.kind == "max":
            return float(self.value / Fraction(str(self.limit))) if self.limit else None
        allowance = 1 - Fraction(str(self.limit))
        return float((1 - self.value) / allowance) if allowance else None

    def as_dict(self, alert_at: float) -> dict[str, Any]:
        share = self.share_of_limit
        if not self.judged:
            status = "not_enough_orders"
        elif self.breached:
            status = "above_limit" if self.kind == "max" else "below_target"
        elif share is not None and share >= alert_at:
            status = "near_limit"
        else:
            status = "ok"
        return {
            "rule": self.rule,
            "period": self.period,
            "value": round(float(self.value), 4) if self.value is not None else None,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "limit": self.limit,
            "limit_kind": self.kind,
            "min_orders": self.minimum,
            "judged": self.judged,
            "status": status,
            "note": NOT_ENOUGH if not self.judged else None,
        }


def _limit(value: float) -> tuple[int, int]:
    bound = Fraction(str(value))
    return bound.numerator, bound.denominator


def cancellations_to_exceed(cancels: int, accepted: int, limit: float) -> int | None:
    """Smallest k >= 1 with (cancels + k) / accepted > limit (the denominator stays)."""
    p, q = _limit(limit)
    if accepted <= 0 or q * cancels > p * accepted:
        return None
    return (p * accepted - q * cancels) // q + 1


def lates_to_exceed(late: int, due: int, limit: float) -> int | None:
    """Smallest k >= 1 with (late + k) / (due + k) > limit (each late posting is also due)."""
    p, q = _limit(limit)
    if q <= p or q * late > p * due:
        return None
    return (p * due - q * late) // (q - p) + 1


def clean_orders_to_recover(bad: int, total_count: int, limit: float) -> int | None:
    """Smallest n with bad / (total + n) <= limit (orders with no problem dilute the rate)."""
    p, q = _limit(limit)
    if p == 0:
        return None
    return max(0, -((p * total_count - q * bad) // p))


def misses_to_fall_below(good: int, count: int, target: float) -> int | None:
    """Smallest k >= 1 with good / (count + k) < target (a failure adds to the count only)."""
    p, q = _limit(target)
    if p == 0 or q * good < p * count:
        return None
    return (q * good - p * count) // p + 1


def successes_to_recover(good: int, count: int, target: float) -> int | None:
    """Smallest n with (good + n) / (count + n) >= target."""
    p, q = _limit(target)
    if q <= p:
        return None
    return max(0, -((q * good - p * count) // (q - p)))


@dataclass(frozen=True)
class Periods:
    """The calendar periods an evaluation at `as_of` looks at (Moscow time)."""

    today: date
    month: str
    week: str
    window_first: date
    dispute_first: date

    @classmethod
    def at(cls, as_of: datetime, policy: Policy) -> Periods:
        zone = ZoneInfo(policy.calendar.timezone)
        today = local_day(as_of, zone)
        return cls(
            today=today,
            month=month_key(today),
            week=week_key(today),
            window_first=today - timedelta(days=policy.standing.window_days - 1),
            dispute_first=today - timedelta(days=policy.standing.dispute_window_days - 1),
        )


def month_rate(daily: Mapping[date, Counts], key: str, policy: Policy) -> Rate:
    """CANCEL-6 / K-11: seller cancellations / accepted orders in a Moscow calendar month."""
    first, last = month_days(key)
    counts = total(daily, first, last)
    return Rate(
        "seller_cancel_rate", "CANCEL-6", key, counts.seller_cancels, counts.accepted,
        policy.cancel.seller_cancel_rate_max, "max", policy.cancel.min_orders_for_rate,
    )


def week_rate(daily: Mapping[date, Counts], key: str, policy: Policy) -> Rate:
    """CANCEL-7 / K-12: late / due postings whose ship-by fell in an ISO week."""
    first, last = week_days(key)
    counts = total(daily, first, last)
    return Rate(
        "late_shipment_rate", "CANCEL-7", key, counts.ship_late, counts.ship_due,
        policy.cancel.late_shipment_rate_max, "max", policy.cancel.min_orders_for_rate,
    )


def fulfilment_rate(window: Counts, period: str, policy: Policy) -> Rate:
    """ORDER-4: delivered / (delivered + cancelled for the seller's fault) in the window."""
    return Rate(
        "fulfilment_rate", "ORDER-4", period, window.delivered,
        window.delivered + window.seller_cancels, policy.order.fulfilment_rate_target, "min",
        policy.cancel.min_orders_for_rate,
    )


def response_rate(window: Counts, period: str, policy: Policy) -> Rate:
    """CHAT-7: buyer-opened conversations answered within the deadline / those judged."""
    return Rate(
        "response_rate", "CHAT-7", period, window.chats_in_time, window.chats_due,
        policy.chat.response_rate_target, "min", policy.cancel.min_orders_for_rate,
    )


def _component(badness: Fraction | float, allowance: float, zero_at: float) -> float:
    if allowance <= 0:
        return 100.0 if badness <= 0 else 0.0
    score = 1 - float(badness) / (zero_at * allowance)
    return round(100 * min(1.0, max(0.0, score)), 2)


def health(
    window: Counts, points: int, policy: Policy, period: str
) -> tuple[float, dict[str, dict[str, Any]]]:
    """STANDING-3: health 0-100 and its components (formula in policy/standing.py)."""
    std = policy.standing
    zero_at = std.health_zero_at
    minimum = policy.cancel.min_orders_for_rate
    weights = std.health_weights.as_dict()
    fulfil = fulfilment_rate(window, period, policy)
    respond = response_rate(window, period, policy)
    rates: dict[str, tuple[int, int, float, bool]] = {
        # name: (bad, count, allowance, judged)
        "seller_cancel": (window.seller_cancels, window.accepted,
                          policy.cancel.seller_cancel_rate_max, window.accepted >= minimum),
        "late_shipment": (window.ship_late, window.ship_due,
                          policy.cancel.late_shipment_rate_max, window.ship_due >= minimum),
        "fulfilment": (fulfil.denominator - fulfil.numerator, fulfil.denominator,
                       1 - policy.order.fulfilment_rate_target, fulfil.judged),
        "response": (respond.denominator - respond.numerator, respond.denominator,
                     1 - policy.chat.response_rate_target, respond.judged),
        "refund": (window.refunds, window.delivered, std.refund_rate_allowance,
                   window.delivered >= minimum),
    }
    components: dict[str, dict[str, Any]] = {}
    for name, (bad, count, allowance, judged) in rates.items():
        value = Fraction(bad, count) if count else None
        components[name] = {
            "weight": weights[name],
            "judged": judged and value is not None,
            "value": round(float(value), 4) if value is not None else None,
            "allowance": round(allowance, 6),
            "score": _component(value, allowance, zero_at)
            if judged and value is not None else None,
            "note": None if judged and value is not None else NOT_ENOUGH,
        }
    restrict = policy.guard.warnings_to_restrict
    warned = max(0, window.guard_warnings)  # a withdrawal may fall in the window, its warning not
    components["warnings"] = {
        "weight": weights["warnings"], "judged": True, "value": warned,
        "allowance": restrict, "score": _component(warned, restrict, zero_at),
        "note": None,
    }
    components["points"] = {
        "weight": weights["points"], "judged": True, "value": points,
        "allowance": std.points_max,
        "score": round(100 * min(1.0, max(0.0, points / std.points_max)), 2), "note": None,
    }
    counted = [c for c in components.values() if c["judged"] and c["weight"] > 0]
    weight = sum(c["weight"] for c in counted)
    score = sum(c["weight"] * c["score"] for c in counted) / weight if weight else 100.0
    return round(score, 1), components


@dataclass(frozen=True)
class Snapshot:
    metrics: dict[str, Any]
    health: float
    components: dict[str, dict[str, Any]]
    rates: dict[str, Rate]  # the current-period rates with limits, for forecasts and alerts


def snapshot(
    daily: Mapping[date, Counts],
    response_seconds: Sequence[int],
    points_delta: int,
    warnings_total: int,
    as_of: datetime,
    policy: Policy,
) -> Snapshot:
    """STANDING-2/3: every metric as of `as_of`, with the health score and its components."""
    periods = Periods.at(as_of, policy)
    zone = ZoneInfo(policy.calendar.timezone)
    window = total(daily, periods.window_first, periods.today)
    disputes = total(daily, periods.dispute_first, periods.today)
    window_name = f"last {policy.standing.window_days} days"
    points = policy.standing.points_max + points_delta
    current = {
        "seller_cancel_rate": month_rate(daily, periods.month, policy),
        "late_shipment_rate": week_rate(daily, periods.week, policy),
        "fulfilment_rate": fulfilment_rate(window, window_name, policy),
        "response_rate": response_rate(window, window_name, policy),
    }
    alert_at = policy.standing.alert_at
    metrics: dict[str, Any] = {name: rate.as_dict(alert_at) for name, rate in current.items()}
    metrics["seller_cancel_rate"]["judged_at"] = day_start(
        month_days(periods.month)[1] + timedelta(days=1), zone
    ).isoformat()
    metrics["late_shipment_rate"]["judged_at"] = day_start(
        week_days(periods.week)[1] + timedelta(days=1), zone
    ).isoformat()
    metrics["median_first_response_seconds"] = {
        "rule": "CHAT-7", "period": window_name, "samples": len(response_seconds),
        "value": int(median(response_seconds)) if response_seconds else None,
        "deadline_seconds": int(policy.chat.first_response_deadline.total_seconds()),
    }
    refund = Rate("refund_rate", "STANDING-2", window_name, window.refunds, window.delivered,
                  policy.standing.refund_rate_allowance, "max", policy.cancel.min_orders_for_rate)
    metrics["refund_rate"] = refund.as_dict(alert_at)
    decided = disputes.disputes_won + disputes.disputes_lost
    metrics["dispute_win_rate"] = {
        "rule": "STANDING-2", "period": f"last {policy.standing.dispute_window_days} days",
        "won": disputes.disputes_won, "decided": decided,
        "value": round(disputes.disputes_won / decided, 4) if decided else None,
    }
    metrics["warnings"] = {
        "rule": "GUARD-8", "total": warnings_total, "in_window": max(0, window.guard_warnings),
        "to_restrict": policy.guard.warnings_to_restrict,
        "to_suspend": policy.guard.warnings_to_suspend,
    }
    metrics["points"] = {"rule": "STANDING-1", "value": points, "max": policy.standing.points_max}
    score, components = health(window, points, policy, window_name)
    return Snapshot(metrics, score, components, current)
