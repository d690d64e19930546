"""Conversations and the one way a message is written, inside the caller's unit of work.

`conversation_for` is the access loader (another party's conversation answers 404, K-16);
`open_conversation` finds or creates the one conversation for an order, a product question or a
seller's platform inbox; `append` writes an immutable message, its unread counters and its event.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import false, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sellerdesk.access import Actor
from sellerdesk.errors import NotFound
from sellerdesk.store.tables.chat import ChatConversation, ChatMessage
from sellerdesk.store.uow import UnitOfWork

MESSAGE_EVENT = "chat.message"


def conversation_for(
    session: Session, actor: Actor, conversation_id: int, *, lock: bool = False
) -> ChatConversation:
    """The conversation if the actor takes part in it (staff see all), else NotFound."""
    query = select(ChatConversation).where(ChatConversation.id == conversation_id)
    if actor.kind == "seller":
        query = query.where(ChatConversation.seller_id == actor.id)
    elif actor.kind == "buyer":
        query = query.where(
            ChatConversation.buyer_id == actor.id, ChatConversation.kind != "platform"
        )
    elif actor.kind not in ("staff", "system"):
        query = query.where(false())
    if lock:
        query = query.with_for_update()
    found = session.execute(query).scalar()
    if found is None:
        raise NotFound(f"conversation {conversation_id} not found")
    return found


def conversation_key(
    kind: str, seller_id: int, buyer_id: int | None, order_id: int | None, sku: str | None
) -> str:
    if kind == "order":
        return f"order:{order_id}"
    if kind == "product":
        return f"product:{seller_id}:{buyer_id}:{sku}"
    return f"platform:{seller_id}"


def new_alias() -> str:
    """CHAT-1: the seller sees a random alias per conversation, never the buyer's identity."""
    return f"Buyer {secrets.token_hex(3).upper()}"


def open_conversation(
    uow: UnitOfWork,
    *,
    kind: str,
    seller_id: int,
    buyer_id: int | None,
    order_id: int | None = None,
    sku: str | None = None,
    opened_by: str,
    lock: bool = True,
) -> tuple[ChatConversation, bool]:
    """The conversation for this key, created if needed; returns (conversation, created)."""
    key = conversation_key(kind, seller_id, buyer_id, order_id, sku)
    query = select(ChatConversation).where(ChatConversation.key == key)
    if lock:
        query = query.with_for_update()
    found = uow.session.execute(query).scalar()
    if found is not None:
        return found, False
    conversation = ChatConversation(
        key=key,
        kind=kind,
        seller_id=seller_id,
        buyer_id=buyer_id,
        order_id=order_id,
        sku=sku,
        buyer_alias=new_alias() if buyer_id is not None else "Ozon",
        opened_by=opened_by,
        created_at=uow.now,
        response_missed=False,
        seller_unread=0,
        buyer_unread=0,
        seller_read_upto=0,
        buyer_read_upto=0,
    )
    try:
        with uow.session.begin_nested():
            uow.session.add(conversation)
    except IntegrityError:  # another request opened it a moment ago: use that one
        found = uow.session.execute(query).scalar_one()
        return found, False
    uow.record(
        subject_type="conversation",
        subject_id=conversation.id,
        action="chat.opened",
        actor=opened_by,
        rule="CHAT-1",
        seller_id=seller_id,
        payload={"kind": kind, "order_id": order_id, "sku": sku},
    )
    return conversation, True


def append(
    uow: UnitOfWork,
    conversation: ChatConversation,
    *,
    author: str,
    actor: str,
    kind: str,
    text: str,
    text_for_seller: str | None = None,
    texts: dict[str, str] | None = None,
    notice_kind: str | None = None,
    category: str | None = None,
    template_id: int | None = None,
    replaces_id: int | None = None,
    source_event_id: int | None = None,
    attachments: list[dict[str, Any]] | None = None,
    rule: str = "CHAT-9",
    at: datetime | None = None,
) -> ChatMessage:
    """Write one immutable message (CHAT-9), bump the other side's unread count, record it."""
    when = at or uow.now
    message = ChatMessage(
        conversation_id=conversation.id,
        seller_id=conversation.seller_id,
        order_id=conversation.order_id,
        author=author,
        actor=actor,
        kind=kind,
        text=text,
        text_for_seller=text if text_for_seller is None else text_for_seller,
        texts=texts or {},
        notice_kind=notice_kind,
        category=category,
        template_id=template_id,
        replaces_id=replaces_id,
        source_event_id=source_event_id,
        attachments=attachments or [],
        created_at=when,
    )
    uow.session.add(message)
    uow.session.flush()
    if conversation.last_message_at is None or when >= conversation.last_message_at:
        conversation.last_message_at = when
    if author != "seller":
        conversation.seller_unread += 1
    if author != "buyer" and conversation.buyer_id is not None:
        conversation.buyer_unread += 1
    uow.record(
        subject_type="conversation",
        subject_id=conversation.id,
        action=MESSAGE_EVENT,
        actor=actor,
        rule=rule,
        seller_id=conversation.seller_id,
        payload={
            "message_id": message.id,
            "author": author,
            "kind": kind,
            "notice_kind": notice_kind,
            "category": category,
            "order_id": conversation.order_id,
            "replaces_id": replaces_id,
            "attachments": len(message.attachments),
        },
        at=when,
    )
    return message
