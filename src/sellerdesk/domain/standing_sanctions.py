"""Seller standing, part 3: which sanctions a seller's metrics call for (STANDING-4).

Pure: given the day counters, the accumulated guard warnings and the sanctions already on record,
return the sanctions to impose as of an instant. Each decision carries a dedupe key naming the
period that caused it, so evaluating twice imposes nothing new (the store's unique key on
(seller_id, dedupe_key) backs this up). The same function drives the live evaluation sweep and
the backtest replay.

* CANCEL-6: each closed Moscow month above the limit is a breach -> warning; `months_to_suspend`
  consecutive breached months -> new listings suspended; `breaches_to_terminate` breaches in
  total -> security deposit frozen and contract terminated.
* CANCEL-7: `late_shipment_weeks` consecutive closed ISO weeks above the limit -> watchlist. A
  week with too few postings to judge (K-13) breaks the run (K-12: no gap week).
* ORDER-4: fulfilment in the rolling window below target -> traffic demotion (again once the
  previous demotion has ended, while still below).
* GUARD-8: `guard.warnings_to_restrict` accumulated warnings -> traffic restriction;
  `guard.warnings_to_suspend` -> listing suspension.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sellerdesk.domain.standing import Counts, local_day, month_days, previous_month, previous_week
from sellerdesk.domain.standing_metrics import (
    Periods,
    Rate,
    fulfilment_rate,
    month_rate,
    week_rate,
)
from sellerdesk.policy import Policy
from sellerdesk.policy.standing import until


@dataclass(frozen=True)
class SanctionState:
    """What is already on record for a seller."""

    active: frozenset[tuple[str, str]] = frozenset()  # (rule, kind) of active sanctions
    keys: frozenset[str] = frozenset()  # dedupe keys on record, whatever their status
    cancel_breach_months: frozenset[str] = frozenset()  # CANCEL-6 warnings not lifted


@dataclass(frozen=True)
class Decision:
    kind: str
    rule: str
    reason: str
    facts: dict[str, Any]
    starts_at: datetime
    ends_at: datetime | None
    key: str


@dataclass
class Ladder:
    """Where the seller is on each sanction ladder (for forecasts)."""

    last_month: Rate
    consecutive_months: int
    breaches_total: int
    last_week: Rate
    consecutive_weeks: int
    decisions: list[Decision] = field(default_factory=list)


# STANDING-4 / GUARD-8: the sanctions under which a store takes no new orders.
STOPS_SALES = ("store_freeze", "termination")


def lookback_start(as_of: datetime, policy: Policy) -> date:
    """The earliest day whose counters an evaluation at `as_of` reads."""
    today = local_day(as_of, ZoneInfo(policy.calendar.timezone))
    month = f"{today.year:04d}-{today.month:02d}"
    for _ in range(policy.cancel.months_to_suspend):
        month = previous_month(month)
    weeks_back = today - timedelta(days=7 * (policy.cancel.late_shipment_weeks + 1) + 6)
    return min(
        month_days(month)[0],
        weeks_back,
        today - timedelta(days=policy.standing.window_days),
        today - timedelta(days=policy.standing.dispute_window_days),
    )


def _facts(rate: Rate) -> dict[str, Any]:
    return {
        "period": rate.period,
        "numerator": rate.numerator,
        "denominator": rate.denominator,
        "rate": round(float(rate.value), 4) if rate.value is not None else None,
        "limit": rate.limit,
    }


def _ends(start: datetime, length: timedelta) -> datetime | None:
    span = until(length)
    return start + span if span is not None else None


def _cancel_decisions(
    daily: Mapping[date, Counts], periods: Periods, state: SanctionState, as_of: datetime,
    policy: Policy, ladder_out: dict[str, Any],
) -> list[Decision]:
    cancel = policy.cancel
    month = previous_month(periods.month)
    rate = month_rate(daily, month, policy)
    run, key = 0, month
    while run < cancel.months_to_suspend and month_rate(daily, key, policy).breached:
        run += 1
        key = previous_month(key)
    breaches = set(state.cancel_breach_months)
    if rate.breached and f"CANCEL-6:warning:{month}" not in state.keys:
        breaches.add(month)  # a warning staff lifted is not a breach any more
    ladder_out.update(last_month=rate, consecutive_months=run, breaches_total=len(breaches))
    if not rate.breached:
        return []
    pct = f"{float(rate.value or 0):.1%}"
    limit = f"{cancel.seller_cancel_rate_max:.0%}"
    facts = _facts(rate) | {"consecutive_months": run, "breaches_total": len(breaches)}
    std = policy.standing
    out = [Decision(
        "warning", "CANCEL-6",
        f"Seller cancellation rate {pct} in {month} is above {limit} "
        f"({rate.numerator} of {rate.denominator} accepted orders).",
        facts, as_of, _ends(as_of, std.warning_for), f"CANCEL-6:warning:{month}",
    )]
    if run >= cancel.months_to_suspend and ("CANCEL-6", "listing_suspension") not in state.active:
        out.append(Decision(
            "listing_suspension", "CANCEL-6",
            f"Seller cancellation rate above {limit} for {run} consecutive months: new listings "
            "are suspended.",
            facts, as_of, _ends(as_of, std.listing_suspension_for),
            f"CANCEL-6:listing_suspension:{month}",
        ))
    if len(breaches) >= cancel.breaches_to_terminate:
        months = sorted(breaches)
        out.append(Decision(
            "deposit_freeze", "CANCEL-6",
            f"{len(breaches)} months above the seller cancellation limit: the security deposit "
            f"of {cancel.security_deposit} {policy.currency} is frozen.",
            facts | {"breach_months": months, "deposit": str(cancel.security_deposit)},
            as_of, None, "CANCEL-6:deposit_freeze",
        ))
        out.append(Decision(
            "termination", "CANCEL-6",
            f"{len(breaches)} months above the seller cancellation limit: the contract is "
            "terminated.",
            facts | {"breach_months": months}, as_of, None, "CANCEL-6:termination",
        ))
    return out


def _late_decisions(
    daily: Mapping[date, Counts], periods: Periods, state: SanctionState, as_of: datetime,
    policy: Policy, ladder_out: dict[str, Any],
) -> list[Decision]:
    weeks_needed = policy.cancel.late_shipment_weeks
    week = previous_week(periods.week)
    rate = week_rate(daily, week, policy)
    run_rates: list[Rate] = []
    key = week
    while len(run_rates) < weeks_needed:
        candidate = week_rate(daily, key, policy)
        if not candidate.breached:
            break
        run_rates.append(candidate)
        key = previous_week(key)
    ladder_out.update(last_week=rate, consecutive_weeks=len(run_rates))
    if len(run_rates) < weeks_needed or ("CANCEL-7", "watchlist") in state.active:
        return []
    limit = f"{policy.cancel.late_shipment_rate_max:.0%}"
    return [Decision(
        "watchlist", "CANCEL-7",
        f"Late-shipment rate above {limit} for {weeks_needed} consecutive weeks "
        f"({', '.join(r.period for r in reversed(run_rates))}): exposure is reduced.",
        {"weeks": [_facts(r) for r in reversed(run_rates)]},
        as_of, _ends(as_of, policy.standing.watchlist_for), f"CANCEL-7:watchlist:{week}",
    )]


def _fulfilment_decisions(
    window: Counts, periods: Periods, state: SanctionState, as_of: datetime, policy: Policy
) -> list[Decision]:
    rate = fulfilment_rate(window, f"last {policy.standing.window_days} days", policy)
    if not rate.breached or ("ORDER-4", "traffic_demotion") in state.active:
        return []
    return [Decision(
        "traffic_demotion", "ORDER-4",
        f"Fulfilment rate {float(rate.value or 0):.1%} over the {rate.period} is below "
        f"{policy.order.fulfilment_rate_target:.0%}: traffic is demoted.",
        _facts(rate), as_of, _ends(as_of, policy.standing.traffic_demotion_for),
        f"ORDER-4:traffic_demotion:{periods.today.isoformat()}",
    )]


def _guard_decisions(warnings_total: int, as_of: datetime, policy: Policy) -> list[Decision]:
    guard = policy.guard
    out = []
    facts = {"warnings_total": warnings_total}
    if warnings_total >= guard.warnings_to_restrict:
        out.append(Decision(
            "traffic_restriction", "GUARD-8",
            f"{warnings_total} guard warnings (limit {guard.warnings_to_restrict}): traffic is "
            "restricted.",
            facts | {"limit": guard.warnings_to_restrict}, as_of,
            _ends(as_of, guard.traffic_restriction_for), "GUARD-8:traffic_restriction",
        ))
    if warnings_total >= guard.warnings_to_suspend:
        out.append(Decision(
            "listing_suspension", "GUARD-8",
            f"{warnings_total} guard warnings (limit {guard.warnings_to_suspend}): listings are "
            "suspended.",
            facts | {"limit": guard.warnings_to_suspend}, as_of,
            _ends(as_of, policy.standing.listing_suspension_for), "GUARD-8:listing_suspension",
        ))
    return out


def evaluate(
    daily: Mapping[date, Counts],
    window: Counts,
    warnings_total: int,
    state: SanctionState,
    as_of: datetime,
    policy: Policy,
) -> Ladder:
    """STANDING-4: the sanctions due as of `as_of` (not yet on record) and the ladder positions.

    `window` is the sum of the counters over the policy's rolling window ending `as_of`.
    """
    periods = Periods.at(as_of, policy)
    ladder: dict[str, Any] = {}
    decisions = _cancel_decisions(daily, periods, state, as_of, policy, ladder)
    decisions += _late_decisions(daily, periods, state, as_of, policy, ladder)
    decisions += _fulfilment_decisions(window, periods, state, as_of, policy)
    decisions += _guard_decisions(warnings_total, as_of, policy)
    fresh = [d for d in decisions if d.key not in state.keys]
    return Ladder(decisions=fresh, **ladder)
