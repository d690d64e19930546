"""Historical what-if (STANDING-4): replay the event log under two policies, compare sanctions.

Operators run it before changing a threshold. Events are read seller by seller (the
`(seller_id, id)` index), folded into day counters with the same `effects_of` as the live
projector, and the same `evaluate` is stepped through time for the current policy and for the
proposed one — at each Moscow midnight after a day with activity, at each month and ISO-week
start, when data leaves the rolling window and when a simulated sanction ends. Both runs are
simulated the same way, so every difference comes from the policy, not from timing.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from sellerdesk.domain.standing import (
    Counts,
    EventView,
    day_start,
    effects_of,
    needs_ship_by,
    total,
)
from sellerdesk.domain.standing_sanctions import Decision, SanctionState, evaluate, lookback_start
from sellerdesk.policy import Policy
from sellerdesk.runtime import Runtime
from sellerdesk.services.standing_projector import ship_by_of
from sellerdesk.store.tables import Event, Seller

SELLERS_PER_CHUNK = 500


@dataclass(frozen=True)
class Difference:
    seller_id: int
    change: str  # "added" (only under the proposed policy) | "dropped" (only under the current)
    decision: Decision


@dataclass
class BacktestReport:
    start: date
    end: date
    sellers: int
    events: int
    current: int
    proposed: int
    differences: list[Difference]


def _sellers(session: Session) -> list[int]:
    return list(session.execute(select(Seller.id).order_by(Seller.id)).scalars())


def _events(session: Session, sellers: list[int], before: datetime) -> Iterator[EventView]:
    rows = session.execute(
        select(
            Event.id, Event.at, Event.seller_id, Event.subject_type, Event.subject_id,
            Event.action, Event.payload,
        )
        .where(Event.seller_id.in_(sellers), Event.at < before)
        .order_by(Event.seller_id, Event.id)
    )
    for r in rows:
        yield EventView(r.id, r.at, r.seller_id, r.subject_type, r.subject_id, r.action,
                        r.payload or {})


def fold(
    views: list[EventView], ship_by: dict[str, datetime], zone: ZoneInfo
) -> dict[int, dict[date, Counts]]:
    """Day counters per seller, exactly as the projector would write them."""
    out: dict[int, dict[date, Counts]] = defaultdict(dict)
    for view in views:
        effects = effects_of(view, ship_by, zone)
        if view.seller_id is None:
            continue
        for day, counters in effects.days.items():
            out[view.seller_id].setdefault(day, Counts()).add(counters)
    return out


def _state(decisions: list[Decision], as_of: datetime) -> SanctionState:
    active = {
        (d.rule, d.kind) for d in decisions
        if d.starts_at <= as_of and (d.ends_at is None or d.ends_at > as_of)
    }
    keys = {d.key for d in decisions}
    breaches = {d.key.rsplit(":", 1)[1] for d in decisions if d.key.startswith("CANCEL-6:warning:")}
    return SanctionState(frozenset(active), frozenset(keys), frozenset(breaches))


def simulate(daily: dict[date, Counts], policy: Policy, last: date) -> list[Decision]:
    """Every sanction `evaluate` imposes on one seller up to the end of day `last`."""
    if not daily:
        return []
    zone = ZoneInfo(policy.calendar.timezone)
    days = sorted(daily)
    window = policy.standing.window_days
    todo: set[date] = set()
    for day in days:
        todo |= {day + timedelta(days=1), day + timedelta(days=window + 1)}
    cursor = days[0]
    while cursor <= last + timedelta(days=1):
        if cursor.day == 1 or cursor.weekday() == 0:
            todo.add(cursor)
        cursor += timedelta(days=1)
    queue = [d for d in todo if d <= last + timedelta(days=1)]
    heapq.heapify(queue)
    decisions: list[Decision] = []
    seen: set[date] = set()
    while queue:
        day = heapq.heappop(queue)
        if day in seen:
            continue
        seen.add(day)
        as_of = day_start(day, zone)
        start = lookback_start(as_of, policy)
        # as of this midnight: the days before it
        upto = {d: c for d, c in daily.items() if start <= d < day}
        warnings = sum(c.guard_warnings for d, c in daily.items() if d < day)
        first_window = day - timedelta(days=window - 1)
        ladder = evaluate(
            upto, total(upto, first_window, day), warnings, _state(decisions, as_of), as_of, policy
        )
        for decision in ladder.decisions:
            decisions.append(decision)
            if decision.ends_at is not None:
                end_day = decision.ends_at.astimezone(zone).date() + timedelta(days=1)
                if end_day <= last + timedelta(days=1):
                    heapq.heappush(queue, end_day)
    return decisions


def _identity(decision: Decision) -> tuple[str, str, str]:
    return decision.rule, decision.kind, decision.key


def backtest(rt: Runtime, proposed: Policy, start: date, end: date) -> BacktestReport:
    """Which sanctions starting between `start` and `end` (Moscow days, inclusive, with the
    midnight that closes `end`) would have differed had `proposed` been the policy."""
    current = rt.policy
    zones = {ZoneInfo(current.calendar.timezone), ZoneInfo(proposed.calendar.timezone)}
    report = BacktestReport(start, end, 0, 0, 0, 0, [])
    with rt.reader() as uow:
        session = uow.session
        sellers = _sellers(session)
        report.sellers = len(sellers)
        before = max(day_start(end + timedelta(days=1), zone) for zone in zones)
        for first in range(0, len(sellers), SELLERS_PER_CHUNK):
            chunk = sellers[first : first + SELLERS_PER_CHUNK]
            views = list(_events(session, chunk, before))
            report.events += len(views)
            ship_by = ship_by_of(session, needs_ship_by(views))
            folded = {
                policy_id: fold(views, ship_by, ZoneInfo(policy.calendar.timezone))
                for policy_id, policy in (("current", current), ("proposed", proposed))
            }
            for seller in chunk:
                runs = {}
                for name, policy in (("current", current), ("proposed", proposed)):
                    zone = ZoneInfo(policy.calendar.timezone)
                    lo, hi = day_start(start, zone), day_start(end + timedelta(days=1), zone)
                    runs[name] = {
                        _identity(d): d
                        for d in simulate(folded[name].get(seller, {}), policy, end)
                        if lo <= d.starts_at <= hi  # the midnight closing `end` counts
                    }
                report.current += len(runs["current"])
                report.proposed += len(runs["proposed"])
                for key in sorted(runs["proposed"].keys() - runs["current"].keys()):
                    report.differences.append(Difference(seller, "added", runs["proposed"][key]))
                for key in sorted(runs["current"].keys() - runs["proposed"].keys()):
                    report.differences.append(Difference(seller, "dropped", runs["current"][key]))
    return report
