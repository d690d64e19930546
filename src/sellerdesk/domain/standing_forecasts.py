"""Seller standing, part 4: forecasts and 80%-of-limit alerts (STANDING-2, K-13).

Pure: for each metric with a limit, how far the seller is from it ("2 more seller cancellations
this month will take the rate above 3%"), what happens when it is crossed, and whether the
seller has just used `standing.alert_at` of the allowance (an event, later a webhook).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sellerdesk.domain.standing_metrics import (
    Rate,
    cancellations_to_exceed,
    clean_orders_to_recover,
    lates_to_exceed,
    misses_to_fall_below,
    successes_to_recover,
)
from sellerdesk.domain.standing_sanctions import Ladder
from sellerdesk.policy import Policy


@dataclass(frozen=True)
class Alert:
    """A metric that reached `alert_at` of its limit in a period (sent once per period)."""

    metric: str
    rule: str
    period: str
    share: float
    value: float | int | None
    limit: float | int


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _bring(count: int) -> str:
    return "brings" if count == 1 else "bring"


def _pct(value: float) -> str:
    text = f"{value * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _not_enough(rate: Rate, what: str) -> dict[str, Any]:
    missing = rate.minimum - rate.denominator
    return {
        "metric": rate.name, "rule": rate.rule, "status": "not_enough_orders",
        "remaining": missing,
        "message": f"Not enough orders yet: {rate.denominator} of {rate.minimum} {what} "
        f"({rate.period}); the rate is judged from {rate.minimum} (K-13).",
    }


def _cancel_forecast(rate: Rate, ladder: Ladder, policy: Policy) -> dict[str, Any]:
    if not rate.judged:
        return _not_enough(rate, "accepted orders this month")
    limit = _pct(rate.limit)
    base = {"metric": rate.name, "rule": rate.rule}
    now = f"now {rate.numerator} of {rate.denominator}, {_pct(float(rate.value or 0))}"
    if rate.breached:
        back = clean_orders_to_recover(rate.numerator, rate.denominator, rate.limit)
        return base | {
            "status": "above_limit", "remaining": 0,
            "message": f"Seller cancellation rate is above {limit} this month ({now}); it is "
            f"judged when the month closes. {_plural(back or 0, 'more accepted order')} "
            f"without a seller cancellation {_bring(back or 0)} it back to {limit}.",
        }
    left = cancellations_to_exceed(rate.numerator, rate.denominator, rate.limit) or 0
    cancel = policy.cancel
    follows = "a warning (CANCEL-6)"
    if ladder.breaches_total + 1 >= cancel.breaches_to_terminate:
        follows = "deposit frozen and contract terminated (CANCEL-6)"
    elif ladder.consecutive_months + 1 >= cancel.months_to_suspend:
        follows = "a warning and new listings suspended (CANCEL-6)"
    return base | {
        "status": "ok", "remaining": left,
        "message": f"{_plural(left, 'more seller cancellation')} this month will take the rate "
        f"above {limit} ({now}): {follows} when the month closes.",
    }


def _late_forecast(rate: Rate, ladder: Ladder, policy: Policy) -> dict[str, Any]:
    if not rate.judged:
        return _not_enough(rate, "postings due this week")
    weeks = policy.cancel.late_shipment_weeks
    limit = _pct(rate.limit)
    base = {"metric": rate.name, "rule": rate.rule, "consecutive_weeks": ladder.consecutive_weeks}
    run = f"{_plural(ladder.consecutive_weeks, 'week')} in a row above so far; {weeks} in a row " \
        "put the store on the watchlist (CANCEL-7)"
    now = f"now {rate.numerator} of {rate.denominator}, {_pct(float(rate.value or 0))}"
    if rate.breached:
        back = clean_orders_to_recover(rate.numerator, rate.denominator, rate.limit)
        return base | {
            "status": "above_limit", "remaining": 0,
            "message": f"Late-shipment rate is above {limit} this week ({now}); {run}. "
            f"{_plural(back or 0, 'more on-time shipment')} {_bring(back or 0)} it back to {limit}.",
        }
    left = lates_to_exceed(rate.numerator, rate.denominator, rate.limit) or 0
    return base | {
        "status": "ok", "remaining": left,
        "message": f"{_plural(left, 'more late shipment')} this week will take the rate above "
        f"{limit} ({now}); {run}.",
    }


def _target_forecast(rate: Rate, failure: str, success: str, follows: str) -> dict[str, Any]:
    if not rate.judged:
        return _not_enough(rate, "orders" if rate.rule == "ORDER-4" else "conversations")
    target = _pct(rate.limit)
    base = {"metric": rate.name, "rule": rate.rule}
    now = f"now {rate.numerator} of {rate.denominator}, {_pct(float(rate.value or 0))}"
    if rate.breached:
        back = successes_to_recover(rate.numerator, rate.denominator, rate.limit)
        return base | {
            "status": "below_target", "remaining": 0,
            "message": f"{rate.name.replace('_', ' ').capitalize()} is below {target} over the "
            f"{rate.period} ({now}); {_plural(back or 0, success)} {_bring(back or 0)} it back to "
            f"{target}.",
        }
    left = misses_to_fall_below(rate.numerator, rate.denominator, rate.limit) or 0
    return base | {
        "status": "ok", "remaining": left,
        "message": f"{_plural(left, failure)} over the {rate.period} will take it below "
        f"{target} ({now}){follows}.",
    }


def forecasts(
    rates: dict[str, Rate], ladder: Ladder, warnings_total: int, policy: Policy
) -> list[dict[str, Any]]:
    """How far the seller is from each limit, and what crossing it leads to."""
    out = [
        _cancel_forecast(rates["seller_cancel_rate"], ladder, policy),
        _late_forecast(rates["late_shipment_rate"], ladder, policy),
        _target_forecast(
            rates["fulfilment_rate"], "more seller-fault cancellation", "more delivered order",
            ": traffic demotion (ORDER-4)",
        ),
        _target_forecast(
            rates["response_rate"], "more missed first response", "more answer in time", ""
        ),
    ]
    guard = policy.guard
    for limit, what in ((guard.warnings_to_restrict, "traffic restriction"),
                        (guard.warnings_to_suspend, "listing suspension")):
        if warnings_total < limit:
            left = limit - warnings_total
            out.append({
                "metric": "warnings", "rule": "GUARD-8", "status": "ok", "remaining": left,
                "message": f"{_plural(left, 'more guard warning')} "
                f"{'leads' if left == 1 else 'lead'} to a {what} (GUARD-8).",
            })
            break
    return out


def alerts(
    rates: dict[str, Rate], warnings_total: int, policy: Policy
) -> list[Alert]:
    """Metrics at or past `standing.alert_at` of their limit now (judged ones only)."""
    threshold = policy.standing.alert_at
    out = []
    for name, rate in rates.items():
        share = rate.share_of_limit
        if share is not None and share >= threshold:
            value = round(float(rate.value), 4) if rate.value is not None else None
            out.append(Alert(name, rate.rule, rate.period, round(share, 4), value, rate.limit))
    restrict = policy.guard.warnings_to_restrict
    if warnings_total and warnings_total / restrict >= threshold:
        out.append(Alert("warnings", "GUARD-8", "total", round(warnings_total / restrict, 4),
                         warnings_total, restrict))
    return out
