"""Support-desk deadlines: ticket acknowledgement (SUPPORT-5) and resolution (SUPPORT-5, or
SUPPORT-9 for incident tickets) breaches, payout reviews (PAYOUT-2) and review appeals (REVIEW-1)
past their deadline. Each sweep marks the row as of its due time, records the event, and is
idempotent: the marked row leaves its partial index."""

from __future__ import annotations

from sqlalchemy import ColumnElement, text
from sqlalchemy.orm import Session

from sellerdesk.jobs.sweeps import Sweep
from sellerdesk.runtime import Runtime
from sellerdesk.services import reviews as review_service
from sellerdesk.services import support_payout_reviews
from sellerdesk.store.tables.payouts import REVIEW_PENDING, PayoutReview
from sellerdesk.store.tables.reviews import APPEAL_PENDING, ReviewAppeal
from sellerdesk.store.tables.support import ACK_PENDING, RESOLVE_RUNNING, Ticket
from sellerdesk.store.uow import UnitOfWork


def _predicate(sql: str):  # type: ignore[no-untyped-def]
    def where(_session: Session) -> ColumnElement[bool]:
        return text(sql)

    return where


def _ticket_event(uow: UnitOfWork, ticket: Ticket, action: str, rule: str, at) -> None:  # type: ignore[no-untyped-def]
    uow.record(
        subject_type="ticket",
        subject_id=ticket.number,
        action=action,
        actor="system",
        rule=rule,
        seller_id=ticket.seller_id,
        payload={"status": ticket.status, "due": at.isoformat()},
        at=at,
    )


def _ack_act(rt: Runtime, uow: UnitOfWork, rows: list[Ticket]) -> list[str]:
    messages = []
    for ticket in rows:
        assert ticket.ack_by is not None
        ticket.ack_breached_at = ticket.ack_by
        _ticket_event(uow, ticket, "ack_deadline_breached", "SUPPORT-5", ticket.ack_by)
        messages.append(f"ticket {ticket.number} not acknowledged in time, SUPPORT-5")
    return messages


def _resolve_act(rt: Runtime, uow: UnitOfWork, rows: list[Ticket]) -> list[str]:
    messages = []
    for ticket in rows:
        assert ticket.resolve_by is not None
        rule = "SUPPORT-9" if ticket.clock == "emergency" else "SUPPORT-5"
        ticket.resolve_breached_at = ticket.resolve_by
        _ticket_event(uow, ticket, "resolve_deadline_breached", rule, ticket.resolve_by)
        messages.append(
            f"ticket {ticket.number} past its resolve deadline; the seller may follow up, {rule}"
        )
    return messages


def _payout_reviews_act(rt: Runtime, uow: UnitOfWork, rows: list[PayoutReview]) -> list[str]:
    return [support_payout_reviews.mark_overdue(uow, row) for row in rows]


def _appeals_act(rt: Runtime, uow: UnitOfWork, rows: list[ReviewAppeal]) -> list[str]:
    return [review_service.mark_overdue(uow, row) for row in rows]


SWEEPS: tuple[Sweep, ...] = (
    Sweep("ticket_ack", "SUPPORT-5", Ticket.ack_by, _predicate(ACK_PENDING), _ack_act),
    Sweep(
        "ticket_resolve", "SUPPORT-5", Ticket.resolve_by, _predicate(RESOLVE_RUNNING), _resolve_act
    ),
    Sweep(
        "payout_review_deadline",
        "PAYOUT-2",
        PayoutReview.decide_by,
        _predicate(REVIEW_PENDING),
        _payout_reviews_act,
    ),
    Sweep(
        "review_appeal_deadline",
        "REVIEW-1",
        ReviewAppeal.decide_by,
        _predicate(APPEAL_PENDING),
        _appeals_act,
    ),
)
