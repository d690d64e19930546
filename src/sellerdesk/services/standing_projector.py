"""The standing projector: folds committed events into per-seller day counters (STANDING-2).

It reads the event log in id order from a persisted cursor, so each event is counted once and a
read never scans history. On PostgreSQL, ids are handed out before commit, so an id may show up
after a larger one has committed: the projector never steps over a missing id unless it is sure
no transaction can still commit it (it takes a brief SHARE lock on `events`, which waits for
every writer in flight, only when the same gap is still there on a second pass). `rebuild`
replays the whole log through the same code and must give the same numbers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    String,
    any_,
    bindparam,
    case,
    delete,
    func,
    select,
    text,
    type_coerce,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from sellerdesk.domain.standing import COUNTERS, EventView, effects_of, local_day, needs_ship_by
from sellerdesk.errors import Conflict
from sellerdesk.runtime import Runtime
from sellerdesk.store.tables import Event, Order
from sellerdesk.store.tables.base import UTCDateTime
from sellerdesk.store.tables.standing import (
    DailyCounts,
    ProjectorCursor,
    ResponseSample,
    SellerStanding,
)
from sellerdesk.store.uow import UnitOfWork

CURSOR = "standing"
EVENTS_PER_BATCH = 5000


def _insert(session: Session, table: Any) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def cursor_value(session: Session) -> Any:
    """The last projected event id, as a scalar subquery (0 before the first pass)."""
    return func.coalesce(
        select(ProjectorCursor.last_event_id)
        .where(ProjectorCursor.name == CURSOR)
        .scalar_subquery(),
        0,
    )


def pending_due(session: Session) -> Any:
    """When the oldest unprojected event took effect (None when caught up): the sweep's probe.
    A range scan over the unprojected tail of the primary key only."""
    earliest = case((Event.at < Event.recorded_at, Event.at), else_=Event.recorded_at)
    return (
        select(type_coerce(func.min(earliest), UTCDateTime()))
        .where(Event.id > cursor_value(session))
        .scalar_subquery()
    )


def _claim_cursor(uow: UnitOfWork) -> ProjectorCursor | None:
    """Lock the cursor row; None if another worker holds it (PostgreSQL) right now."""
    session = uow.session
    stmt = (
        _insert(session, ProjectorCursor)
        .values(name=CURSOR, last_event_id=0, gap_id=None, updated_at=uow.now)
        .on_conflict_do_nothing(index_elements=["name"])
    )
    session.execute(stmt)
    query = select(ProjectorCursor).where(ProjectorCursor.name == CURSOR)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return session.execute(query).scalar_one_or_none()


def _gap_is_permanent(rt: Runtime, first: int, last: int) -> bool:
    """PostgreSQL: with a SHARE lock (which waits for every transaction that inserted events
    to finish) ids first..last are still missing, so they were rolled back: skip them."""
    with rt.engine.connect() as conn, conn.begin():
        conn.execute(text("SET LOCAL lock_timeout = '200ms'"))
        try:
            conn.execute(text("LOCK TABLE events IN SHARE MODE"))
        except OperationalError:  # lock_timeout: writers still busy; try again next pass
            return False
        found = conn.execute(
            select(func.count()).select_from(Event).where(Event.id.between(first, last))
        ).scalar_one()
        return found == 0


def ship_by_of(session: Session, postings: set[str]) -> dict[str, datetime]:
    """The original ship-by of postings (K-12 buckets them by it)."""
    if not postings:
        return {}
    numbers = sorted(postings)
    if _pg(session):  # one array parameter, not thousands of placeholders
        wanted = Order.posting_number == any_(bindparam("numbers", numbers, type_=ARRAY(String)))
    else:
        wanted = Order.posting_number.in_(numbers)
    rows = session.execute(
        select(Order.posting_number, Order.original_ship_by, Order.ship_by).where(wanted)
    )
    found: dict[str, datetime] = {}
    for number, original, current in rows:
        when = original or current
        if when is not None:
            found[number] = when
    return found


def apply_events(
    session: Session, rows: Sequence[Any], zone: ZoneInfo, *, schedule: bool = True
) -> int:
    """Fold events into the counters; with `schedule`, mark their sellers for evaluation.
    Returns how many events counted."""
    views = [
        EventView(r.id, r.at, r.seller_id, r.subject_type, r.subject_id, r.action, r.payload or {})
        for r in rows
    ]
    ship_by = ship_by_of(session, needs_ship_by(views))
    days: dict[tuple[int, date], dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    lasts: dict[tuple[int, date], datetime] = {}
    samples: list[dict[str, Any]] = []
    sellers: dict[int, dict[str, Any]] = {}
    counted = 0
    for view in views:
        effects = effects_of(view, ship_by, zone)
        if effects.is_empty() or view.seller_id is None:
            continue
        counted += 1
        for day, counters in effects.days.items():
            row = days[(view.seller_id, day)]
            for name, value in counters.items():
                row[name] += value
        # the day the event happened gets a row (maybe all zeros) stamped with its time
        happened = (view.seller_id, local_day(view.at, zone))
        days.setdefault(happened, dict.fromkeys(COUNTERS, 0))
        lasts[happened] = max(lasts.get(happened, view.at), view.at)
        if effects.response_seconds is not None:
            samples.append(
                {"seller_id": view.seller_id, "at": view.at, "seconds": effects.response_seconds}
            )
        seller = sellers.setdefault(
            view.seller_id, {"points_delta": 0, "warnings_total": 0, "evaluate_at": view.at}
        )
        seller["points_delta"] += effects.points_delta
        seller["warnings_total"] += effects.warnings
        seller["evaluate_at"] = min(seller["evaluate_at"], view.at)
    _upsert_days(session, days, lasts)
    _insert_samples(session, samples)
    _upsert_sellers(session, sellers, schedule)
    return counted


# PostgreSQL: one statement per table and batch, the rows passed as arrays (unnest); SQLite:
# one compiled statement run with many parameter sets.

_DAYS_PG = text(
    "INSERT INTO standing_daily (seller_id, day, last_at, " + ", ".join(COUNTERS) + ") "
    "SELECT * FROM unnest(CAST(:seller_id AS bigint[]), CAST(:day AS date[]), "
    "CAST(:last_at AS timestamptz[]), "
    + ", ".join(f"CAST(:{name} AS integer[])" for name in COUNTERS)
    + ") ON CONFLICT (seller_id, day) DO UPDATE SET "
    + ", ".join(f"{name} = standing_daily.{name} + excluded.{name}" for name in COUNTERS)
    + ", last_at = GREATEST(standing_daily.last_at, excluded.last_at)"
)
_SELLERS_PG = text(
    "INSERT INTO standing_sellers (seller_id, points_delta, warnings_total, evaluate_at, "
    "components, metrics, alerted) "
    "SELECT s, p, w, e, '{}'::jsonb, '{}'::jsonb, '{}'::jsonb FROM unnest("
    "CAST(:seller_id AS bigint[]), CAST(:points_delta AS integer[]), "
    "CAST(:warnings_total AS integer[]), CAST(:evaluate_at AS timestamptz[])) AS u(s, p, w, e) "
    "ON CONFLICT (seller_id) DO UPDATE SET "
    "points_delta = standing_sellers.points_delta + excluded.points_delta, "
    "warnings_total = standing_sellers.warnings_total + excluded.warnings_total, "
    "evaluate_at = LEAST(standing_sellers.evaluate_at, excluded.evaluate_at)"
)
_SAMPLES_PG = text(
    "INSERT INTO standing_responses (seller_id, at, seconds) SELECT * FROM unnest("
    "CAST(:seller_id AS bigint[]), CAST(:at AS timestamptz[]), CAST(:seconds AS integer[]))"
)


def _columns(rows: list[dict[str, Any]], names: Sequence[str]) -> dict[str, list[Any]]:
    return {name: [row[name] for row in rows] for name in names}


def _pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _insert_samples(session: Session, samples: list[dict[str, Any]]) -> None:
    if not samples:
        return
    if _pg(session):
        session.execute(_SAMPLES_PG, _columns(samples, ("seller_id", "at", "seconds")))
    else:
        session.execute(_insert(session, ResponseSample.__table__), samples)


def _upsert_days(
    session: Session,
    days: dict[tuple[int, date], dict[str, int]],
    lasts: dict[tuple[int, date], datetime],
) -> None:
    if not days:
        return
    values = [
        {"seller_id": seller, "day": day, **counters, "last_at": lasts.get((seller, day))}
        for (seller, day), counters in sorted(days.items())
    ]
    if _pg(session):
        session.execute(_DAYS_PG, _columns(values, ("seller_id", "day", "last_at", *COUNTERS)))
        return
    table = DailyCounts.__table__
    stmt = _insert(session, table)
    current, incoming = table.c.last_at, stmt.excluded.last_at
    changes: dict[str, Any] = {name: table.c[name] + stmt.excluded[name] for name in COUNTERS}
    changes["last_at"] = case(
        (current.is_(None), incoming), (incoming > current, incoming), else_=current
    )
    session.execute(
        stmt.on_conflict_do_update(index_elements=["seller_id", "day"], set_=changes), values
    )


def _upsert_sellers(session: Session, sellers: dict[int, dict[str, Any]], schedule: bool) -> None:
    if not sellers:
        return
    values = [
        {
            "seller_id": seller_id,
            "points_delta": change["points_delta"],
            "warnings_total": change["warnings_total"],
            "evaluate_at": change["evaluate_at"] if schedule else None,
            "components": {},
            "metrics": {},
            "alerted": {},
        }
        for seller_id, change in sorted(sellers.items())
    ]
    if _pg(session):
        names = ("seller_id", "points_delta", "warnings_total", "evaluate_at")
        session.execute(_SELLERS_PG, _columns(values, names))
        return
    table = SellerStanding.__table__
    stmt = _insert(session, table)
    current, incoming = table.c.evaluate_at, stmt.excluded.evaluate_at
    changes: dict[str, Any] = {
        "points_delta": table.c.points_delta + stmt.excluded.points_delta,
        "warnings_total": table.c.warnings_total + stmt.excluded.warnings_total,
    }
    if schedule:
        changes["evaluate_at"] = case(
            (current.is_(None), incoming), (incoming < current, incoming), else_=current
        )
    session.execute(stmt.on_conflict_do_update(index_elements=["seller_id"], set_=changes), values)


def _read_batch(session: Session, after: int, limit: int) -> list[Any]:
    return list(
        session.execute(
            select(
                Event.id,
                Event.at,
                Event.seller_id,
                Event.subject_type,
                Event.subject_id,
                Event.action,
                Event.payload,
            )
            .where(Event.id > after)
            .order_by(Event.id)
            .limit(limit)
        )
    )


def _consecutive(rt: Runtime, cursor: ProjectorCursor, rows: list[Any], pg: bool) -> list[Any]:
    """The rows the projector may apply now: in id order, never stepping over an id that a
    transaction in flight may still commit (see the module docstring). SQLite has one writer
    at a time, so a missing id there was rolled back and is skipped at once."""
    expected = cursor.last_event_id + 1
    usable: list[Any] = []
    for row in rows:
        if row.id != expected and pg:
            seen_before = cursor.gap_id == expected
            if not (seen_before and _gap_is_permanent(rt, expected, row.id - 1)):
                cursor.gap_id = expected  # look again on the next pass
                return usable
        usable.append(row)
        expected = row.id + 1
    cursor.gap_id = None
    return usable


def _next_unprojected(session: Session) -> Any:
    # ORDER BY id: the primary key's range scan, never a sequential scan
    return session.execute(
        select(Event.id).where(Event.id > cursor_value(session)).order_by(Event.id).limit(1)
    ).first()


def project(rt: Runtime, limit: int = EVENTS_PER_BATCH) -> tuple[int, int]:
    """One pass: fold up to `limit` new events into the counters. Returns (events read,
    last event id); (0, 0) when caught up or another worker is at it, (0, id) when held up
    by a gap."""
    with rt.reader() as reader:  # nothing new: no write transaction at all
        waiting = _next_unprojected(reader.session)
    if waiting is None:
        return 0, 0
    with rt.uow() as uow:
        cursor = _claim_cursor(uow)
        if cursor is None:
            return 0, 0
        pg = uow.session.get_bind().dialect.name == "postgresql"
        rows = _consecutive(rt, cursor, _read_batch(uow.session, cursor.last_event_id, limit), pg)
        if rows:
            apply_events(uow.session, rows, ZoneInfo(rt.policy.calendar.timezone))
            cursor.last_event_id = rows[-1].id
            cursor.updated_at = uow.now
        last = cursor.last_event_id
        uow.commit()
        return len(rows), last


def wait_for_other_projector(rt: Runtime) -> bool:
    """If another worker holds the projector's cursor (PostgreSQL), wait until it lets go.
    Returns whether there was one to wait for."""
    with rt.reader() as reader:  # caught up: nobody to wait for, no write transaction
        if _next_unprojected(reader.session) is None:
            return False
    with rt.uow() as uow:
        if _claim_cursor(uow) is not None:
            return False
        uow.session.execute(
            select(ProjectorCursor.name).where(ProjectorCursor.name == CURSOR).with_for_update()
        )
        return True


@dataclass(frozen=True)
class Progress:
    """Where the projector stands: its cursor, the newest event and how many lie between."""

    last_event_id: int
    newest_event_id: int
    pending: int
    updated_at: datetime | None


def progress(rt: Runtime) -> Progress:
    with rt.reader() as uow:
        session = uow.session
        cursor = session.get(ProjectorCursor, CURSOR)
        last = cursor.last_event_id if cursor else 0
        newest = session.execute(select(func.max(Event.id))).scalar() or 0
        pending = session.execute(
            select(func.count()).select_from(Event).where(Event.id > last)
        ).scalar_one()
        return Progress(last, newest, pending, cursor.updated_at if cursor else None)


def catch_up(rt: Runtime) -> int:
    """Project until caught up (tests, the CLI, benchmarks). Returns events read."""
    done = 0
    while True:
        count, _ = project(rt)
        if not count:
            return done
        done += count


def rebuild(rt: Runtime) -> int:
    """Throw the counters away and fold the event log again up to the cursor, in one
    transaction (readers and the evaluation sweep see the old numbers until it commits).
    Evaluation schedules, snapshots and alerts sent are kept. Returns the events read."""
    zone = ZoneInfo(rt.policy.calendar.timezone)
    with rt.uow() as uow:
        session = uow.session
        cursor = _claim_cursor(uow)
        if cursor is None:
            raise Conflict(
                "the standing projector is running in a worker right now",
                rule="STANDING-2",
                next_step="Run the rebuild again in a moment; it waits for no one.",
            )
        session.execute(delete(DailyCounts))
        session.execute(delete(ResponseSample))
        session.execute(update(SellerStanding).values(points_delta=0, warnings_total=0))
        # Only up to where the projector got: beyond it, ids may still be in flight.
        upto, after, total_read = cursor.last_event_id, 0, 0
        while after < upto:
            rows = [r for r in _read_batch(session, after, EVENTS_PER_BATCH) if r.id <= upto]
            if not rows:
                break
            apply_events(session, rows, zone, schedule=False)
            after = rows[-1].id
            total_read += len(rows)
        cursor.updated_at = uow.now
        uow.commit()
        return total_read
