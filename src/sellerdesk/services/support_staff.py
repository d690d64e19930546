"""Staff side of the desk: queues with SLA state, status changes, replies with canned answers,
internal notes, assignment (SUPPORT-5), and incidents with their 2h deadline (SUPPORT-9)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from sellerdesk.access import Actor
from sellerdesk.domain import support_tickets as rules
from sellerdesk.errors import InvalidInput, NotFound, RuleViolation
from sellerdesk.runtime import Runtime
from sellerdesk.services.support_workflow import apply, mail, record, start_clocks, ticket_for
from sellerdesk.store.tables import Staff
from sellerdesk.store.tables.support import (
    OPEN_STATUSES,
    CannedAnswer,
    Incident,
    Ticket,
    TicketMessage,
)

STAFF_ACTIONS = ("request_info", "hold", "unhold", "resolve", "close")
DESK = ("support_agent",)  # admin passes every role check


@dataclass(frozen=True)
class QueueRow:
    ticket: Ticket
    sla_state: str


def sla_state_of(rt: Runtime, ticket: Ticket, now: datetime) -> str:
    return rules.sla_state(
        now,
        status=ticket.status,
        ack_by=ticket.ack_by,
        acknowledged=ticket.acknowledged_at is not None,
        resolve_by=ticket.resolve_by,
        clock=ticket.clock,
        breached=ticket.resolve_breached_at is not None or ticket.ack_breached_at is not None,
        policy=rt.policy,
        cal=rt.policy.business_calendar(),
    )


def queue(
    rt: Runtime,
    actor: Actor,
    *,
    category: str | None = None,
    sla: str | None = None,
    assignee_id: int | None = None,
    limit: int = 100,
) -> list[QueueRow]:
    """A category's open tickets, escalated, VIP and incident ones first, then by deadline.
    Duplicates queued behind another ticket are not shown until released (SUPPORT-6)."""
    actor.require_staff(*DESK)
    query = select(Ticket).where(
        Ticket.status.in_(OPEN_STATUSES), Ticket.queued_behind_id.is_(None)
    )
    if category:
        query = query.where(Ticket.category == category.upper())
    if assignee_id is not None:
        query = query.where(Ticket.assignee_id == assignee_id)
    query = query.order_by(
        case((Ticket.follow_ups > 0, 0), else_=1),
        case((Ticket.incident_id.is_not(None), 0), else_=1),
        case((Ticket.vip.is_(True), 0), else_=1),
        Ticket.resolve_by.is_(None),
        Ticket.resolve_by,
        Ticket.id,
    ).limit(max(1, min(limit, 500)))
    with rt.reader() as uow:
        rows = [
            QueueRow(t, sla_state_of(rt, t, uow.now)) for t in uow.session.execute(query).scalars()
        ]
    return [row for row in rows if sla is None or row.sla_state == sla]


def change_status(rt: Runtime, actor: Actor, ref: str, action: str, message: str = "") -> Ticket:
    """request_info (pauses the clock), hold, unhold, resolve, close; the message goes to the
    seller in the e-mail and the conversation."""
    actor.require_staff(*DESK)
    if action not in STAFF_ACTIONS:
        raise InvalidInput(f"the action is one of {', '.join(STAFF_ACTIONS)}")
    if action == "request_info" and not message.strip():
        raise InvalidInput("say what the seller should add", rule="SUPPORT-5")
    with rt.uow() as uow:
        ticket = ticket_for(uow.session, actor, ref, lock=True)
        if message.strip():
            _message(uow.session, ticket, actor, message.strip(), uow.now)
        apply(rt, uow, ticket, rules.transition(action, ticket.status, "staff"), actor, message)
        uow.commit()
        return ticket


def _message(
    session: Session,
    ticket: Ticket,
    actor: Actor,
    body: str,
    now: datetime,
    canned_id: int | None = None,
) -> TicketMessage:
    message = TicketMessage(
        ticket_id=ticket.id,
        author=actor.label,
        internal=False,
        body=body,
        canned_answer_id=canned_id,
        attachments=[],
        created_at=now,
    )
    session.add(message)
    return message


def staff_reply(
    rt: Runtime, actor: Actor, ref: str, *, body: str = "", canned_answer_id: int | None = None
) -> TicketMessage:
    """A public answer (typed, or a canned answer); the first one acknowledges the ticket."""
    actor.require_staff(*DESK)
    with rt.uow() as uow:
        ticket = ticket_for(uow.session, actor, ref, lock=True)
        if canned_answer_id is not None:
            canned = uow.session.get(CannedAnswer, canned_answer_id)
            if canned is None:
                raise NotFound(f"canned answer {canned_answer_id} not found")
            body = (canned.body + ("\n\n" + body if body.strip() else "")).strip()
        if not body.strip():
            raise InvalidInput("write an answer or choose a canned answer")
        if ticket.status not in OPEN_STATUSES:
            raise RuleViolation(f"ticket {ticket.number} is {ticket.status}", rule="SUPPORT-5")
        message = _message(uow.session, ticket, actor, body, uow.now, canned_id=canned_answer_id)
        first = ticket.acknowledged_at is None and ticket.opened_at is not None
        if first:
            ticket.acknowledged_at = uow.now
        record(uow, ticket, "staff_reply", actor, "SUPPORT-5", acknowledged=first)
        mail(rt, uow, ticket, body)
        uow.session.flush()
        uow.commit()
        return message


def acknowledge(rt: Runtime, actor: Actor, ref: str) -> Ticket:
    """SUPPORT-5: mark the ticket acknowledged (taken into work)."""
    actor.require_staff(*DESK)
    with rt.uow() as uow:
        ticket = ticket_for(uow.session, actor, ref, lock=True)
        if ticket.opened_at is None:
            raise RuleViolation("the ticket is not in the queue yet", rule="SUPPORT-5")
        if ticket.acknowledged_at is None:
            ticket.acknowledged_at = uow.now
            record(uow, ticket, "acknowledged", actor, "SUPPORT-5")
        uow.commit()
        return ticket


def add_note(rt: Runtime, actor: Actor, ref: str, body: str) -> TicketMessage:
    """An internal note: staff only, never shown or e-mailed to the seller."""
    actor.require_staff(*DESK, "moderator", "risk_reviewer")
    if not body.strip():
        raise InvalidInput("the note is empty")
    with rt.uow() as uow:
        ticket = ticket_for(uow.session, actor, ref, lock=True)
        note = TicketMessage(
            ticket_id=ticket.id,
            author=actor.label,
            internal=True,
            body=body.strip(),
            attachments=[],
            created_at=uow.now,
        )
        uow.session.add(note)
        uow.session.flush()
        uow.record(
            subject_type="ticket_note",
            subject_id=ticket.number,
            action="internal_note",
            actor=actor.label,
            rule="SUPPORT-5",
            payload={"note_id": note.id},
        )
        uow.commit()
        return note


def assign(rt: Runtime, actor: Actor, ref: str, staff_id: int | None) -> Ticket:
    """Give the ticket to a support agent (or take it back to the category queue)."""
    actor.require_staff(*DESK)
    with rt.uow() as uow:
        ticket = ticket_for(uow.session, actor, ref, lock=True)
        if staff_id is not None:
            staff = uow.session.get(Staff, staff_id)
            if staff is None or staff.role not in ("support_agent", "admin"):
                raise NotFound(f"support agent {staff_id} not found")
        ticket.assignee_id = staff_id
        record(uow, ticket, "assigned", actor, "SUPPORT-5", assignee_id=staff_id)
        uow.commit()
        return ticket


def add_canned(
    rt: Runtime, actor: Actor, *, title: str, body: str, language: str, category: str | None
) -> CannedAnswer:
    """A reusable answer in a support language (SUPPORT-10)."""
    actor.require_staff(*DESK)
    if language not in rt.policy.support.languages:
        raise InvalidInput(
            f"canned answers are in {', '.join(rt.policy.support.languages)}", rule="SUPPORT-10"
        )
    if category and rt.policy.support.categories.get(category) is None:
        raise InvalidInput(f"unknown category {category}")
    with rt.uow() as uow:
        row = CannedAnswer(
            title=title.strip(),
            body=body.strip(),
            language=language,
            category=category.upper() if category else None,
            created_by=actor.label,
            created_at=uow.now,
        )
        uow.session.add(row)
        uow.commit()
        return row


def list_canned(rt: Runtime, actor: Actor, language: str | None = None) -> list[CannedAnswer]:
    actor.require_staff(*DESK)
    query = select(CannedAnswer).order_by(CannedAnswer.id)
    if language:
        query = query.where(CannedAnswer.language == language)
    with rt.reader() as uow:
        return list(uow.session.execute(query).scalars())


def declare_incident(
    rt: Runtime, actor: Actor, *, kind: str, title: str, description: str = ""
) -> Incident:
    """SUPPORT-9: staff declare an outage, a wave of returns or a customs backlog."""
    actor.require_staff(*DESK)
    if kind not in rt.policy.support.incident_kinds:
        raise InvalidInput(
            f"an incident is one of {', '.join(rt.policy.support.incident_kinds)}",
            rule="SUPPORT-9",
        )
    with rt.uow() as uow:
        row = Incident(
            kind=kind,
            title=title.strip(),
            description=description,
            status="open",
            declared_at=uow.now,
            declared_by=actor.label,
        )
        uow.session.add(row)
        uow.session.flush()
        uow.record(
            subject_type="incident",
            subject_id=row.id,
            action="declared",
            actor=actor.label,
            rule="SUPPORT-9",
            payload={"kind": kind, "title": row.title},
        )
        uow.commit()
        return row


def link_tickets(rt: Runtime, actor: Actor, incident_id: int, refs: list[str]) -> list[Ticket]:
    """SUPPORT-9: linked tickets must be resolved within 2h of linking (calendar time); a linked
    duplicate leaves the throttle queue, the incident comes first."""
    actor.require_staff(*DESK)
    with rt.uow() as uow:
        incident = uow.session.get(Incident, incident_id, with_for_update=True)
        if incident is None:
            raise NotFound(f"incident {incident_id} not found")
        if incident.status != "open":
            raise RuleViolation(f"incident {incident_id} is closed", rule="SUPPORT-9")
        linked = []
        for ref in refs:
            ticket = ticket_for(uow.session, actor, ref, lock=True)
            if ticket.status not in OPEN_STATUSES:
                raise RuleViolation(f"ticket {ticket.number} is {ticket.status}", rule="SUPPORT-9")
            ticket.incident_id = incident.id
            ticket.queued_behind_id = None
            if ticket.status in rules.RUNNING:
                start_clocks(rt, ticket, uow.now)
            elif ticket.opened_at is not None:  # waiting for the seller: 2h once they reply
                ticket.clock = "emergency"
                ticket.remaining_seconds = int(
                    rt.policy.support.emergency_resolve_within.total_seconds()
                )
            record(
                uow,
                ticket,
                "linked_to_incident",
                actor,
                "SUPPORT-9",
                incident_id=incident.id,
                resolve_by=ticket.resolve_by.isoformat() if ticket.resolve_by else None,
            )
            linked.append(ticket)
        uow.commit()
        return linked


def close_incident(rt: Runtime, actor: Actor, incident_id: int) -> Incident:
    actor.require_staff(*DESK)
    with rt.uow() as uow:
        incident = uow.session.get(Incident, incident_id, with_for_update=True)
        if incident is None:
            raise NotFound(f"incident {incident_id} not found")
        incident.status, incident.closed_at = "closed", uow.now
        uow.record(
            subject_type="incident",
            subject_id=incident.id,
            action="closed",
            actor=actor.label,
            rule="SUPPORT-9",
        )
        uow.commit()
        return incident
