"""Seller side of tickets (SUPPORT-3..7, SUPPORT-10): file, complete, reply, follow up, close.

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
from sellerdesk.errors import InvalidInput, NotFound
from sellerdesk.runtime import Runtime
from sellerdesk.services.support_files import is_timestamped, owned_files
from sellerdesk.store.tables import Order, Seller
from sellerdesk.store.tables.support import OPEN_STATUSES, Ticket, TicketCounter, TicketMessage
from sellerdesk.store.uow import UnitOfWork

ROLES = ("screenshot", "commercial_invoice", "packing_list", "other")


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


def _order_missing(session: Session, seller_id: int, fields: dict[str, str]) -> list[rules.Missing]:
    number = (fields.get("order_number") or "").strip()
    if not number:
        return []
    found = session.execute(
        select(Order.id).where(
            Order.seller_id == seller_id,
            (Order.posting_number == number) | (Order.order_number == number),
        )
    ).first()
    if found:
        return []
    return [rules.Missing("order_number", "SUPPORT-3", f"order {number} is not one of your orders")]


def _attachments(
    rt: Runtime, session: Session, actor: Actor, given: list[dict[str, Any]], known: list[Any]
) -> list[dict[str, Any]]:
    seen = {int(a["file_id"]) for a in known}
    files = owned_files(session, actor, [int(a["file_id"]) for a in given])
    merged = list(known)
    for item in given:
        role = item.get("role", "other")
        if role not in ROLES:
            raise InvalidInput(f"attachment role is one of {', '.join(ROLES)}")
        file_id = int(item["file_id"])
        if file_id in seen:
            continue
        seen.add(file_id)
        stamped = is_timestamped(rt, files[file_id]) if role == "screenshot" else True
        merged.append({"file_id": file_id, "role": role, "timestamped": stamped})
    return merged


def _missing(rt: Runtime, session: Session, ticket: Ticket) -> list[rules.Missing]:
    draft = rules.Draft(
        ticket.title,
        ticket.body,
        dict(ticket.fields),
        tuple(
            rules.Attachment(a["file_id"], a["role"], a["timestamped"]) for a in ticket.attachments
        ),
        ticket.cross_border,
    )
    return rules.check_ticket(draft, rt.policy) + _order_missing(
        session, ticket.seller_id, ticket.fields
    )


def _clean(fields: dict[str, Any]) -> dict[str, str]:
    from sellerdesk.policy.support import TICKET_FIELDS

    unknown = sorted(set(fields) - set(TICKET_FIELDS))
    if unknown:
        raise InvalidInput(f"unknown ticket field(s) {unknown}")
    return {k: str(v).strip() for k, v in fields.items() if v is not None and str(v).strip()}


def create_ticket(
    rt: Runtime,
    actor: Actor,
    *,
    title: str,
    body: str,
    fields: dict[str, Any] | None = None,
    attachments: list[dict[str, Any]] | None = None,
    cross_border: bool = False,
    language: str | None = None,
) -> Ticket:
    """SUPPORT-3: a complete ticket opens; an incomplete one is returned listing what is missing;
    a duplicate of an open one is queued behind it (SUPPORT-6)."""
    actor.require("seller")
    if not title.strip() or not body.strip():
        raise InvalidInput("a ticket needs a title and a description")
    with rt.uow() as uow:
        seller = uow.session.get(Seller, actor.id)
        assert seller is not None
        supported = rt.policy.support.languages
        if language is not None and language not in supported:
            raise InvalidInput(f"support answers in {', '.join(supported)}", rule="SUPPORT-10")
        clean = _clean(fields or {})
        ticket = Ticket(
            seller_id=actor.id,
            title=title.strip()[:300],
            body=body.strip(),
            language=language or language_of(seller.language, supported),
            fields=clean,
            attachments=_attachments(rt, uow.session, actor, attachments or [], []),
            cross_border=cross_border,
            status="new",
            missing=[],
            created_at=uow.now,
            clock="business",
            follow_ups=0,
            vip=_is_vip(uow.session, seller.id),
            version=1,
        )
        ticket.category = rules.category_of(ticket.title, rt.policy) or rules.UNSORTED
        ticket.number = next_number(uow.session, uow.now, rt)
        missing = _missing(rt, uow.session, ticket)
        ticket.missing = [vars(m) for m in missing]
        ticket.queued_behind_id = _duplicate_of(uow.session, ticket)
        uow.session.add(ticket)
        uow.session.flush()
        step = rules.transition(
            "return" if missing else "submit", None, "system" if missing else "seller"
        )
        apply(rt, uow, ticket, step, actor)
        if ticket.queued_behind_id is not None:
            record(
                uow,
                ticket,
                "queued_as_duplicate",
                actor,
                "SUPPORT-6",
                behind=ticket.queued_behind_id,
            )
        uow.commit()
        return ticket


def _is_vip(session: Session, seller_id: int | None) -> bool:
    from sellerdesk.store.tables.support import VipGrant

    return (
        session.execute(
            select(VipGrant.id).where(
                VipGrant.seller_id == seller_id, VipGrant.status == "approved"
            )
        ).first()
        is not None
    )


def _duplicate_of(session: Session, ticket: Ticket) -> int | None:
    """SUPPORT-6: the open ticket (by the indexed duplicate key) this one repeats, if any."""
    ticket.dup_key = rules.duplicate_key(ticket.category, ticket.fields, ticket.title)[:200]
    other = session.execute(
        select(Ticket)
        .where(
            Ticket.seller_id == ticket.seller_id,
            Ticket.dup_key == ticket.dup_key,
            Ticket.status.in_(OPEN_STATUSES),
        )
        .order_by(Ticket.id)
        .limit(1)
    ).scalar()
    return None if other is None else (other.queued_behind_id or other.id)


def reply(
    rt: Runtime,
    actor: Actor,
    ref: str,
    *,
    body: str,
    title: str | None = None,
    fields: dict[str, Any] | None = None,
    attachments: list[dict[str, Any]] | None = None,
    cross_border: bool | None = None,
) -> Ticket:
    """The seller answers: a returned ticket is checked again (and opens once complete), a ticket
    waiting for the seller resumes its clock, an open one just gets the message."""
    actor.require("seller")
    with rt.uow() as uow:
        ticket = ticket_for(uow.session, actor, ref, lock=True)
        if ticket.status not in OPEN_STATUSES:
            raise InvalidInput(
                f"ticket {ticket.number} is {ticket.status}",
                rule="SUPPORT-5",
                next_step="Reopen a resolved ticket, or file a new one.",
            )
        if title:
            ticket.title = title.strip()[:300]
        if fields:
            ticket.fields = {**ticket.fields, **_clean(fields)}
        if cross_border is not None:
            ticket.cross_border = cross_border
        ticket.attachments = _attachments(
            rt, uow.session, actor, attachments or [], ticket.attachments
        )
        uow.session.add(
            TicketMessage(
                ticket_id=ticket.id,
                author=actor.label,
                internal=False,
                body=body,
                attachments=[a["file_id"] for a in attachments or []],
                created_at=uow.now,
            )
        )
        if ticket.status == "waiting_for_seller" and ticket.missing:
            ticket.category = rules.category_of(ticket.title, rt.policy) or rules.UNSORTED
            ticket.dup_key = rules.duplicate_key(ticket.category, ticket.fields, ticket.title)[:200]
            missing = _missing(rt, uow.session, ticket)
            ticket.missing = [vars(m) for m in missing]
            if missing:
                record(uow, ticket, "still_incomplete", actor, "SUPPORT-3", missing=ticket.missing)
            else:
                apply(rt, uow, ticket, rules.transition("complete", ticket.status, "seller"), actor)
        elif ticket.status == "waiting_for_seller":
            apply(rt, uow, ticket, rules.transition("reply", ticket.status, "seller"), actor)
        else:
            record(uow, ticket, "seller_message", actor, "SUPPORT-5")
        uow.commit()
        return ticket


def seller_action(rt: Runtime, actor: Actor, ref: str, action: str) -> Ticket:
    """close (a resolved ticket), reopen (a resolved ticket), withdraw (an open one)."""
    actor.require("seller")
    if action not in ("close", "reopen", "withdraw"):
        raise InvalidInput("the action is close, reopen or withdraw")
    with rt.uow() as uow:
        ticket = ticket_for(uow.session, actor, ref, lock=True)
        apply(rt, uow, ticket, rules.transition(action, ticket.status, "seller"), actor)
        uow.commit()
        return ticket


def follow_up(rt: Runtime, actor: Actor, ref: str, note: str = "") -> Ticket:
    """SUPPORT-6: once per ticket, only past its deadline; escalates it in the staff queue."""
    actor.require("seller")
    with rt.uow() as uow:
        ticket = ticket_for(uow.session, actor, ref, lock=True)
        rules.check_follow_up(
            uow.now,
            status=ticket.status,
            follow_ups=ticket.follow_ups,
            ack_by=ticket.ack_by,
            acknowledged=ticket.acknowledged_at is not None,
            resolve_by=ticket.resolve_by,
            policy=rt.policy,
        )
        ticket.follow_ups += 1
        ticket.followed_up_at = uow.now
        if note.strip():
            uow.session.add(
                TicketMessage(
                    ticket_id=ticket.id,
                    author=actor.label,
                    internal=False,
                    body=note.strip(),
                    attachments=[],
                    created_at=uow.now,
                )
            )
        record(uow, ticket, "followed_up", actor, "SUPPORT-6", follow_ups=ticket.follow_ups)
        uow.commit()
        return ticket


def messages_of(rt: Runtime, actor: Actor, ref: str) -> tuple[Ticket, list[TicketMessage]]:
    """A ticket and its conversation; internal notes only for staff."""
    with rt.reader() as uow:
        ticket = ticket_for(uow.session, actor, ref)
        query = select(TicketMessage).where(TicketMessage.ticket_id == ticket.id)
        if not actor.is_staff:
            query = query.where(TicketMessage.internal.is_(False))
        return ticket, list(uow.session.execute(query.order_by(TicketMessage.id)).scalars())


def list_tickets(
    rt: Runtime, actor: Actor, *, status: str | None = None, limit: int = 50
) -> list[Ticket]:
    """The seller's own tickets, newest first."""
    actor.require("seller")
    query = select(Ticket).where(Ticket.seller_id == actor.id)
    if status:
        query = query.where(Ticket.status == status)
    with rt.reader() as uow:
        return list(
            uow.session.execute(
                query.order_by(Ticket.id.desc()).limit(max(1, min(limit, 200)))
            ).scalars()
        )
