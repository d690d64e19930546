"""The standing evaluation: snapshot, sanctions and alerts for sellers that are due (STANDING-4).

Run by the evaluation sweep as of each seller's `evaluate_at` (set by the projector when an event
counts, and to the next Moscow midnight after each evaluation while the seller has data in its
windows, so closed months and weeks are judged when they close). Sanctions carry dedupe keys, so
evaluating twice changes nothing; alerts are sent once per metric and period.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from sellerdesk.domain.standing import COUNTERS, Counts, day_start, local_day, next_midnight, total
from sellerdesk.domain.standing_forecasts import alerts, forecasts
from sellerdesk.domain.standing_metrics import Periods, Snapshot, snapshot
from sellerdesk.domain.standing_sanctions import (
    Ladder,
    SanctionState,
    evaluate,
    lookback_start,
)
from sellerdesk.policy import Policy
from sellerdesk.services.standing_records import SanctionOrder, impose_sanctions
from sellerdesk.store.tables.standing import (
    DailyCounts,
    ResponseSample,
    Sanction,
    SellerStanding,
)
from sellerdesk.store.uow import UnitOfWork

LIMIT_APPROACHING = "standing.limit_approaching"
SANCTION_EXPIRED = "standing.sanction_expired"


def load_daily(
    session: Session, seller_ids: Iterable[int], first: date, last: date
) -> tuple[dict[int, dict[date, Counts]], dict[int, dict[date, datetime]]]:
    """Day counters of several sellers between two days (one indexed range read), and when
    each day's latest counted event took effect."""
    out: dict[int, dict[date, Counts]] = defaultdict(dict)
    lasts: dict[int, dict[date, datetime]] = defaultdict(dict)
    columns = [getattr(DailyCounts, name) for name in COUNTERS]
    rows = session.execute(
        select(DailyCounts.seller_id, DailyCounts.day, DailyCounts.last_at, *columns).where(
            DailyCounts.seller_id.in_(list(seller_ids)),
            DailyCounts.day.between(first, last),
        )
    )
    for row in rows:
        out[row[0]][row[1]] = Counts(*row[3:])
        if row[2] is not None:
            lasts[row[0]][row[1]] = row[2]
    return out, lasts


def load_responses(
    session: Session, seller_ids: Iterable[int], since: datetime, upto: datetime
) -> dict[int, list[tuple[datetime, int]]]:
    out: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
    rows = session.execute(
        select(ResponseSample.seller_id, ResponseSample.at, ResponseSample.seconds).where(
            ResponseSample.seller_id.in_(list(seller_ids)),
            ResponseSample.at >= since,
            ResponseSample.at <= upto,
        )
    )
    for seller_id, at, seconds in rows:
        out[seller_id].append((at, seconds))
    return out


def sanction_state(rows: Iterable[Sanction], as_of: datetime) -> SanctionState:
    """What is on record as of `as_of`: active (rule, kind) pairs, dedupe keys, CANCEL-6 breaches."""
    active, keys, breaches = set(), set(), set()
    for row in rows:
        if row.dedupe_key:
            keys.add(row.dedupe_key)
        # judged by its times, not its status: an evaluation catching up runs as of the past
        ended = min((t for t in (row.ends_at, row.lifted_at) if t is not None), default=None)
        if row.starts_at <= as_of and (ended is None or ended > as_of):
            active.add((row.rule, row.kind))
        key = row.dedupe_key or ""
        if key.startswith("CANCEL-6:warning:") and row.status != "lifted":
            breaches.add(key.rsplit(":", 1)[1])
    return SanctionState(frozenset(active), frozenset(keys), frozenset(breaches))


