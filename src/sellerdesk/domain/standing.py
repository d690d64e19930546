"""Seller standing, part 1: which events count towards which metric, and calendar buckets.

Pure: an event (action, payload, time) becomes additive counters on a seller's Moscow calendar
day (STANDING-2). Months (CANCEL-6, K-11), ISO weeks (CANCEL-7, K-12) and rolling windows are
sums of those days. The projector (services/standing_projector.py) and the backtest replay use
the same `effects_of`, so a rebuild from the event log gives exactly the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

# Counters kept per seller and day (the standing_daily columns).
COUNTERS = (
    "accepted",
    "seller_cancels",
    "buyer_cancels",
    "ship_due",
    "ship_late",
    "delivered",
    "refunds",
    "disputes_won",
    "disputes_lost",
    "chats_due",
    "chats_in_time",
    "guard_warnings",
)

# Refund and dispute events come from the disputes capability (services/refunds.py,
# services/dispute_decisions.py). Every refund of an order opens one dispute (REFUND-2), while
# `refund.created` comes once per refunded SKU line: a refunded order is counted on the opening.
REFUND_OPENED = "dispute.opened"
DISPUTE_DECIDED = "dispute.decided"  # payload outcome: won | rejected (DISPUTE-5, DISPUTE-8)


@dataclass(slots=True)
class Counts:
    """Additive counters for one day, or the sum of several days."""

    accepted: int = 0
    seller_cancels: int = 0
    buyer_cancels: int = 0
    ship_due: int = 0
    ship_late: int = 0
    delivered: int = 0
    refunds: int = 0
    disputes_won: int = 0
    disputes_lost: int = 0
    chats_due: int = 0
    chats_in_time: int = 0
    guard_warnings: int = 0

    def add(self, other: Counts | Mapping[str, int]) -> None:
        if isinstance(other, Mapping):
            for name, value in other.items():
                setattr(self, name, getattr(self, name) + value)
            return
        for name in COUNTERS:  # the hot path of every window sum
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def is_empty(self) -> bool:
        return not any(self.as_dict().values())


@dataclass(frozen=True)
class EventView:
    """The parts of a logged event the standing projection reads."""

    id: int
    at: datetime
    seller_id: int | None
    subject_type: str
    subject_id: str
    action: str
    payload: Mapping[str, Any]


@dataclass
class Effects:
    """What one event adds to one seller's standing."""

    days: dict[date, dict[str, int]] = field(default_factory=dict)
    response_seconds: int | None = None
    points_delta: int = 0
    warnings: int = 0

    def count(self, day: date, counter: str, by: int = 1) -> None:
        row = self.days.setdefault(day, {})
        row[counter] = row.get(counter, 0) + by

    def is_empty(self) -> bool:
        return (
            not self.days
            and self.response_seconds is None
            and not self.points_delta
            and not self.warnings
        )


def local_day(at: datetime, zone: ZoneInfo) -> date:
    """The calendar day (in the policy's zone, Moscow) an instant falls on."""
    return at.astimezone(zone).date()


