"""Seller side of tickets (SUPPORT-3..7, SUPPORT-10): file, complete, reply, follow up, close.
The state machinery and e-mails are in `support_workflow`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sellerdesk.access import Actor
from sellerdesk.domain import support_tickets as rules
from sellerdesk.domain.support_texts import language_of
from sellerdesk.errors import InvalidInput
from sellerdesk.runtime import Runtime
from sellerdesk.services.support_files import is_timestamped, owned_files
from sellerdesk.services.support_workflow import apply, next_number, record, ticket_for
from sellerdesk.store.tables import Order, Seller
from sellerdesk.store.tables.support import OPEN_STATUSES, Ticket, TicketMessage

ROLES = ("screenshot", "commercial_invoice", "packing_list", "other")


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
