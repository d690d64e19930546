"""Request and response shapes of tracking, complaints, refunds, disputes and appeals."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from sellerdesk.domain.refunds import TRACKING_STATUSES
from sellerdesk.services.appeals import CheckReport
from sellerdesk.services.disputes import DisputeView
from sellerdesk.services.refund_tracking import Tracking
from sellerdesk.store.tables import Event
from sellerdesk.store.tables.disputes import Appeal, AppealFile, Dispute


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TrackingEventIn(Strict):
    carrier: str = Field(min_length=1, max_length=64, examples=["CDEK"])
    status: str = Field(examples=list(TRACKING_STATUSES))
    location: str = Field("", max_length=200)
    occurred_at: datetime | None = Field(None, description="Default: now (sandbox time)")
    expected_delivery_date: date | None = Field(
        None, description="The carrier's expected delivery date (K-20: Moscow calendar date)"
    )


class FileDetailsIn(Strict):
    """Per evidence file (keyed by file name in the multipart `details` JSON field)."""

    source: str | None = None
    skus: list[str] = Field(default_factory=list, max_length=100)
    translation_of: str | None = Field(None, description="File name of the translated document")


class TrackingEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    carrier: str
    status: str
    location: str
    occurred_at: datetime
    expected_delivery_date: date | None
    reported_by: str


class TrackingOut(BaseModel):
    state: str  # not_tracked | watching | delivered | refunded | closed
    carrier: str | None
    last_status: str | None
    last_event_at: datetime | None
    stall_due_at: datetime | None
    expected_delivery_date: date | None
    delivery_due_at: datetime | None
    rule: str = "REFUND-1"
    events: list[TrackingEventOut]

    @classmethod
    def of(cls, found: Tracking) -> TrackingOut:
        watch = found.watch
        return cls(
            state=watch.state if watch else "not_tracked",
            carrier=watch.carrier if watch else None,
            last_status=watch.last_status if watch else None,
            last_event_at=watch.last_event_at if watch else None,
            stall_due_at=watch.stall_due_at if watch and watch.state == "watching" else None,
            expected_delivery_date=watch.expected_delivery_date if watch else None,
            delivery_due_at=watch.delivery_due_at if watch and watch.state == "watching" else None,
            events=[TrackingEventOut.model_validate(e) for e in found.events],
        )


class RefundOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    dispute_id: int
    posting_number: str
    sku: str
    category: str
    quantity: int
    amount: Decimal
    currency: str
    trigger: str
    rule: str
    partial: bool
    created_at: datetime
    outcome: str | None


class DisputeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    posting_number: str
    seller_id: int
    type: str
    trigger_rule: str
    facts: str
    skus: list[str]
    amount: Decimal
    returned_amount: Decimal
    fine_amount: Decimal
    currency: str
    status: str
    appealable: bool
    for_buyer_by_default: bool
    appeal_until: datetime | None
    created_at: datetime
    decided_at: datetime | None
    outcome_rule: str | None
    note: str | None = None  # the verdict in words: appealable until, or why it ended so

    @classmethod
    def of(cls, dispute: Dispute) -> DisputeOut:
        out = cls.model_validate(dispute)
        out.note = dispute.outcome_note
        return out


class DisputePage(BaseModel):
    items: list[DisputeOut]
    next_cursor: str | None


class FindingOut(BaseModel):
    rule: str
    check: str
    slot: str | None = None
    file: str | None = None
    sku: str | None = None
    ok: bool
    message: str
    how_to_fix: str = ""


class AppealFileOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    file_id: int
    filename: str
    slot: str
    source: str
    kind: str
    size: int
    pages: int
    sha256: str
    skus: list[str]


class AppealOut(BaseModel):
    id: int
    dispute_id: int
    status: str
    grounds: str
    submitted_at: datetime
    decide_by: datetime
    decided_at: datetime | None
    reviewed: bool
    reject_rule: str | None
    throttled_until: datetime | None
    findings: list[FindingOut]
    decision: dict[str, Any]
    files: list[AppealFileOut] = []

    @classmethod
    def of(cls, appeal: Appeal, files: list[AppealFile] | None = None) -> AppealOut:
        return cls(
            id=appeal.id,
            dispute_id=appeal.dispute_id,
            status=appeal.status,
            grounds=appeal.grounds,
            submitted_at=appeal.submitted_at,
            decide_by=appeal.decide_by,
            decided_at=appeal.decided_at,
            reviewed=appeal.reviewed,
            reject_rule=appeal.reject_rule,
            throttled_until=appeal.throttled_until,
            findings=[FindingOut(**f) for f in appeal.findings],
            decision=appeal.decision,
            files=[AppealFileOut.model_validate(f) for f in files or []],
        )


class HistoryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    actor: str
    action: str
    rule: str | None
    payload: dict[str, Any]

    @classmethod
    def of(cls, event: Event) -> HistoryOut:
        return cls.model_validate(event)


class DisputeDetailOut(DisputeOut):
    buyer_files: list[int]
    buyer_comment: str | None
    refunds: list[RefundOut]
    appeal: AppealOut | None
    evidence_slots: dict[str, list[str]]
    history: list[HistoryOut]

    @classmethod
    def of_view(cls, view: DisputeView) -> DisputeDetailOut:
        base = DisputeOut.of(view.dispute).model_dump()
        return cls(
            **base,
            buyer_files=list(view.dispute.buyer_files),
            buyer_comment=view.dispute.buyer_comment,
            refunds=[RefundOut.model_validate(r) for r in view.refunds],
            appeal=AppealOut.of(view.appeal, view.files) if view.appeal else None,
            evidence_slots={k: list(v) for k, v in view.evidence_slots.items()},
            history=[HistoryOut.of(e) for e in view.history],
        )


class CheckOut(BaseModel):
    ready: bool
    grounds: str
    required_slots: list[str]
    findings: list[FindingOut]

    @classmethod
    def of(cls, report: CheckReport) -> CheckOut:
        return cls(
            ready=report.ready,
            grounds=report.grounds,
            required_slots=list(report.required_slots),
            findings=[FindingOut(**f) for f in report.findings],
        )


class TotalOut(BaseModel):
    status: str
    type: str
    disputes: int
    refunded: Decimal
    returned: Decimal
    fine: Decimal


class TotalsOut(BaseModel):
    rule: str = "DISPUTE-9"
    totals: list[TotalOut]