def assess(
    daily: dict[date, Counts],
    responses: list[tuple[datetime, int]],
    points_delta: int,
    warnings_total: int,
    state: SanctionState,
    as_of: datetime,
    policy: Policy,
) -> tuple[Snapshot, Ladder, list[dict[str, Any]]]:
    """Snapshot, due sanctions and forecasts of one seller as of `as_of` (pure)."""
    periods = Periods.at(as_of, policy)
    zone = ZoneInfo(policy.calendar.timezone)
    upto = {d: c for d, c in daily.items() if d <= periods.today}
    since = day_start(periods.window_first, zone)
    seconds = sorted(s for at, s in responses if since <= at <= as_of)
    snap = snapshot(upto, seconds, points_delta, warnings_total, as_of, policy)
    window = total(upto, periods.window_first, periods.today)
    ladder = evaluate(upto, window, warnings_total, state, as_of, policy)
    alert_at = policy.standing.alert_at
    snap.metrics["seller_cancel_rate_last_month"] = ladder.last_month.as_dict(alert_at) | {
        "consecutive_months": ladder.consecutive_months, "breaches_total": ladder.breaches_total,
    }
    snap.metrics["late_shipment_rate_last_week"] = ladder.last_week.as_dict(alert_at) | {
        "consecutive_weeks": ladder.consecutive_weeks,
    }
    return snap, ladder, forecasts(snap.rates, ladder, warnings_total, policy)


def _alert(
    uow: UnitOfWork,
    row: SellerStanding,
    snap: Snapshot,
    warnings: int,
    as_of: datetime,
    policy: Policy,
) -> list[str]:
    """Send each 80%-of-limit alert once per metric and period; re-arm rolling ones."""
    now = {a.metric: a for a in alerts(snap.rates, warnings, policy)}
    periods = {name: rate.period for name, rate in snap.rates.items()} | {"warnings": "total"}
    kept = {
        m: p
        for m, p in (row.alerted or {}).items()
        if m not in now and p == periods.get(m) and not p.startswith("last ")
    }
    messages = []
    for metric, alert in now.items():
        if (row.alerted or {}).get(metric) != alert.period:
            uow.record(
                subject_type="seller",
                subject_id=row.seller_id,
                action=LIMIT_APPROACHING,
                actor="system",
                rule=alert.rule,
                seller_id=row.seller_id,
                at=as_of,
                payload={
                    "metric": metric,
                    "period": alert.period,
                    "share": alert.share,
                    "value": alert.value,
                    "limit": alert.limit,
                },
            )
            messages.append(
                f"seller {row.seller_id}: {metric} at {alert.share:.0%} of its limit, {alert.rule}"
            )
        kept[metric] = alert.period
    row.alerted = kept
    return messages


def evaluate_sellers(uow: UnitOfWork, rows: list[SellerStanding], policy: Policy) -> list[str]:
    """The evaluation sweep's act: each claimed seller as of its own `evaluate_at`."""
    if not rows:
        return []
    zone = ZoneInfo(policy.calendar.timezone)
    session = uow.session
    ids = [r.seller_id for r in rows]
    as_of = {r.seller_id: r.evaluate_at or uow.now for r in rows}
    first = min(lookback_start(t, policy) for t in as_of.values())
    last = max(local_day(t, zone) for t in as_of.values())
    daily, lasts = load_daily(session, ids, first, last)
    window = timedelta(days=policy.standing.window_days)
    responses = load_responses(session, ids, min(as_of.values()) - window, max(as_of.values()))
    # warnings_total runs ahead of an evaluation that is catching up: take off later days'
    later_warnings = session.execute(
        select(DailyCounts.seller_id, DailyCounts.day, DailyCounts.guard_warnings).where(
            DailyCounts.seller_id.in_(ids),
            DailyCounts.day >= min(local_day(t, zone) for t in as_of.values()),
            DailyCounts.guard_warnings != 0,
        )
    ).all()
    sanctions: dict[int, list[Sanction]] = defaultdict(list)
    for sanction in session.execute(select(Sanction).where(Sanction.seller_id.in_(ids))).scalars():
        sanctions[sanction.seller_id].append(sanction)
    batch = _Batch(daily, lasts, responses, later_warnings, sanctions)
    messages: list[str] = []
    imposed: list[SanctionOrder] = []
    with session.no_autoflush:  # the batch's changes go out together, not one seller at a time
        for row in rows:
            messages += _evaluate_one(uow, row, as_of[row.seller_id], batch, imposed, policy)
    impose_sanctions(uow, imposed)
    messages.append(f"standing of {len(rows)} seller(s) evaluated, STANDING-4")
    return messages


