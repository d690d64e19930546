"""Chat (CHAT-1..13) and the guard's records (GUARD-7, GUARD-8).

Messages are append-only (CHAT-9): an edit is a new message naming the one it replaces. A blocked
seller message is not a message: it is a `ChatBlockedAttempt` only its seller (and staff) can see.
Deadline columns (`respond_by`, `due_at`, vacation start/end) carry partial indexes on the open
rows, so a sweep that finds nothing is one index probe.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from sellerdesk.store.tables.base import Base, BigId, JsonData, MoneyAmount, UTCDateTime

RESPONSE_OPEN = "respond_by IS NOT NULL"
INVITE_OPEN = "sent_at IS NULL"
VACATION_SCHEDULED = "status = 'scheduled'"
VACATION_ACTIVE = "status = 'active'"


class ChatConversation(Base):
    """One conversation: a buyer and a seller about an order (posting) or a product (CHAT-1), or
    the platform and a seller (`kind = 'platform'`, no buyer) for system notices."""

    __tablename__ = "chat_conversations"
    __table_args__ = (
        Index("ix_chat_conversations_seller_id_id", "seller_id", "id"),
        Index("ix_chat_conversations_buyer_id_id", "buyer_id", "id"),
        # One conversation per order, per (buyer, seller, sku) and one platform inbox per seller.
        Index("uq_chat_conversations_key", "key", unique=True),
        Index(
            "ix_chat_conversations_respond_by_open",
            "respond_by",
            postgresql_where=text(RESPONSE_OPEN),
            sqlite_where=text(RESPONSE_OPEN),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(120))  # "order:12", "product:3:7:SKU", "platform:3"
    kind: Mapped[str] = mapped_column(String(10))  # order | product | platform
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    buyer_id: Mapped[int | None] = mapped_column(ForeignKey("buyers.id"))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    sku: Mapped[str | None] = mapped_column(String(64))
    buyer_alias: Mapped[str] = mapped_column(String(40))  # what the seller sees (CHAT-1)
    opened_by: Mapped[str] = mapped_column(String(10))  # buyer | seller | system
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_message_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_buyer_message_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # CHAT-2: the reply window runs from here: the latest buyer message, moved on by the time a
    # vacation stopped it (CHAT-8).
    reply_from: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # CHAT-7: the first buyer message starts the clock; the first seller answer stops it.
    first_buyer_message_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    respond_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    response_missed: Mapped[bool] = mapped_column(default=False)
    # CHAT-8: while the seller is on vacation the clock stops; the time left is kept here.
    response_paused_seconds: Mapped[int | None] = mapped_column(Integer)
    auto_replied_vacation_id: Mapped[int | None] = mapped_column(BigId)
    seller_unread: Mapped[int] = mapped_column(Integer, default=0)
    buyer_unread: Mapped[int] = mapped_column(Integer, default=0)
    seller_read_upto: Mapped[int] = mapped_column(BigId, default=0)
    buyer_read_upto: Mapped[int] = mapped_column(BigId, default=0)


class ChatMessage(Base):
    """An immutable message (CHAT-9). Buyer text is kept as written and, masked, for the seller
    (GUARD-9); system notices carry their text per language (CHAT-11)."""

    __tablename__ = "chat_messages"
    __table_args__ = (
        Index("ix_chat_messages_conversation_id_id", "conversation_id", "id"),
        Index("ix_chat_messages_order_id_category", "order_id", "category"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("chat_conversations.id"))
    seller_id: Mapped[int] = mapped_column(BigId)
    order_id: Mapped[int | None] = mapped_column(BigId)
    author: Mapped[str] = mapped_column(String(10))  # buyer | seller | system
    actor: Mapped[str] = mapped_column(String(40))  # "buyer:7", "seller:2", "system"
    # text | quick_phrase | template | notice | auto_reply
    kind: Mapped[str] = mapped_column(String(14))
    text: Mapped[str] = mapped_column(Text)
    text_for_seller: Mapped[str] = mapped_column(Text)  # buyer text through mask_contacts
    texts: Mapped[dict[str, Any]] = mapped_column(JsonData, default=dict)  # notice per language
    notice_kind: Mapped[str | None] = mapped_column(String(40))
    category: Mapped[str | None] = mapped_column(String(30))  # proactive category (CHAT-4)
    template_id: Mapped[int | None] = mapped_column(BigId)
    replaces_id: Mapped[int | None] = mapped_column(BigId)  # an edit names the old message
    source_event_id: Mapped[int | None] = mapped_column(BigId)  # the order event of a notice
    attachments: Mapped[list[Any]] = mapped_column(JsonData, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ChatBlockedAttempt(Base):
    """A seller message the guard stopped (GUARD-7), or held because the guard failed (kept for
    the seller to edit). Visible to its seller and to staff only."""

    __tablename__ = "chat_blocked_attempts"
    __table_args__ = (
        Index("ix_chat_blocked_attempts_seller_id_id", "seller_id", "id"),
        Index("ix_chat_blocked_attempts_status_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("chat_conversations.id"))
    order_id: Mapped[int | None] = mapped_column(BigId)
    source: Mapped[str] = mapped_column(String(14))  # text | quick_phrase | template
    template_id: Mapped[int | None] = mapped_column(BigId)
    text: Mapped[str] = mapped_column(Text)
    violations: Mapped[list[Any]] = mapped_column(JsonData, default=list)
    language: Mapped[str] = mapped_column(String(5))
    # blocked | confirmed | dismissed | held (guard failed: not delivered, not judged)
    status: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by: Mapped[str | None] = mapped_column(String(40))
    review_note: Mapped[str | None] = mapped_column(Text)


class ChatWarning(Base):
    """One warning on the seller's record per blocked message (GUARD-7); counted by GUARD-8."""

    __tablename__ = "chat_warnings"
    __table_args__ = (Index("ix_chat_warnings_seller_id_status", "seller_id", "status"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    attempt_id: Mapped[int] = mapped_column(ForeignKey("chat_blocked_attempts.id"))
    categories: Mapped[list[Any]] = mapped_column(JsonData, default=list)
    rule: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(10))  # active | withdrawn
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ChatViolation(Base):
    """A refused proactive contact (CHAT-2, CHAT-3, CHAT-4, CHAT-5), kept on the seller's record."""

    __tablename__ = "chat_violations"
    __table_args__ = (Index("ix_chat_violations_seller_id_id", "seller_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    conversation_id: Mapped[int | None] = mapped_column(BigId)
    order_id: Mapped[int | None] = mapped_column(BigId)
    kind: Mapped[str] = mapped_column(String(30))  # proactive_contact | unapproved_template
    rule: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text)
    facts: Mapped[dict[str, Any]] = mapped_column(JsonData, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ChatTemplate(Base):
    """A proactive template under review (CHAT-5) or a quick phrase (CHAT-6)."""

    __tablename__ = "chat_templates"
    __table_args__ = (
        Index("ix_chat_templates_seller_id_id", "seller_id", "id"),
        Index("ix_chat_templates_status_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    kind: Mapped[str] = mapped_column(String(12))  # proactive | quick_phrase
    category: Mapped[str | None] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    # proactive: pending | approved | rejected; quick phrase: active | archived
    status: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    review_expected_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by: Mapped[str | None] = mapped_column(String(40))
    review_note: Mapped[str | None] = mapped_column(Text)


class ChatSellerState(Base):
    """Per-seller chat state: permissions (MARKET-1), vacation flags (CHAT-8), GUARD-8 ladder."""

    __tablename__ = "chat_seller_states"

    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"), primary_key=True)
    permissions: Mapped[list[Any]] = mapped_column(JsonData, default=list)
    vacation_id: Mapped[int | None] = mapped_column(BigId)  # the active vacation
    listings_hidden: Mapped[bool] = mapped_column(default=False)
    warning_steps: Mapped[int] = mapped_column(Integer, default=0)  # 1 restricted, 2 suspended
    confirmed_cases: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ChatVacation(Base):
    """A vacation scheduled in advance (CHAT-8)."""

    __tablename__ = "chat_vacations"
    __table_args__ = (
        Index("ix_chat_vacations_seller_id_id", "seller_id", "id"),
        Index(
            "ix_chat_vacations_starts_at_scheduled",
            "starts_at",
            postgresql_where=text(VACATION_SCHEDULED),
            sqlite_where=text(VACATION_SCHEDULED),
        ),
        Index(
            "ix_chat_vacations_ends_at_active",
            "ends_at",
            postgresql_where=text(VACATION_ACTIVE),
            sqlite_where=text(VACATION_ACTIVE),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    auto_reply: Mapped[dict[str, Any]] = mapped_column(JsonData, default=dict)  # lang -> text
    status: Mapped[str] = mapped_column(String(10))  # scheduled | active | ended | cancelled
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ChatReviewInvite(Base):
    """The platform's review invitation, due a fixed time after delivery (CHAT-12)."""

    __tablename__ = "chat_review_invites"
    __table_args__ = (
        Index("uq_chat_review_invites_order_id", "order_id", unique=True),
        Index(
            "ix_chat_review_invites_due_at_open",
            "due_at",
            postgresql_where=text(INVITE_OPEN),
            sqlite_where=text(INVITE_OPEN),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    seller_id: Mapped[int] = mapped_column(BigId)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(20))  # sent | skipped_<status>


class ChatPromiseReport(Base):
    """A buyer's report that a promise written in chat was broken (CHAT-9, CHAT-10)."""

    __tablename__ = "chat_promise_reports"
    __table_args__ = (
        Index("uq_chat_promise_reports_message_id", "message_id", unique=True),
        Index("ix_chat_promise_reports_status_id", "status", "id"),
        Index("ix_chat_promise_reports_seller_id_id", "seller_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("chat_conversations.id"))
    message_id: Mapped[int] = mapped_column(ForeignKey("chat_messages.id"))
    seller_id: Mapped[int] = mapped_column(BigId)
    buyer_id: Mapped[int] = mapped_column(BigId)
    order_id: Mapped[int] = mapped_column(BigId)
    note: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))  # pending | confirmed | rejected
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(40))
    decision_note: Mapped[str | None] = mapped_column(Text)
    surcharge: Mapped[Decimal | None] = mapped_column(MoneyAmount)
    month: Mapped[str | None] = mapped_column(String(7))  # "2026-03" (K-10)


class ProductFaq(Base):
    """A seller's FAQ for one product, in Russian, shown before a product chat (CHAT-13)."""

    __tablename__ = "product_faqs"
    __table_args__ = (Index("uq_product_faqs_seller_id_sku", "seller_id", "sku", unique=True),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    sku: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(5))
    items: Mapped[list[Any]] = mapped_column(JsonData, default=list)  # [{"question", "answer"}]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ChatCursor(Base):
    """How far the chat projector has read the event log (CHAT-11 notices, CHAT-12 invites)."""

    __tablename__ = "chat_cursors"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_event_id: Mapped[int] = mapped_column(BigId, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
