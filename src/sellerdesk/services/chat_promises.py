"""Promises written in chat (CHAT-9, CHAT-10, K-10).

A promise such as "a gift ships with this order" is an ordinary, immutable seller message. The
buyer reports it broken; once staff confirm, the seller pays a surcharge of the policy's share of
the commission charged in that calendar month (the month the posting shipped, Moscow time).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import false, func, select

from sellerdesk.access import Actor
from sellerdesk.domain import chat as rules
from sellerdesk.errors import Conflict, NotFound, RuleViolation
from sellerdesk.runtime import Runtime
from sellerdesk.services.chat_conversations import conversation_for
from sellerdesk.services.chat_notices import post_system_notice
from sellerdesk.services.paging import Page, decode_cursor, encode_cursor
from sellerdesk.store.tables import LedgerEntry, Order
from sellerdesk.store.tables.chat import ChatMessage, ChatPromiseReport

CENT = Decimal("0.01")


def report_broken_promise(
    rt: Runtime, actor: Actor, conversation_id: int, message_id: int, note: str
) -> ChatPromiseReport:
    """CHAT-10: the buyer points at the seller's message whose promise was not kept."""
    actor.require("buyer")
    note = rules.clean_text(note, rt.policy.chat.max_message_chars, field="note")
    with rt.uow() as uow:
        conversation = conversation_for(uow.session, actor, conversation_id)
        message = uow.session.get(ChatMessage, message_id)
        if (
            message is None
            or message.conversation_id != conversation.id
            or message.author != "seller"
        ):
            raise NotFound(f"seller message {message_id} not found in this conversation")
        order = uow.session.get(Order, conversation.order_id) if conversation.order_id else None
        if order is None or order.shipped_at is None:
            raise RuleViolation(
                "A broken promise can be reported once the order has shipped.",
                rule="CHAT-10",
                next_step="Report it after the parcel is shipped or delivered.",
            )
        taken = uow.session.execute(
            select(ChatPromiseReport.id).where(ChatPromiseReport.message_id == message.id)
        ).scalar()
        if taken is not None:
            raise Conflict(f"message {message_id} is already reported", rule="CHAT-10")
        report = ChatPromiseReport(
            conversation_id=conversation.id,
            message_id=message.id,
            seller_id=conversation.seller_id,
            buyer_id=actor.id,
            order_id=order.id,
            note=note,
            status="pending",
            created_at=uow.now,
        )
        uow.session.add(report)
        uow.session.flush()
        uow.record(
            subject_type="promise_report",
            subject_id=report.id,
            action="chat.promise_reported",
            actor=actor.label,
            rule="CHAT-10",
            seller_id=conversation.seller_id,
            payload={"message_id": message.id, "order_id": order.id},
        )
        uow.commit()
        return report


def month_bounds(at: datetime, rt: Runtime) -> tuple[str, datetime, datetime]:
    """K-10: the calendar month (policy time zone) containing `at`, as ("YYYY-MM", start, end)."""
    zone = rt.policy.business_calendar().zone
    local = at.astimezone(zone)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (
        start.replace(year=start.year + 1, month=1)
        if start.month == 12
        else start.replace(month=start.month + 1)
    )
    return f"{start:%Y-%m}", start, end


def decide_promise_report(
    rt: Runtime, actor: Actor, report_id: int, decision: str, note: str | None = None
) -> ChatPromiseReport:
    """CHAT-10/K-10: staff confirm (surcharge = share x that month's commission) or reject."""
    actor.require_staff("support_agent", "risk_reviewer")
    with rt.uow() as uow:
        report = uow.session.execute(
            select(ChatPromiseReport).where(ChatPromiseReport.id == report_id).with_for_update()
        ).scalar()
        if report is None:
            raise NotFound(f"promise report {report_id} not found")
        if report.status != "pending":
            raise Conflict(f"promise report {report_id} is already {report.status}", rule="CHAT-10")
        report.status = "confirmed" if decision == "confirm" else "rejected"
        report.decided_at = uow.now
        report.decided_by = actor.label
        report.decision_note = note
        order = uow.session.get(Order, report.order_id)
        assert order is not None
        if report.status == "confirmed":
            month, start, end = month_bounds(order.shipped_at or uow.now, rt)
            commission = uow.session.execute(
                select(func.sum(LedgerEntry.amount)).where(
                    LedgerEntry.seller_id == report.seller_id,
                    LedgerEntry.kind == "commission",
                    LedgerEntry.at >= start,
                    LedgerEntry.at < end,
                )
            ).scalar()
            charged = abs(Decimal(commission or 0)).quantize(CENT)
            rate = Decimal(str(rt.policy.chat.broken_promise_commission_surcharge))
            surcharge = (charged * rate).quantize(CENT)
            report.month = month
            report.surcharge = surcharge
            if surcharge > 0:
                uow.session.add(
                    LedgerEntry(
                        seller_id=report.seller_id,
                        order_id=order.id,
                        kind="surcharge",
                        amount=-surcharge,
                        currency=order.currency,
                        rule="CHAT-10",
                        memo=f"broken promise on {order.posting_number}: {rate:.0%} of {month} "
                        f"commission {charged}",
                        at=uow.now,
                    )
                )
        uow.record(
            subject_type="promise_report",
            subject_id=report.id,
            action=f"chat.promise_{report.status}",
            actor=actor.label,
            rule="CHAT-10",
            seller_id=report.seller_id,
            payload={
                "month": report.month,
                "surcharge": str(report.surcharge) if report.surcharge is not None else None,
                "note": note,
            },
        )
        word = {"confirmed": ("подтверждена", "confirmed"), "rejected": ("отклонена", "rejected")}
        ru, en = word[report.status]
        tail = f" Surcharge: {report.surcharge} ({report.month})." if report.surcharge else ""
        post_system_notice(
            uow,
            seller_id=report.seller_id,
            buyer_id=None,
            order_id=None,
            kind="promise_report_decided",
            texts={
                "ru": f"Жалоба на невыполненное обещание по заказу {order.posting_number} {ru}.",
                "en": f"The broken-promise report on order {order.posting_number} was {en}." + tail,
            },
        )
        uow.commit()
        return report


def list_promise_reports(
    rt: Runtime,
    actor: Actor,
    *,
    status: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[ChatPromiseReport]:
    """Buyers see their reports, sellers the ones about them, staff the queue."""
    query = select(ChatPromiseReport)
    if actor.kind == "buyer":
        query = query.where(ChatPromiseReport.buyer_id == actor.id)
    elif actor.kind == "seller":
        query = query.where(ChatPromiseReport.seller_id == actor.id)
    elif not actor.is_staff:
        query = query.where(false())
    if status:
        query = query.where(ChatPromiseReport.status == status)
    if cursor:
        query = query.where(ChatPromiseReport.id < decode_cursor(cursor))
    limit = max(1, min(limit, 200))
    with rt.reader() as uow:
        rows = list(
            uow.session.execute(
                query.order_by(ChatPromiseReport.id.desc()).limit(limit + 1)
            ).scalars()
        )
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, encode_cursor(rows[-1].id) if more and rows else None)
