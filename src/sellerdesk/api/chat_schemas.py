"""Request and response shapes of the chat API (CHAT-1..13, GUARD-7/8)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sellerdesk.services.chat_views import ConversationView, MessageView
from sellerdesk.store.tables.chat import (
    ChatBlockedAttempt,
    ChatPromiseReport,
    ChatTemplate,
    ChatVacation,
    ProductFaq,
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StartChatIn(Strict):
    posting_number: str | None = Field(None, max_length=40)
    seller_id: int | None = None
    sku: str | None = Field(None, max_length=64)


class MessageIn(Strict):
    text: str = ""
    replaces_message_id: int | None = None
    quick_phrase_id: int | None = None


class ReadIn(Strict):
    upto_message_id: int | None = None


class ProactiveIn(Strict):
    template_id: int
    reason: str | None = Field(None, max_length=40)


class LogisticsIn(Strict):
    kind: Literal["customs_cleared", "out_for_delivery", "delay"]
    note: str | None = Field(None, max_length=500)


class TemplateIn(Strict):
    category: str = Field(min_length=1, max_length=30)
    title: str = Field(min_length=1, max_length=200)
    text: str


class QuickPhraseIn(Strict):
    title: str = Field(min_length=1, max_length=200)
    text: str


class ReviewIn(Strict):
    decision: Literal["approve", "reject"]
    note: str | None = Field(None, max_length=2000)


class BlockReviewIn(Strict):
    decision: Literal["confirm", "dismiss"]
    note: str | None = Field(None, max_length=2000)


class PromiseReportIn(Strict):
    message_id: int
    note: str


class PromiseDecisionIn(Strict):
    decision: Literal["confirm", "reject"]
    note: str | None = Field(None, max_length=2000)


class VacationIn(Strict):
    starts_at: datetime
    ends_at: datetime
    auto_reply: dict[Literal["ru", "en", "zh"], str] | None = None


class FaqItem(Strict):
    question: str
    answer: str


class FaqIn(Strict):
    items: list[FaqItem] = Field(min_length=1, max_length=200)


class MessageOut(BaseModel):
    id: int
    conversation_id: int
    author: str
    kind: str
    text: str
    texts: dict[str, str]
    notice_kind: str | None
    category: str | None
    replaces_id: int | None
    attachments: list[dict[str, Any]]
    created_at: datetime
    read: bool

    @classmethod
    def of(cls, view: MessageView) -> MessageOut:
        return cls(**asdict(view))


class MessagePage(BaseModel):
    items: list[MessageOut]
    next_cursor: str | None


class ConversationOut(BaseModel):
    id: int
    kind: str
    seller_id: int
    counterpart: str
    posting_number: str | None
    sku: str | None
    created_at: datetime
    last_message_at: datetime | None
    unread: int
    reply_until: datetime | None
    respond_by: datetime | None
    first_response_at: datetime | None
    faq: list[dict[str, str]]

    @classmethod
    def of(cls, view: ConversationView) -> ConversationOut:
        return cls(**asdict(view))


class ConversationPage(BaseModel):
    items: list[ConversationOut]
    next_cursor: str | None


class UnreadOut(BaseModel):
    conversations: int
    messages: int


class TemplateOut(BaseModel):
    id: int
    kind: str
    category: str | None
    title: str
    text: str
    status: str
    created_at: datetime
    review_expected_by: datetime | None
    reviewed_at: datetime | None
    review_note: str | None

    @classmethod
    def of(cls, row: ChatTemplate) -> TemplateOut:
        return cls(
            id=row.id,
            kind=row.kind,
            category=row.category,
            title=row.title,
            text=row.text,
            status=row.status,
            created_at=row.created_at,
            review_expected_by=row.review_expected_by,
            reviewed_at=row.reviewed_at,
            review_note=row.review_note,
        )


class TemplatePage(BaseModel):
    items: list[TemplateOut]
    next_cursor: str | None


class BlockOut(BaseModel):
    id: int
    seller_id: int
    conversation_id: int | None
    order_id: int | None
    source: str
    text: str
    violations: list[dict[str, Any]]
    language: str
    status: str
    created_at: datetime
    reviewed_at: datetime | None
    review_note: str | None

    @classmethod
    def of(cls, row: ChatBlockedAttempt) -> BlockOut:
        return cls(
            id=row.id,
            seller_id=row.seller_id,
            conversation_id=row.conversation_id,
            order_id=row.order_id,
            source=row.source,
            text=row.text,
            violations=list(row.violations or []),
            language=row.language,
            status=row.status,
            created_at=row.created_at,
            reviewed_at=row.reviewed_at,
            review_note=row.review_note,
        )


class BlockPage(BaseModel):
    items: list[BlockOut]
    next_cursor: str | None


class VacationOut(BaseModel):
    id: int
    starts_at: datetime
    ends_at: datetime
    status: str
    auto_reply: dict[str, str]

    @classmethod
    def of(cls, row: ChatVacation) -> VacationOut:
        return cls(
            id=row.id,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            status=row.status,
            auto_reply=dict(row.auto_reply or {}),
        )


class FaqOut(BaseModel):
    seller_id: int
    sku: str
    language: str
    items: list[dict[str, str]]
    updated_at: datetime

    @classmethod
    def of(cls, row: ProductFaq) -> FaqOut:
        return cls(
            seller_id=row.seller_id,
            sku=row.sku,
            language=row.language,
            items=list(row.items or []),
            updated_at=row.updated_at,
        )


class PromiseReportOut(BaseModel):
    id: int
    conversation_id: int
    message_id: int
    order_id: int
    note: str
    status: str
    created_at: datetime
    decided_at: datetime | None
    decision_note: str | None
    surcharge: Decimal | None
    month: str | None

    @classmethod
    def of(cls, row: ChatPromiseReport) -> PromiseReportOut:
        return cls(
            id=row.id,
            conversation_id=row.conversation_id,
            message_id=row.message_id,
            order_id=row.order_id,
            note=row.note,
            status=row.status,
            created_at=row.created_at,
            decided_at=row.decided_at,
            decision_note=row.decision_note,
            surcharge=row.surcharge,
            month=row.month,
        )


class PromiseReportPage(BaseModel):
    items: list[PromiseReportOut]
    next_cursor: str | None


class PermissionsOut(BaseModel):
    seller_id: int
    permissions: list[str]


class ChatStatusOut(BaseModel):
    """What a seller needs to know about its chat standing (GUARD-7/8, CHAT-8, MARKET-1)."""

    warnings_active: int
    warning_steps: int
    confirmed_off_platform: int
    permissions: list[str]
    listings_hidden: bool
    vacation_id: int | None
    proactive_categories: list[str]
