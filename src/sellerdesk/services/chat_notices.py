"""System messages in chat (CHAT-11, CHAT-12): notices other capabilities post, logistics notices
on posting status changes, carrier logistics events, and review invitations.

A system notice is never seller contact: it opens no reply window, answers no buyer, counts in no
proactive limit. `post_system_notice` is what disputes, payouts and support call.
"""

from __future__ import annotations

from sqlalchemy import select

from sellerdesk.access import Actor, order_for
from sellerdesk.domain import chat_notices as notices
from sellerdesk.domain.chat import clean_text
from sellerdesk.errors import InvalidInput, NotFound
from sellerdesk.runtime import Runtime
from sellerdesk.services.chat_conversations import append, open_conversation
from sellerdesk.store.tables import Event, Order, Seller
from sellerdesk.store.tables.chat import ChatMessage, ChatReviewInvite
from sellerdesk.store.uow import UnitOfWork

NOTICE_KIND_MAX = 40


def post_system_notice(
    uow: UnitOfWork,
    *,
    seller_id: int,
    buyer_id: int | None,
    order_id: int | None,
    kind: str,
    texts: dict[str, str],
) -> None:
    """Append a platform notice (CHAT-11 style) in the caller's transaction.

    buyer_id None: to the seller's platform inbox. With a buyer: to the order's conversation
    (seen by both sides), created if needed; a buyer notice must name its order.
    """
    if not kind or len(kind) > NOTICE_KIND_MAX:
        raise InvalidInput(f"a notice kind is 1-{NOTICE_KIND_MAX} characters", rule="CHAT-11")
    if not texts:
        raise InvalidInput("a notice needs its text in at least one language", rule="CHAT-11")
    if buyer_id is not None and order_id is None:
        raise InvalidInput("a notice to a buyer must name the order it concerns", rule="CHAT-11")
    if uow.session.get(Seller, seller_id) is None:
        raise NotFound(f"seller {seller_id} not found")
    # Platform-written text: checked for control characters, not held to the seller's limit.
    cleaned = {lang: clean_text(text, None, field=f"texts.{lang}") for lang, text in texts.items()}
    if order_id is not None:
        order = uow.session.get(Order, order_id)
        if order is None or order.seller_id != seller_id:
            raise NotFound(f"order {order_id} of seller {seller_id} not found")
        if buyer_id is not None and order.buyer_id != buyer_id:
            raise NotFound(f"order {order_id} of buyer {buyer_id} not found")
    if buyer_id is None:
        conversation, _ = open_conversation(
            uow, kind="platform", seller_id=seller_id, buyer_id=None, opened_by="system"
        )
    else:
        conversation, _ = open_conversation(
            uow,
            kind="order",
            seller_id=seller_id,
            buyer_id=buyer_id,
            order_id=order_id,
            opened_by="system",
        )
    first = cleaned.get("ru") or next(iter(cleaned.values()))
    message = append(
        uow,
        conversation,
        author="system",
        actor="system",
        kind="notice",
        text=first,
        texts=cleaned,
        notice_kind=kind,
        rule="CHAT-11",
    )
    message.order_id = order_id  # a seller-only notice may still concern an order


def record_logistics_event(
    rt: Runtime, actor: Actor, posting_number: str, kind: str, note: str | None = None
) -> Event:
    """A carrier event on a posting (customs cleared, out for delivery, delay), reported by staff
    or the sandbox carrier feed; the buyer gets a notice (CHAT-11) and a delay makes the
    seller's `delay_notice` template usable (CHAT-4)."""
    actor.require_staff()
    if kind not in notices.LOGISTICS_EVENTS:
        raise InvalidInput(
            f"kind must be one of {', '.join(notices.LOGISTICS_EVENTS)}", rule="CHAT-11"
        )
    note_text = clean_text(note or "", 500, allow_empty=True, field="note")
    with rt.uow() as uow:
        order = order_for(uow.session, actor, posting_number)
        if order.status != "delivering":
            raise InvalidInput(
                f"posting {order.posting_number} is {order.status}; carrier events are "
                "reported while it is delivering",
                rule="CHAT-11",
            )
        event = uow.record(
            subject_type="order",
            subject_id=order.posting_number,
            action=f"logistics_{kind}",
            actor=actor.label,
            rule="CHAT-11",
            seller_id=order.seller_id,
            payload={"kind": kind, "note": note_text},
        )
        uow.commit()
        return event


