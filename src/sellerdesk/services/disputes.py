"""Disputes (REFUND-2, DISPUTE-9): the access loader, the filtered list and the detail with refunds
per SKU, appeal and history. Appeals are filed in `appeals`, decided in `dispute_decisions`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sellerdesk.access import Actor
from sellerdesk.domain import disputes as rules
from sellerdesk.errors import InvalidInput, NotFound
from sellerdesk.runtime import Runtime
from sellerdesk.services.paging import Page, decode_cursor, encode_cursor
from sellerdesk.services.refunds import refunds_by_dispute
from sellerdesk.store.tables import Event
from sellerdesk.store.tables.disputes import Appeal, AppealFile, Dispute, Refund


def dispute_for(session: Session, actor: Actor, dispute_id: int, *, lock: bool = False) -> Dispute:
    """The dispute if the actor may see it (its seller, its buyer, staff), else NotFound (K-16)."""
    query = select(Dispute).where(Dispute.id == dispute_id)
    if actor.kind == "seller":
        query = query.where(Dispute.seller_id == actor.id)
    elif actor.kind == "buyer":
        query = query.where(Dispute.buyer_id == actor.id)
    elif actor.kind not in ("staff", "system"):
        query = query.where(False)
    if lock:
        query = query.with_for_update()
    found = session.execute(query).scalar()
    if found is None:
        raise NotFound(f"dispute {dispute_id} not found")
    return found


def facts_of(dispute: Dispute) -> rules.DisputeFacts:
    return rules.DisputeFacts(
        dispute.id, dispute.type, dispute.status, dispute.appealable, dispute.appeal_until
    )


# --- reading -------------------------------------------------------------------------------


def dispute_filters(
    actor: Actor,
    *,
    status: str | None = None,
    type: str | None = None,
    created_from: datetime | None = None,
    created_to: datetime | None = None,
    seller_id: int | None = None,
) -> list[Any]:
    """DISPUTE-9 filters, scoped to what the actor may see."""
    if status is not None and status not in rules.STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(rules.STATUSES)}", rule="DISPUTE-9")
    if type is not None and type not in rules.TYPES:
        raise InvalidInput(f"type must be one of {', '.join(rules.TYPES)}", rule="DISPUTE-9")
    where: list[Any] = []
    if actor.kind == "seller":
        where.append(Dispute.seller_id == actor.id)
    elif actor.kind == "buyer":
        where.append(Dispute.buyer_id == actor.id)
    elif actor.kind in ("staff", "system"):
        if seller_id is not None:
            where.append(Dispute.seller_id == seller_id)
    else:
        raise NotFound("not found")
    if status:
        where.append(Dispute.status == status)
    if type:
        where.append(Dispute.type == type)
    if created_from:
        where.append(Dispute.created_at >= created_from)
    if created_to:
        where.append(Dispute.created_at < created_to)
    return where


def list_disputes(
    rt: Runtime, actor: Actor, *, cursor: str | None = None, limit: int = 50, **filters: Any
) -> Page[Dispute]:
    """DISPUTE-9: newest first, cursor-paginated."""
    where = dispute_filters(actor, **filters)
    if cursor:
        where.append(Dispute.id < decode_cursor(cursor))
    limit = max(1, min(limit, 500))
    with rt.reader() as uow:
        rows = list(
            uow.session.execute(
                select(Dispute).where(*where).order_by(Dispute.id.desc()).limit(limit + 1)
            ).scalars()
        )
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, encode_cursor(rows[-1].id) if more and rows else None)


@dataclass
class DisputeView:
    dispute: Dispute
    refunds: list[Refund]
    appeal: Appeal | None
    files: list[AppealFile]
    history: list[Event]
    evidence_slots: dict[str, tuple[str, ...]] = field(default_factory=dict)


def get_dispute(rt: Runtime, actor: Actor, dispute_id: int) -> DisputeView:
    """A dispute with its refunds per SKU, its appeal (findings, factors) and its history."""
    with rt.reader() as uow:
        dispute = dispute_for(uow.session, actor, dispute_id)
        # The buyer sees the dispute and its outcome, not the seller's evidence or scoring.
        appeal = None
        if actor.kind != "buyer":
            appeal = uow.session.execute(
                select(Appeal).where(Appeal.dispute_id == dispute.id)
            ).scalar()
        files = []
        if appeal is not None:
            files = list(
                uow.session.execute(
                    select(AppealFile)
                    .where(AppealFile.appeal_id == appeal.id)
                    .order_by(AppealFile.id)
                ).scalars()
            )
        history = list(
            uow.session.execute(
                select(Event)
                .where(Event.subject_type == "dispute", Event.subject_id == str(dispute.id))
                .order_by(Event.id)
            ).scalars()
        )
        slots = {g: rules.required_slots(g) for g in rules.APPEAL_GROUNDS[dispute.type]}
        return DisputeView(
            dispute,
            refunds_by_dispute(uow, [dispute.id])[dispute.id],
            appeal,
            files,
            history,
            slots,
        )