@dataclass(frozen=True)
class _Batch:
    """What the sweep loaded for its batch of sellers, in a few queries."""

    daily: dict[int, dict[date, Counts]]
    lasts: dict[int, dict[date, datetime]]
    responses: dict[int, list[Any]]
    later_warnings: Sequence[Any]
    sanctions: dict[int, list[Sanction]]


def _evaluate_one(
    uow: UnitOfWork,
    row: SellerStanding,
    when: datetime,
    batch: _Batch,
    imposed: list[SanctionOrder],
    policy: Policy,
) -> list[str]:
    """One seller as of `when`; the sanctions it earns are added to `imposed`."""
    zone = ZoneInfo(policy.calendar.timezone)
    messages: list[str] = []
    daily, lasts, responses = batch.daily, batch.lasts, batch.responses
    later_warnings, sanctions = batch.later_warnings, batch.sanctions[row.seller_id]
    start, today = lookback_start(when, policy), local_day(when, zone)
    mine = {d: c for d, c in daily.get(row.seller_id, {}).items() if d >= start}
    # Today counts only once all of today's known events had happened by `when`, so a
    # sanction never starts before its cause; otherwise evaluate again as of the last one.
    last_today = lasts.get(row.seller_id, {}).get(today)
    later_today = last_today is not None and last_today > when
    visible = {d: c for d, c in mine.items() if d < today or (d == today and not later_today)}
    warnings = row.warnings_total - sum(
        count for seller, day, count in later_warnings
        if seller == row.seller_id and (day > today or (day == today and later_today))
    )
    snap, ladder, outlook = assess(
        visible,
        responses.get(row.seller_id, []),
        row.points_delta,
        warnings,
        sanction_state(sanctions, when),
        when,
        policy,
    )
    for decision in ladder.decisions:
        imposed.append(
            SanctionOrder(
                seller_id=row.seller_id,
                kind=decision.kind,
                rule=decision.rule,
                reason=decision.reason,
                starts_at=decision.starts_at,
                ends_at=decision.ends_at,
                facts=decision.facts,
                dedupe_key=decision.key,
            )
        )
        messages.append(f"seller {row.seller_id}: {decision.kind}, {decision.rule}")
    messages += _alert(uow, row, snap, warnings, when, policy)
    row.health = snap.health
    row.components = snap.components
    row.metrics = snap.metrics | {"forecasts": outlook}
    row.evaluated_at = when
    # Nothing left in the windows: the next change to this standing comes with an event.
    ends = [x.ends_at for x in sanctions if x.ends_at and x.ends_at > when]
    if later_today:
        row.evaluate_at = last_today
    elif mine:  # a sanction ending may be due again (ORDER-4 while still below target)
        row.evaluate_at = min([next_midnight(when, zone), *ends])
    else:
        row.evaluate_at = None
    return messages


def expire_sanctions(uow: UnitOfWork, rows: list[Sanction]) -> list[str]:
    """Sanctions whose end passed become expired, each with its event, as of its end time."""
    messages = []
    for sanction in rows:
        if sanction.status != "active" or sanction.ends_at is None:
            continue
        sanction.status = "expired"
        uow.record(
            subject_type="seller",
            subject_id=sanction.seller_id,
            action=SANCTION_EXPIRED,
            actor="system",
            rule=sanction.rule,
            seller_id=sanction.seller_id,
            at=sanction.ends_at,
            payload={"sanction_id": sanction.id, "kind": sanction.kind},
        )
        # a metric sanction that ended may be due again if the metric is still bad
        standing = uow.session.get(SellerStanding, sanction.seller_id)
        if standing is not None and (
            standing.evaluate_at is None or standing.evaluate_at > sanction.ends_at
        ):
            standing.evaluate_at = sanction.ends_at
        messages.append(f"seller {sanction.seller_id}: {sanction.kind} ended, {sanction.rule}")
    return messages