def notice_for_event(uow: UnitOfWork, rt: Runtime, event: Event) -> str | None:
    """CHAT-11: the notice an order event calls for, posted as of the event's time; CHAT-12: a
    delivery schedules the review invitation. Returns a report line, or None."""
    kind = notices.NOTICE_FOR_ACTION.get(event.action)
    if kind is None or event.subject_type != "order":
        return None
    order = uow.session.execute(
        select(Order).where(Order.posting_number == event.subject_id)
    ).scalar()
    if order is None:
        return None
    texts = notices.notice_texts(
        kind,
        rt.policy.chat.system_notice_languages,
        posting_number=order.posting_number,
        tracking_number=event.payload.get("tracking_number") or order.tracking_number,
        note=event.payload.get("note"),
    )
    conversation, _ = open_conversation(
        uow,
        kind="order",
        seller_id=order.seller_id,
        buyer_id=order.buyer_id,
        order_id=order.id,
        opened_by="system",
    )
    append(
        uow,
        conversation,
        author="system",
        actor="system",
        kind="notice",
        text=texts.get("ru") or next(iter(texts.values())),
        texts=texts,
        notice_kind=kind,
        source_event_id=event.id,
        rule="CHAT-11",
        at=event.at,
    )
    if kind == "delivered":
        exists = uow.session.execute(
            select(ChatReviewInvite.id).where(ChatReviewInvite.order_id == order.id)
        ).scalar()
        if exists is None:
            uow.session.add(
                ChatReviewInvite(
                    order_id=order.id,
                    seller_id=order.seller_id,
                    due_at=event.at + rt.policy.chat.review_invite_after,
                )
            )
    return f"posting {order.posting_number} notice to the buyer: {kind}, CHAT-11"


def send_review_invite(uow: UnitOfWork, rt: Runtime, invite: ChatReviewInvite) -> str:
    """CHAT-12: the platform (never the seller) invites the buyer to review, a fixed time after
    delivery; a posting returned meanwhile gets no invitation."""
    order = uow.session.get(Order, invite.order_id)
    invite.sent_at = invite.due_at
    if order is None or order.status != "delivered":
        invite.outcome = f"skipped_{order.status if order else 'missing'}"[:20]
        return f"review invitation for order {invite.order_id} skipped, CHAT-12"
    texts = notices.notice_texts(
        "review_invite", rt.policy.chat.system_notice_languages, posting_number=order.posting_number
    )
    conversation, _ = open_conversation(
        uow,
        kind="order",
        seller_id=order.seller_id,
        buyer_id=order.buyer_id,
        order_id=order.id,
        opened_by="system",
    )
    append(
        uow,
        conversation,
        author="system",
        actor="system",
        kind="notice",
        text=texts.get("ru") or next(iter(texts.values())),
        texts=texts,
        notice_kind="review_invite",
        rule="CHAT-12",
        at=invite.due_at,
    )
    invite.outcome = "sent"
    return f"posting {order.posting_number} review invitation sent, CHAT-12"


def notices_of(uow: UnitOfWork, order_id: int) -> list[ChatMessage]:
    """The platform notices on one order, oldest first (for timelines and tests)."""
    return list(
        uow.session.execute(
            select(ChatMessage)
            .where(ChatMessage.order_id == order_id, ChatMessage.author == "system")
            .order_by(ChatMessage.id)
        ).scalars()
    )
