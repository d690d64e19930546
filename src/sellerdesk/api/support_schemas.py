"""Request and response shapes of the support desk API (SUPPORT-1..10)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sellerdesk.store.tables.support import Ticket


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class AttachmentIn(Strict):
    file_id: int
    role: Literal["screenshot", "commercial_invoice", "packing_list", "other"] = "other"


class TicketIn(Strict):
    title: str = Field(min_length=1, max_length=300, examples=["[LOGISTIC] CDEK 1234567890 stuck"])
    body: str = Field(min_length=1, max_length=20_000)
    fields: dict[str, str] = Field(default_factory=dict, examples=[{"order_number": "..."}])
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)
    cross_border: bool = False
    language: Literal["ru", "en"] | None = None


class TicketReplyIn(Strict):
    body: str = Field(min_length=1, max_length=20_000)
    title: str | None = Field(None, max_length=300)
    fields: dict[str, str] = Field(default_factory=dict)
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)
    cross_border: bool | None = None


class SellerActionIn(Strict):
    action: Literal["close", "reopen", "withdraw"]


class FollowUpIn(Strict):
    note: str = Field("", max_length=2000)


class StaffStatusIn(Strict):
    action: Literal["request_info", "hold", "unhold", "resolve", "close"]
    message: str = Field("", max_length=20_000)


class StaffReplyIn(Strict):
    body: str = Field("", max_length=20_000)
    canned_answer_id: int | None = None


class NoteIn(Strict):
    body: str = Field(min_length=1, max_length=20_000)


class AssignIn(Strict):
    staff_id: int | None


class CannedIn(Strict):
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=20_000)
    language: str = Field(min_length=2, max_length=5)
    category: str | None = None


class IncidentIn(Strict):
    kind: str
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=5000)


class LinkIn(Strict):
    tickets: list[str] = Field(min_length=1, max_length=500)


class InnIn(Strict):
    inn: str = Field(min_length=1, max_length=20)


class KycDocumentIn(Strict):
    kind: Literal["business_licence", "legal_representative_id", "bank_account_proof"]
    file_id: int


class DecisionIn(Strict):
    decision: Literal["approve", "reject"]
    note: str | None = Field(None, max_length=2000)


class ManagerIn(Strict):
    seller_id: int
    staff_id: int


class ArticleIn(Strict):
    slug: str = Field(min_length=1, max_length=120)
    language: str = Field(min_length=2, max_length=5)
    title: str = Field(min_length=1, max_length=300)
    body: str = Field(min_length=1, max_length=100_000)
    rules: list[str] = Field(default_factory=list)


class TicketOut(Out):
    id: int
    number: str
    category: str
    title: str
    body: str
    language: str
    status: str
    fields: dict[str, str]
    attachments: list[dict[str, Any]]
    cross_border: bool
    missing: list[dict[str, Any]]
    queued_behind_id: int | None
    incident_id: int | None
    assignee_id: int | None
    vip: bool
    created_at: datetime
    opened_at: datetime | None
    ack_by: datetime | None
    acknowledged_at: datetime | None
    clock: str
    resolve_by: datetime | None
    paused: bool
    remaining_seconds: int | None
    resolve_breached_at: datetime | None
    ack_breached_at: datetime | None
    follow_ups: int
    resolved_at: datetime | None
    closed_at: datetime | None
    sla_state: str | None = None

    @classmethod
    def of(cls, ticket: Ticket, sla_state: str | None = None) -> TicketOut:
        data = {
            name: getattr(ticket, name)
            for name in cls.model_fields
            if name not in ("paused", "sla_state")
        }
        paused = ticket.status == "waiting_for_seller" and ticket.remaining_seconds is not None
        return cls(**data, paused=paused, sla_state=sla_state)


class TicketMessageOut(Out):
    id: int
    author: str
    internal: bool
    body: str
    canned_answer_id: int | None
    attachments: list[Any]
    created_at: datetime


class TicketDetailOut(BaseModel):
    ticket: TicketOut
    messages: list[TicketMessageOut]


class ConditionOut(Out):
    name: str
    ok: bool
    rule: str
    message: str
    how_to_fix: str | None


class LiveChatOut(BaseModel):
    visible: bool
    rule: str = "SUPPORT-2"
    conditions: list[ConditionOut]


class TiersOut(BaseModel):
    rule: str = "SUPPORT-1"
    available: dict[str, bool]
    live_chat: LiveChatOut


class KycItemOut(Out):
    kind: str
    status: str
    value: str | None
    file_id: int | None
    note: str | None
    submitted_at: datetime
    decided_at: datetime | None


class MonthOut(Out):
    month: str
    accepted: int
    delivered: int
    rate: float | None


class EligibilityOut(Out):
    rule: str = "SUPPORT-8"
    eligible: bool
    annual_sales: Decimal
    annual_sales_converted: Decimal
    by_sales: bool
    by_fulfilment: bool
    months: list[MonthOut]
    reasons: list[str]


class VipGrantOut(Out):
    id: int
    seller_id: int
    status: str
    basis: dict[str, Any]
    requested_at: datetime
    decided_at: datetime | None
    note: str | None


class ManagerOut(BaseModel):
    seller_id: int
    staff_id: int
    name: str
    email: str
    assigned_at: datetime


class ArticleOut(Out):
    slug: str
    language: str
    title: str
    body: str
    rules: list[str]
    updated_at: datetime


class KbHitOut(BaseModel):
    slug: str
    language: str
    title: str
    rules: list[str]
    rank: float
    snippet: str


class CannedOut(Out):
    id: int
    title: str
    body: str
    language: str
    category: str | None


class IncidentOut(Out):
    id: int
    kind: str
    title: str
    description: str
    status: str
    declared_at: datetime
    closed_at: datetime | None
