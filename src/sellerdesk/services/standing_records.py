"""Standing records other capabilities write in their own transaction (STANDING-1, STANDING-4).

`deduct_points` and `impose_sanction` add the row and its event to the caller's unit of work, so
the deduction or sanction exists exactly when the caller's change commits (GUARD-8 calls them
from the chat guard). `health_score` is the last evaluated account health (DISPUTE-7 reads it).
These signatures are stable; other engineers call them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sellerdesk.errors import InvalidInput
from sellerdesk.store.tables import Seller
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
    if kind not in SANCTION_KINDS:
        raise InvalidInput(
            f"unknown sanction kind {kind!r}",
            rule="STANDING-4",
            next_step=f"Use one of: {', '.join(SANCTION_KINDS)}.",
        )
    if ends_at is not None and ends_at <= starts_at:
        raise InvalidInput("a sanction must end after it starts", rule="STANDING-4")
    if dedupe_key is not None:
        existing = uow.session.execute(
            select(Sanction).where(
                Sanction.seller_id == seller_id, Sanction.dedupe_key == dedupe_key
            )
        ).scalar_one_or_none()
        if existing is not None:
            return existing
    sanction = Sanction(
        seller_id=seller_id,
        kind=kind,
        rule=rule,
        reason=reason,
        facts=facts or {},
        starts_at=starts_at,
        ends_at=ends_at,
        status="active",
        imposed_by=actor,
        dedupe_key=dedupe_key,
    )
    uow.session.add(sanction)
    uow.session.flush()
    event = uow.record(
        subject_type="seller",
        subject_id=seller_id,
        action=SANCTION_IMPOSED,
        actor=actor,
        rule=rule,
        seller_id=seller_id,
        payload={
            "sanction_id": sanction.id,
            "kind": kind,
            "reason": reason,
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat() if ends_at else None,
            "facts": sanction.facts,
        },
    )
    seller = uow.session.get(Seller, seller_id)
    if seller is not None:
        until = f" until {ends_at.isoformat()}" if ends_at else " until lifted"
        uow.outbox(
            "email",
            {
                "to": seller.email,
                "subject": f"[{rule}] {kind.replace('_', ' ')} on your store",
                "body": f"{reason}\n\nFrom {starts_at.isoformat()}{until}. Rule {rule}.\n"
                "See your standing page for the figures behind it.",
            },
            seller_id=seller_id,
            event=event,
        )
    return sanction


def health_score(session: Session, seller_id: int) -> float | None:
    """STANDING-3: the seller's account health 0-100 at the last evaluation; None if never
    evaluated (DISPUTE-7 leans to the buyer below the policy's threshold)."""
    return session.execute(
        select(SellerStanding.health).where(SellerStanding.seller_id == seller_id)
    ).scalar_one_or_none()
