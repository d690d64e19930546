"""The ticket machinery shared by the seller and staff use cases: the loader, ticket numbers, the
interpreter of the state table (status, SLA clock, acknowledgement, duplicates released) and the
status e-mail (SUPPORT-4, SUPPORT-5, SUPPORT-6).

Ticket numbers come from a per-day counter row bumped by an atomic upsert (INSERT ... ON CONFLICT
DO UPDATE ... RETURNING), which row-locks the day on PostgreSQL, so concurrent creators never share
a number. Every status change is e-mailed through the outbox with the number in the subject.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from sellerdesk.access import Actor
from sellerdesk.domain import support_tickets as rules
from sellerdesk.domain.support_texts import language_of, say
from sellerdesk.errors import NotFound
from sellerdesk.runtime import Runtime
from sellerdesk.store.tables import Seller
from sellerdesk.store.tables.support import OPEN_STATUSES, Ticket, TicketCounter
from sellerdesk.store.uow import UnitOfWork


def ticket_for(session: Session, actor: Actor, ref: str | int, *, lock: bool = False) -> Ticket:
    """A ticket by number (T-...) or id: the seller's own, or any for staff; else 404 (K-16)."""
    query: Select[tuple[Ticket]] = select(Ticket)
    if isinstance(ref, str) and ref.upper().startswith("T-"):
        query = query.where(Ticket.number == ref.upper())
    else:
        try:
            query = query.where(Ticket.id == int(ref))
        except ValueError:
            raise NotFound(f"ticket {ref} not found") from None
    if actor.kind == "seller":
        query = query.where(Ticket.seller_id == actor.id)
    elif actor.kind not in ("staff", "system"):
        query = query.where(False)
    if lock:
        query = query.with_for_update()
    found = session.execute(query).scalar()
    if found is None:
        raise NotFound(f"ticket {ref} not found")
    return found


def next_number(session: Session, now: datetime, rt: Runtime) -> str:
    """SUPPORT-4: T-YYYYMMDD-NNNNN, the date in the platform's zone, unique under concurrency."""
    day = rt.policy.business_calendar().local(now).strftime("%Y%m%d")
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(TicketCounter)
        .values(day=day, last=1)
        .on_conflict_do_update(index_elements=["day"], set_={"last": TicketCounter.last + 1})
        .returning(TicketCounter.last)
    )
    count = session.execute(statement).scalar_one()
    return f"T-{day}-{count:05d}"


def record(
    uow: UnitOfWork, ticket: Ticket, action: str, actor: Actor, rule: str, **payload: Any
) -> None:
    uow.record(
        subject_type="ticket",
        subject_id=ticket.number,
        action=action,
        actor=actor.label,
        rule=rule,
        seller_id=ticket.seller_id,
        payload={"status": ticket.status, **payload},
    )


def mail(rt: Runtime, uow: UnitOfWork, ticket: Ticket, message: str | None = None) -> None:
    """SUPPORT-4: the status e-mail, number in the subject, in the seller's language (SUPPORT-10)."""
    seller = uow.session.get(Seller, ticket.seller_id)
    assert seller is not None
    lang = language_of(seller.language, rt.policy.support.languages)
    status = say(lang, f"status_{ticket.status}")
    lines = [
        say(lang, "mail_greeting", name=seller.name),
        "",
        say(lang, "mail_status", number=ticket.number, status=status),
    ]
    if ticket.missing:
        lines += ["", say(lang, "mail_missing")] + [
            f"- {m['message']} ({m['rule']})" for m in ticket.missing
        ]
    if ticket.queued_behind_id is not None and ticket.status in OPEN_STATUSES:
        other = uow.session.get(Ticket, ticket.queued_behind_id)
        lines += ["", say(lang, "mail_queued", other=other.number if other else "")]
    if ticket.status in rules.RUNNING and ticket.resolve_by is not None:
        due = rt.policy.business_calendar().local(ticket.resolve_by).strftime("%Y-%m-%d %H:%M")
        lines += ["", say(lang, "mail_due", due=due)]
    if ticket.status == "waiting_for_seller" and ticket.remaining_seconds is not None:
        lines += ["", say(lang, "mail_paused")]
    if message:
        lines += ["", say(lang, "mail_message"), message]
    lines += ["", say(lang, "mail_footer", number=ticket.number)]
    subject = say(lang, "mail_subject", number=ticket.number, status=status, title=ticket.title)
    uow.outbox(
        "email",
        {"to": seller.email, "subject": subject[:200], "body": "\n".join(lines)},
        seller_id=ticket.seller_id,
    )


def _clock(ticket: Ticket) -> rules.Clock:
    left = ticket.remaining_seconds
    return rules.Clock(
        ticket.clock, ticket.resolve_by, timedelta(seconds=left) if left is not None else None
    )


def start_clocks(rt: Runtime, ticket: Ticket, now: datetime) -> None:
    """Acknowledge (24h) and resolve (48 business hours, or 2h in an incident) clocks from now."""
    ticket.opened_at = ticket.opened_at or now
    ticket.ack_by = ticket.ack_by or rules.ack_deadline(now, rt.policy)
    clock = rules.start_clock(
        now, rt.policy, rt.policy.business_calendar(), ticket.incident_id is not None
    )
    ticket.clock, ticket.resolve_by, ticket.remaining_seconds = clock.kind, clock.resolve_by, None
    ticket.resolve_breached_at = None


def apply(
    rt: Runtime,
    uow: UnitOfWork,
    ticket: Ticket,
    step: rules.Transition,
    actor: Actor,
    message: str | None = None,
) -> None:
    """Write a transition: status, SLA clock, acknowledgement, event and the status e-mail."""
    before, now = ticket.status, uow.now
    cal = rt.policy.business_calendar()
    if step.clock == "start" and ticket.queued_behind_id is None:
        start_clocks(rt, ticket, now)
    elif step.clock == "pause":
        paused = rules.pause_clock(_clock(ticket), now, cal)
        ticket.resolve_by = None
        ticket.remaining_seconds = int(paused.remaining.total_seconds()) if paused.remaining else 0
        ticket.paused_at = now
    elif step.clock == "resume" and ticket.remaining_seconds is not None:
        resumed = rules.resume_clock(_clock(ticket), now, cal)
        ticket.resolve_by, ticket.remaining_seconds, ticket.paused_at = (
            resumed.resolve_by,
            None,
            None,
        )
    if actor.is_staff and ticket.acknowledged_at is None and ticket.opened_at is not None:
        ticket.acknowledged_at = now
    if step.target == "resolved":
        ticket.resolved_at = now
    if step.target == "closed":
        ticket.closed_at = now
    ticket.status = step.target
    ticket.version += 1
    if step.target not in OPEN_STATUSES:
        _release_queued(rt, uow, ticket)
    record(uow, ticket, step.action, actor, step.rule, **{"from": before, "says": step.says})
    if before != ticket.status:
        mail(rt, uow, ticket, message)


def _release_queued(rt: Runtime, uow: UnitOfWork, original: Ticket) -> None:
    """SUPPORT-6: duplicates queued behind a ticket that is done now enter the queue."""
    for queued in uow.session.execute(
        select(Ticket).where(Ticket.queued_behind_id == original.id).with_for_update()
    ).scalars():
        queued.queued_behind_id = None
        if queued.status in rules.RUNNING:
            start_clocks(rt, queued, uow.now)
        record(
            uow, queued, "released_from_queue", Actor("system"), "SUPPORT-6", behind=original.number
        )
