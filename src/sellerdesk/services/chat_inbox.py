"""Reading chats (CHAT-1, GUARD-9): conversation lists with unread counts, message pages with a
cursor, read marks. What each party sees is decided in `chat_views`."""

from __future__ import annotations

from sqlalchemy import func, select

from sellerdesk.access import Actor
from sellerdesk.runtime import Runtime
from sellerdesk.services.chat_conversations import conversation_for
from sellerdesk.services.chat_views import (
    ConversationView,
    MessageView,
    conversation_view,
    message_view,
)
from sellerdesk.services.paging import Page, decode_cursor, encode_cursor
from sellerdesk.store.tables import Buyer, Order, Seller
from sellerdesk.store.tables.chat import ChatConversation, ChatMessage, ProductFaq
from sellerdesk.store.uow import UnitOfWork


def language_of_actor(uow: UnitOfWork, actor: Actor) -> str | None:
    """The reader's language, for notices and explanations."""
    if actor.kind == "seller":
        seller = uow.session.get(Seller, actor.id)
        return seller.language if seller else None
    if actor.kind == "buyer":
        buyer = uow.session.get(Buyer, actor.id)
        return buyer.language if buyer else None
    return None


def view_of(
    uow: UnitOfWork, rt: Runtime, actor: Actor, conversation: ChatConversation
) -> ConversationView:
    posting = None
    if conversation.order_id is not None:
        order = uow.session.get(Order, conversation.order_id)
        posting = order.posting_number if order else None
    seller = uow.session.get(Seller, conversation.seller_id)
    faq: list[dict[str, str]] = []
    if conversation.kind == "product":
        row = uow.session.execute(
            select(ProductFaq).where(
                ProductFaq.seller_id == conversation.seller_id, ProductFaq.sku == conversation.sku
            )
        ).scalar()
        faq = list(row.items) if row else []
    return conversation_view(
        conversation,
        actor,
        rt.policy,
        posting_number=posting,
        store_name=seller.name if seller else "",
        faq=faq,
    )


def get_conversation(rt: Runtime, actor: Actor, conversation_id: int) -> ConversationView:
    with rt.reader() as uow:
        return view_of(uow, rt, actor, conversation_for(uow.session, actor, conversation_id))


def list_conversations(
    rt: Runtime,
    actor: Actor,
    *,
    unread_only: bool = False,
    seller_id: int | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[ConversationView]:
    """The actor's conversations, newest first, each with its unread count for the actor."""
    actor.require("buyer", "seller", "staff")
    query = select(ChatConversation)
    if actor.kind == "seller":
        query = query.where(ChatConversation.seller_id == actor.id)
        if unread_only:
            query = query.where(ChatConversation.seller_unread > 0)
    elif actor.kind == "buyer":
        query = query.where(
            ChatConversation.buyer_id == actor.id, ChatConversation.kind != "platform"
        )
        if unread_only:
            query = query.where(ChatConversation.buyer_unread > 0)
    elif seller_id is not None:
        query = query.where(ChatConversation.seller_id == seller_id)
    if cursor:
        query = query.where(ChatConversation.id < decode_cursor(cursor))
    limit = max(1, min(limit, 200))
    with rt.reader() as uow:
        rows = list(
            uow.session.execute(
                query.order_by(ChatConversation.id.desc()).limit(limit + 1)
            ).scalars()
        )
        more = len(rows) > limit
        rows = rows[:limit]
        views = [view_of(uow, rt, actor, c) for c in rows]
    return Page(views, encode_cursor(rows[-1].id) if more and rows else None)


def unread_totals(rt: Runtime, actor: Actor) -> dict[str, int]:
    """How many conversations have unread messages for the actor, and how many messages."""
    actor.require("buyer", "seller")
    seller = actor.kind == "seller"
    column = ChatConversation.seller_unread if seller else ChatConversation.buyer_unread
    mine = (
        ChatConversation.seller_id == actor.id if seller else ChatConversation.buyer_id == actor.id
    )
    with rt.reader() as uow:
        conversations, messages = uow.session.execute(
            select(func.count(ChatConversation.id), func.coalesce(func.sum(column), 0)).where(
                mine, column > 0
            )
        ).one()
    return {"conversations": int(conversations), "messages": int(messages)}


def list_messages(
    rt: Runtime, actor: Actor, conversation_id: int, *, cursor: str | None = None, limit: int = 50
) -> Page[MessageView]:
    """Messages newest first with an opaque cursor; what the actor may see of each."""
    limit = max(1, min(limit, 200))
    with rt.reader() as uow:
        conversation = conversation_for(uow.session, actor, conversation_id)
        query = select(ChatMessage).where(ChatMessage.conversation_id == conversation.id)
        if cursor:
            query = query.where(ChatMessage.id < decode_cursor(cursor))
        rows = list(
            uow.session.execute(query.order_by(ChatMessage.id.desc()).limit(limit + 1)).scalars()
        )
        more = len(rows) > limit
        rows = rows[:limit]
        language = language_of_actor(uow, actor)
        views = [message_view(m, conversation, actor, language) for m in rows]
    return Page(views, encode_cursor(rows[-1].id) if more and rows else None)


def mark_read(
    rt: Runtime, actor: Actor, conversation_id: int, upto_message_id: int | None = None
) -> ConversationView:
    """Read marks: everything up to `upto_message_id` (default: the latest) is read."""
    actor.require("buyer", "seller")
    with rt.uow() as uow:
        conversation = conversation_for(uow.session, actor, conversation_id, lock=True)
        latest = uow.session.execute(
            select(func.max(ChatMessage.id)).where(ChatMessage.conversation_id == conversation.id)
        ).scalar()
        upto = min(upto_message_id or latest or 0, latest or 0)
        side = actor.kind
        current = getattr(conversation, f"{side}_read_upto")
        upto = max(current, upto)
        setattr(conversation, f"{side}_read_upto", upto)
        unread = uow.session.execute(
            select(func.count(ChatMessage.id)).where(
                ChatMessage.conversation_id == conversation.id,
                ChatMessage.id > upto,
                ChatMessage.author != side,
            )
        ).scalar_one()
        setattr(conversation, f"{side}_unread", int(unread))
        uow.record(
            subject_type="conversation",
            subject_id=conversation.id,
            action="chat.read",
            actor=actor.label,
            seller_id=conversation.seller_id,
            payload={"reader": side, "upto": upto},
        )
        uow.commit()
        return view_of(uow, rt, actor, conversation)
