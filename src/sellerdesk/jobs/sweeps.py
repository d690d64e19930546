"""Deadline sweeps: select what is due by index, act through the same domain code, idempotently.

Each sweep claims a batch of due rows (on PostgreSQL with FOR UPDATE SKIP LOCKED, so several
workers never act twice), acts as of each row's own due time, and commits the batch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, TextualSelect, column, func, select, text
from sqlalchemy.orm import Session

from sellerdesk.access import SYSTEM
from sellerdesk.domain import orders as order_rules
from sellerdesk.runtime import Runtime
from sellerdesk.services.cancellations import auto_reject
from sellerdesk.services.orders import apply_many, facts_of, items_of
from sellerdesk.store.tables import CancellationRequest, Order
from sellerdesk.store.tables.base import UTCDateTime
from sellerdesk.store.uow import UnitOfWork

BATCH = 500


def _bool(session: Session, column: str, value: bool) -> str:
    # Written exactly as in the partial indexes so both planners match them.
    if session.get_bind().dialect.name == "sqlite":
        return f"{column} = {int(value)}"
    return f"{column} = {'true' if value else 'false'}"


@dataclass(frozen=True)
class Sweep:
    name: str
    rule: str
    due_column: Any
    where: Callable[[Session], ColumnElement[bool]]
    act: Callable[[Runtime, UnitOfWork, list[Any]], list[str]]
    # Claim plain rows instead of ORM objects: for acts that write through bulk statements.
    plain: bool = False

    def probe(self, session: Session) -> Any:
        """The earliest due time among open rows: one probe of the sweep's partial index."""
        return select(func.min(self.due_column)).where(self.where(session)).scalar_subquery()

    def claim(self, session: Session, upto: datetime, limit: int) -> Select[Any]:
        entity = self.due_column.class_
        query = (
            select(*entity.__table__.columns if self.plain else [entity])
            .where(self.where(session), self.due_column <= upto)
            .order_by(self.due_column)
            .limit(limit)
        )
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return query

    def run_batch(self, rt: Runtime, upto: datetime, limit: int = BATCH) -> list[str]:
        with rt.uow() as uow:
            result = uow.session.execute(self.claim(uow.session, upto, limit))
            rows = list(result if self.plain else result.scalars())
            if not rows:
                return []
            messages = self.act(rt, uow, rows)
            uow.commit()
            return messages


def _open_for_shipping(session: Session) -> ColumnElement[bool]:
    return text(
        "status IN ('awaiting_packaging', 'awaiting_deliver') AND "
        + _bool(session, "cancel_hold", False)
    )


def _unpaid(_session: Session) -> ColumnElement[bool]:
    return text("status = 'unpaid'")


def _pending_buyer_requests(_session: Session) -> ColumnElement[bool]:
    return text("status = 'pending' AND initiator = 'buyer'")


def _orders_act(
    decide: Callable[..., order_rules.Outcome], due: str, says: str
) -> Callable[..., list[str]]:
    def act(rt: Runtime, uow: UnitOfWork, orders: list[Order]) -> list[str]:
        items = items_of(uow.session, [o.id for o in orders], plain=True)
        outcomes = []
        for order in orders:
            at = getattr(order, due)
            outcomes.append((order, decide(facts_of(order, items[order.id]), at, rt.policy), at))
        apply_many(uow, outcomes, SYSTEM)
        return [f"posting {o.posting_number} {says}, {out.rule}" for o, out, _ in outcomes]

    return act


def _requests_act(rt: Runtime, uow: UnitOfWork, rows: list[CancellationRequest]) -> list[str]:
    return [auto_reject(uow, row, SYSTEM) for row in rows]


SWEEPS: tuple[Sweep, ...] = (
    Sweep(
        "payment_window",
        "ORDER-2",
        Order.pay_by,
        _unpaid,
        _orders_act(order_rules.expire_payment, "pay_by", "cancelled: not paid in time"),
        plain=True,
    ),
    Sweep(
        "ship_by",
        "CANCEL-4",
        Order.ship_by,
        _open_for_shipping,
        _orders_act(order_rules.auto_cancel, "ship_by", "auto-cancelled"),
        plain=True,
    ),
    Sweep(
        "buyer_request_deadline",
        "CANCEL-2",
        CancellationRequest.decide_by,
        _pending_buyer_requests,
        _requests_act,
    ),
)


def all_sweeps() -> tuple[Sweep, ...]:
    """The core sweeps plus `SWEEPS` of every module `sellerdesk/jobs/due_*.py` (one per
    capability: refunds, chat deadlines, tickets...), so a capability adds its sweeps by
    adding its module."""
    import pkgutil
    from importlib import import_module

    from sellerdesk import jobs

    found = list(SWEEPS)
    for module in sorted(pkgutil.iter_modules(jobs.__path__), key=lambda m: m.name):
        if module.name.startswith("due_"):
            found.extend(import_module(f"sellerdesk.jobs.{module.name}").SWEEPS)
    return tuple(found)


# The probe statement per (dialect, sweeps), built once with its constants written in: with no
# parameters, PostgreSQL plans the prepared statement once per connection, so a run that finds
# nothing due costs one execution of a planned statement.
_PROBES: dict[tuple[str, tuple[str, ...]], TextualSelect] = {}


def next_dues(session: Session, sweeps: list[Sweep]) -> list[datetime | None]:
    """Every sweep's earliest due time in a single round trip."""
    if not sweeps:
        return []
    key = (session.get_bind().dialect.name, tuple(s.name for s in sweeps))
    statement = _PROBES.get(key)
    if statement is None:
        probes = select(*[s.probe(session) for s in sweeps])
        sql = probes.compile(dialect=session.get_bind().dialect,
                             compile_kwargs={"literal_binds": True})
        statement = _PROBES[key] = text(str(sql)).columns(
            *[column(f"due_{i}", UTCDateTime()) for i in range(len(sweeps))]
        )
    row = session.execute(statement).one()
    return [v.replace(tzinfo=UTC) if v is not None and v.tzinfo is None else v for v in row]


def run_due(rt: Runtime, upto: datetime, limit: int | None = None, batch: int = BATCH) -> list[str]:
    """Run every sweep whose rows are due by `upto`, earliest due first across all sweeps."""
    messages: list[str] = []
    claimed_elsewhere: set[str] = set()
    sweeps = all_sweeps()
    while limit is None or len(messages) < limit:
        active = [s for s in sweeps if s.name not in claimed_elsewhere]
        with rt.reader() as uow:
            dues = list(zip(next_dues(uow.session, active), active, strict=True))
        ready = sorted(
            ((d, s) for d, s in dues if d is not None and d <= upto), key=lambda pair: pair[0]
        )
        if not ready:
            break
        sweep = ready[0][1]
        bound = min(ready[1][0], upto) if len(ready) > 1 else upto
        done = sweep.run_batch(rt, bound, batch)
        if not done and bound < upto:
            # Its rows due before the next sweep's are all claimed by another worker right
            # now: take later ones rather than stop (several workers cannot keep strict order).
            done = sweep.run_batch(rt, upto, batch)
        if not done:
            # Its due rows are locked by another worker right now: leave them to it.
            claimed_elsewhere.add(sweep.name)
            continue
        messages.extend(done)
    return messages
