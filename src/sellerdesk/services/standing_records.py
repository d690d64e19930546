"""Standing records other capabilities write in their own transaction (STANDING-1, STANDING-4).

`deduct_points` and `impose_sanction` add the row and its event to the caller's unit of work, so
the deduction or sanction exists exactly when the caller's change commits (GUARD-8 calls them
from the chat guard). `health_score` is the last evaluated account health (DISPUTE-7 reads it).
These signatures are stable; other engineers call them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sellerdesk.errors import InvalidInput
from sellerdesk.store.tables import Event, Seller
from sellerdesk.store.tables.standing import SANCTION_KINDS, PointsEntry, Sanction, SellerStanding
from sellerdesk.store.uow import UnitOfWork

POINTS_DEDUCTED = "standing.points_deducted"
SANCTION_IMPOSED = "standing.sanction_imposed"
SANCTION_LIFTED = "standing.sanction_lifted"


def deduct_points(
    uow: UnitOfWork,
    *,
    seller_id: int,
    points: int,
    rule: str,
    cause: str,
    facts: dict[str, Any] | None = None,
) -> PointsEntry:
    """STANDING-1: take `points` (a positive number) off the seller's points, as a record."""
    if points <= 0:
        raise InvalidInput("points to deduct must be a positive whole number", rule="STANDING-1")
    entry = PointsEntry(
        seller_id=seller_id,
        delta=-int(points),
        rule=rule,
        cause=cause,
        facts=facts or {},
        at=uow.now,
    )
    uow.session.add(entry)
    uow.session.flush()
    uow.record(
        subject_type="seller",
        subject_id=seller_id,
        action=POINTS_DEDUCTED,
        actor="system",
        rule=rule,
        seller_id=seller_id,
        payload={"entry_id": entry.id, "delta": entry.delta, "cause": cause, "facts": entry.facts},
    )
    return entry


@dataclass(frozen=True)
class SanctionOrder:
    """One sanction to impose (STANDING-4); see `impose_sanction`."""

    seller_id: int
    kind: str
    rule: str
    reason: str
    starts_at: datetime
    ends_at: datetime | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    actor: str = "system"
    dedupe_key: str | None = None


def impose_sanction(
    uow: UnitOfWork,
    *,
    seller_id: int,
    kind: str,
    rule: str,
    reason: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    facts: dict[str, Any] | None = None,
    actor: str = "system",
    dedupe_key: str | None = None,
) -> Sanction:
    """STANDING-4: record a sanction with its start, end, reason, rule and the facts behind it.

    The seller is told by e-mail when this transaction commits. `dedupe_key` (used by the
    evaluation sweep) makes a second imposition of the same sanction a no-op: the existing
    row is returned and nothing is written.
    """
    order = SanctionOrder(seller_id, kind, rule, reason, starts_at, ends_at, facts or {}, actor,
                          dedupe_key)
    return impose_sanctions(uow, [order])[0]


def impose_sanctions(uow: UnitOfWork, orders: list[SanctionOrder]) -> list[Sanction]:
    """`impose_sanction` for many at once (the evaluation sweep's batch): the rows, their events
    and e-mails in a fixed number of round trips, whatever the count."""
    for order in orders:
        _check(order)
    session = uow.session
    keys = {(o.seller_id, o.dedupe_key) for o in orders if o.dedupe_key is not None}
    existing: dict[tuple[int, str | None], Sanction] = {}
    if keys:
        found = select(Sanction).where(
            Sanction.seller_id.in_({seller for seller, _ in keys}),
            Sanction.dedupe_key.in_({key for _, key in keys}),
        )
        existing = {(s.seller_id, s.dedupe_key): s for s in session.execute(found).scalars()}
    result: list[Sanction] = []
    new: list[tuple[SanctionOrder, Sanction]] = []
    for order in orders:
        key = (order.seller_id, order.dedupe_key)
        if order.dedupe_key is not None and key in existing:
            result.append(existing[key])
            continue
        sanction = Sanction(
            seller_id=order.seller_id, kind=order.kind, rule=order.rule, reason=order.reason,
            facts=order.facts, starts_at=order.starts_at, ends_at=order.ends_at,
            status="active", imposed_by=order.actor, dedupe_key=order.dedupe_key,
        )
        session.add(sanction)
        if order.dedupe_key is not None:
            existing[key] = sanction
        result.append(sanction)
        new.append((order, sanction))
    if not new:
        return result
    session.flush()  # the sanctions' ids, for their events
    events = [(order, sanction, _record(uow, order, sanction)) for order, sanction in new]
    session.flush()  # the events' ids, for the e-mails
    sellers = {
        seller.id: seller
        for seller in session.execute(
            select(Seller).where(Seller.id.in_({o.seller_id for o, _ in new}))
        ).scalars()
    }
    for order, _sanction, event in events:
        seller = sellers.get(order.seller_id)
        if seller is not None:
            uow.outbox("email", _email(seller.email, order), seller_id=order.seller_id,
                       event=event)
    return result


def _check(order: SanctionOrder) -> None:
    if order.kind not in SANCTION_KINDS:
        raise InvalidInput(
            f"unknown sanction kind {order.kind!r}",
            rule="STANDING-4",
            next_step=f"Use one of: {', '.join(SANCTION_KINDS)}.",
        )
    if order.ends_at is not None and order.ends_at <= order.starts_at:
        raise InvalidInput("a sanction must end after it starts", rule="STANDING-4")


def _record(uow: UnitOfWork, order: SanctionOrder, sanction: Sanction) -> Event:
    return uow.record(
        subject_type="seller",
        subject_id=order.seller_id,
        action=SANCTION_IMPOSED,
        actor=order.actor,
        rule=order.rule,
        seller_id=order.seller_id,
        payload={
            "sanction_id": sanction.id,
            "kind": order.kind,
            "reason": order.reason,
            "starts_at": order.starts_at.isoformat(),
            "ends_at": order.ends_at.isoformat() if order.ends_at else None,
            "facts": sanction.facts,
        },
    )


def _email(to: str, order: SanctionOrder) -> dict[str, str]:
    until = f" until {order.ends_at.isoformat()}" if order.ends_at else " until lifted"
    return {
        "to": to,
        "subject": f"[{order.rule}] {order.kind.replace('_', ' ')} on your store",
        "body": f"{order.reason}\n\nFrom {order.starts_at.isoformat()}{until}. "
        f"Rule {order.rule}.\nSee your standing page for the figures behind it.",
    }



def health_score(session: Session, seller_id: int) -> float | None:
    """STANDING-3: the seller's account health 0-100 at the last evaluation; None if never
    evaluated (DISPUTE-7 leans to the buyer below the policy's threshold)."""
    return session.execute(
        select(SellerStanding.health).where(SellerStanding.seller_id == seller_id)
    ).scalar_one_or_none()
