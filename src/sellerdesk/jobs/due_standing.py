"""Standing sweeps (STANDING-2, STANDING-4): project new events, end sanctions, evaluate sellers.

One sweep, run by the worker and by the sandbox clock advance, does three things in order up to
the time it is given: fold new events into the counters (the projector), end sanctions whose end
passed, and evaluate every seller whose `evaluate_at` is due, each as of its own due time,
stepping from Moscow midnight to midnight. Evaluations read only the days up to their own time,
so running after the other sweeps of an advance gives the same result as running between them;
the sweep therefore reports itself due at the sandbox time (after the others) whenever it has
work, and reports only what a seller would want to know (sanctions, alerts, ends) — routine
projection and evaluation are silent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, case, func, select, text, true, type_coerce, union_all
from sqlalchemy.orm import Session

from sellerdesk.jobs.sweeps import BATCH, Sweep
from sellerdesk.runtime import Runtime
from sellerdesk.services.standing_evaluation import evaluate_sellers, expire_sanctions
from sellerdesk.services.standing_projector import (
    cursor_value,
    project,
    wait_for_other_projector,
)
from sellerdesk.store.tables import Event, SandboxClockRow
from sellerdesk.store.tables.base import UTCDateTime
from sellerdesk.store.tables.standing import ACTIVE_SANCTION, Sanction, SellerStanding
from sellerdesk.store.uow import UnitOfWork

ROUTINE = "evaluated, STANDING-4"


def _scheduled(_session: Session) -> ColumnElement[bool]:
    # written exactly as the partial index predicate
    return cast(ColumnElement[bool], text("evaluate_at IS NOT NULL"))


def _active(_session: Session) -> ColumnElement[bool]:
    return cast(ColumnElement[bool], text(ACTIVE_SANCTION))


def _evaluate(rt: Runtime, uow: UnitOfWork, rows: list[SellerStanding]) -> list[str]:
    return evaluate_sellers(uow, rows, rt.policy)


def _expire(_rt: Runtime, uow: UnitOfWork, rows: list[Sanction]) -> list[str]:
    return expire_sanctions(uow, rows) or [f"{len(rows)} sanction(s) checked, STANDING-4"]


EVALUATION = Sweep(
    "standing_evaluation", "STANDING-4", SellerStanding.evaluate_at, _scheduled, _evaluate
)
SANCTION_ENDS = Sweep("standing_sanction_end", "STANDING-4", Sanction.ends_at, _active, _expire)


def standing_due(session: Session) -> Any:
    """When the standing sweep has work: the earliest of the next unprojected event, the next
    evaluation and the next sanction end; in the sandbox, never before the sandbox time, so it
    runs after the other sweeps of an advance."""
    next_event = (
        select(Event.recorded_at)
        .where(Event.id > cursor_value(session))
        .order_by(Event.id)
        .limit(1)
        .scalar_subquery()
    )
    # min() over a UNION ignores NULLs on every database and keeps the probe one small plan
    # (nested CASEs would copy each subquery many times over).
    candidates = union_all(
        select(next_event.label("due")),
        select(EVALUATION.probe(session).label("due")),
        select(SANCTION_ENDS.probe(session).label("due")),
    ).subquery()
    # each computed once, in a derived table, then compared (a CASE naming a scalar subquery
    # twice would run it twice)
    earliest = select(func.min(candidates.c.due).label("due")).subquery()
    sandbox = select(func.max(SandboxClockRow.sandbox_at).label("at")).subquery()
    due = case(
        (sandbox.c.at.is_not(None) & (sandbox.c.at > earliest.c.due), sandbox.c.at),
        else_=earliest.c.due,
    )
    return (
        select(type_coerce(due, UTCDateTime()))
        .select_from(earliest.join(sandbox, true()))
        .scalar_subquery()
    )


def catch_up_projection(rt: Runtime) -> int:
    done = 0
    while True:
        count, _ = project(rt)
        if not count:
            return done
        done += count


def run_standing(rt: Runtime, upto: datetime, limit: int = BATCH) -> list[str]:
    """Everything standing has due by `upto`; returns what a seller would want to know."""
    messages: list[str] = []
    catch_up_projection(rt)
    while wait_for_other_projector(rt):
        # Another worker was folding events in: evaluating meanwhile would judge half-projected
        # counters and wait on the rows it updates. Once it is done, help evaluate.
        catch_up_projection(rt)
    while done := SANCTION_ENDS.run_batch(rt, upto, limit):
        messages += [m for m in done if not m.endswith("checked, STANDING-4")]
    while done := EVALUATION.run_batch(rt, upto, limit):
        messages += [m for m in done if not m.endswith(ROUTINE)]
    catch_up_projection(rt)  # the evaluation's own events (sanctions, alerts)
    return messages


@dataclass(frozen=True)
class StandingSweep(Sweep):
    def probe(self, session: Session) -> Any:
        return standing_due(session)

    def run_batch(self, rt: Runtime, upto: datetime, limit: int = BATCH) -> list[str]:
        return run_standing(rt, upto, limit)


SWEEPS = (
    StandingSweep(
        "standing", "STANDING-4", SellerStanding.evaluate_at, _scheduled, _evaluate
    ),
)