def day_start(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant a local calendar day begins."""
    return datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)


def next_midnight(at: datetime, zone: ZoneInfo) -> datetime:
    """The first local midnight strictly after `at`."""
    return day_start(local_day(at, zone) + timedelta(days=1), zone)


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_days(key: str) -> tuple[date, date]:
    """First and last day of a month given as 'YYYY-MM'."""
    year, month = (int(part) for part in key.split("-"))
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def previous_month(key: str) -> str:
    first, _ = month_days(key)
    return month_key(first - timedelta(days=1))


def week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def week_days(key: str) -> tuple[date, date]:
    """Monday and Sunday of an ISO week given as 'YYYY-Www' (K-12)."""
    monday = date.fromisocalendar(int(key[:4]), int(key[6:]), 1)
    return monday, monday + timedelta(days=6)


def previous_week(key: str) -> str:
    monday, _ = week_days(key)
    return week_key(monday - timedelta(days=7))


def total(daily: Mapping[date, Counts], first: date, last: date) -> Counts:
    """Sum of the day counters from `first` to `last` inclusive."""
    out = Counts()
    if (last - first).days > len(daily):
        for day, counts in daily.items():
            if first <= day <= last:
                out.add(counts)
        return out
    day = first
    while day <= last:
        found = daily.get(day)
        if found is not None:
            out.add(found)
        day += timedelta(days=1)
    return out


def _ship_day(view: EventView, ship_by: Mapping[str, datetime], zone: ZoneInfo) -> date | None:
    """K-12: a posting counts in the week its (original) ship-by fell in."""
    when = ship_by.get(view.subject_id)
    return local_day(when, zone) if when is not None else None


def _order_effects(
    view: EventView, ship_by: Mapping[str, datetime], zone: ZoneInfo, out: Effects
) -> None:
    payload = view.payload
    day = local_day(view.at, zone)
    before, after = payload.get("from"), payload.get("to")
    if view.action == "pay" or (before == "unpaid" and after == "awaiting_packaging"):
        out.count(day, "accepted")  # K-11 denominator: reached awaiting_packaging
        return
    if after == "cancelled" and before not in (None, "unpaid"):
        fault = payload.get("fault")
        if fault == "seller":  # K-11: approved seller requests, CANCEL-4, API cancellations
            out.count(day, "seller_cancels")
        elif fault == "buyer":
            out.count(day, "buyer_cancels")
        if view.action == "auto_cancel":  # K-12: auto-cancelled counts as late
            shipped_day = _ship_day(view, ship_by, zone)
            if shipped_day is not None:
                out.count(shipped_day, "ship_due")
                out.count(shipped_day, "ship_late")
        return
    if view.action == "ship":
        shipped_day = _ship_day(view, ship_by, zone)
        if shipped_day is not None:
            out.count(shipped_day, "ship_due")
            if payload.get("late_shipment"):
                out.count(shipped_day, "ship_late")
        return
    if after == "delivered":
        out.count(day, "delivered")


def _dispute_outcome(view: EventView) -> str | None:
    outcome = str(view.payload.get("outcome", "")).lower()
    return {"won": "won", "rejected": "lost", "lost": "lost"}.get(outcome)


def effects_of(view: EventView, ship_by: Mapping[str, datetime], zone: ZoneInfo) -> Effects:
    """What an event adds to its seller's standing counters (STANDING-2); empty if nothing.

    `ship_by` maps posting numbers to their original ship-by, for ship and auto-cancel events.
    """
    out = Effects()
    if view.seller_id is None:
        return out
    day = local_day(view.at, zone)
    action = view.action
    if view.subject_type == "order":
        _order_effects(view, ship_by, zone, out)
    elif action == "chat.first_response":
        seconds = view.payload.get("seconds")
        if seconds is not None:
            out.response_seconds = max(0, int(seconds))
        if view.payload.get("within_deadline"):  # a late answer was already counted as missed
            out.count(day, "chats_due")
            out.count(day, "chats_in_time")
    elif action == "chat.response_missed":
        out.count(day, "chats_due")
    elif action == "guard.warning":
        out.count(day, "guard_warnings")
        out.warnings = 1
    elif action == "guard.block_dismissed":  # staff dismissed the block: its warning is withdrawn
        out.count(day, "guard_warnings", -1)
        out.warnings = -1
    elif action == "standing.points_deducted":
        out.points_delta = int(view.payload.get("delta", 0))
    elif action == REFUND_OPENED:
        out.count(day, "refunds")
    elif action == DISPUTE_DECIDED:
        outcome = _dispute_outcome(view)
        if outcome is not None:
            out.count(day, f"disputes_{outcome}")
    return out


def needs_ship_by(views: Iterable[EventView]) -> set[str]:
    """Postings whose original ship-by the projection must look up for these events."""
    return {
        v.subject_id
        for v in views
        if v.subject_type == "order" and v.action in ("ship", "auto_cancel")
    }
