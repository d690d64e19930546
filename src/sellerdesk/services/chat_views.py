"""What each party sees of a conversation and its messages (CHAT-1, GUARD-9).

The seller sees the buyer's alias and buyer text with contact details masked; the buyer sees the
seller's store name; notices come in the reader's language. Views are built here, in the service
layer, so no entry point can leak the buyer's identity by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sellerdesk.access import Actor
from sellerdesk.domain.chat import pick_text, reply_until
from sellerdesk.policy import Policy
from sellerdesk.store.tables.chat import ChatConversation, ChatMessage


@dataclass(frozen=True)
class MessageView:
    id: int
    conversation_id: int
    author: str  # buyer | seller | system
    kind: str
    text: str
    texts: dict[str, str]
    notice_kind: str | None
    category: str | None
    replaces_id: int | None
    attachments: list[dict[str, Any]]
    created_at: datetime
    read: bool


@dataclass(frozen=True)
class ConversationView:
    id: int
    kind: str
    seller_id: int
    counterpart: str  # the buyer's alias for the seller, the store's name for the buyer
    posting_number: str | None
    sku: str | None
    created_at: datetime
    last_message_at: datetime | None
    unread: int
    reply_until: datetime | None  # CHAT-2, seller view only
    respond_by: datetime | None  # CHAT-7, seller view only
    first_response_at: datetime | None
    faq: list[dict[str, str]] = field(default_factory=list)  # CHAT-13, product conversations


def viewer_of(actor: Actor) -> str:
    return "seller" if actor.kind == "seller" else "buyer" if actor.kind == "buyer" else "staff"


def message_view(
    message: ChatMessage, conversation: ChatConversation, actor: Actor, language: str | None
) -> MessageView:
    """One message as `actor` may see it."""
    viewer = viewer_of(actor)
    if message.author == "system":
        text = pick_text(message.texts or {}, language, message.text)
    elif viewer == "seller":
        text = message.text_for_seller  # GUARD-9: the buyer's contact details are masked
    else:
        text = message.text
    read_upto = {
        "seller": conversation.seller_read_upto,
        "buyer": conversation.buyer_read_upto,
    }.get(viewer, message.id)
    return MessageView(
        id=message.id,
        conversation_id=message.conversation_id,
        author=message.author,
        kind=message.kind,
        text=text,
        texts=dict(message.texts or {}),
        notice_kind=message.notice_kind,
        category=message.category,
        replaces_id=message.replaces_id,
        attachments=[_attachment(a, viewer) for a in message.attachments or []],
        created_at=message.created_at,
        read=message.author == viewer or message.id <= read_upto,
    )


def _attachment(item: dict[str, Any], viewer: str) -> dict[str, Any]:
    shown: dict[str, Any] = {
        k: item[k] for k in ("file_id", "kind", "media_type", "size") if k in item
    }
    # The uploader's own file name may carry a name or a phone number: others see a neutral one.
    shown["name"] = item.get("name") if viewer in ("staff",) else item.get("display_name")
    return shown


def conversation_view(
    conversation: ChatConversation,
    actor: Actor,
    policy: Policy,
    *,
    posting_number: str | None,
    store_name: str,
    faq: list[dict[str, str]] | None = None,
) -> ConversationView:
    """One conversation as `actor` may see it: never the buyer's identity for a seller."""
    viewer = viewer_of(actor)
    seller_side = viewer in ("seller", "staff")
    return ConversationView(
        id=conversation.id,
        kind=conversation.kind,
        seller_id=conversation.seller_id,
        counterpart=conversation.buyer_alias if seller_side else store_name,
        posting_number=posting_number,
        sku=conversation.sku,
        created_at=conversation.created_at,
        last_message_at=conversation.last_message_at,
        unread=conversation.seller_unread
        if viewer == "seller"
        else conversation.buyer_unread
        if viewer == "buyer"
        else 0,
        reply_until=reply_until(conversation.reply_from, policy)
        if seller_side
        else None,
        respond_by=conversation.respond_by if seller_side else None,
        first_response_at=conversation.first_response_at if seller_side else None,
        faq=faq or [],
    )
