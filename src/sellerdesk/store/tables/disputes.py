"""Tracking events and watches per posting, per-SKU refunds, disputes, appeals, evidence files
(REFUND-1..4, DISPUTE-1..9)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from sellerdesk.store.tables.base import Base, BigId, JsonData, MoneyAmount, UTCDateTime

# Partial-index predicates, written exactly as the sweeps in jobs/due_disputes.py write them.
WATCHING = "state = 'watching'"
OPEN_DISPUTE = "status = 'open'"
UNDER_REVIEW = "status = 'submitted'"


class TrackingEvent(Base):
    """One carrier scan on a posting (carrier, status, location, time), as the carrier sent it."""

    __tablename__ = "tracking_events"
    __table_args__ = (Index("ix_tracking_events_order_id_occurred_at", "order_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    seller_id: Mapped[int] = mapped_column(BigId)
    carrier: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(32))
    location: Mapped[str] = mapped_column(String(200), default="")
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expected_delivery_date: Mapped[date | None] = mapped_column(Date)
    reported_by: Mapped[str] = mapped_column(String(40))


class TrackingWatch(Base):
    """REFUND-1 timers of one posting: tracking stall and the expected delivery date (K-20)."""

    __tablename__ = "tracking_watches"
    __table_args__ = (
        Index(
            "ix_tracking_watches_stall_due_at_watching",
            "stall_due_at",
            postgresql_where=text(WATCHING),
            sqlite_where=text(WATCHING),
        ),
        Index(
            "ix_tracking_watches_delivery_due_at_watching",
            "delivery_due_at",
            postgresql_where=text(WATCHING),
            sqlite_where=text(WATCHING),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), unique=True)
    seller_id: Mapped[int] = mapped_column(BigId)
    posting_number: Mapped[str] = mapped_column(String(40))
    carrier: Mapped[str] = mapped_column(String(64))
    last_status: Mapped[str] = mapped_column(String(32))
    last_location: Mapped[str] = mapped_column(String(200), default="")
    last_event_at: Mapped[datetime] = mapped_column(UTCDateTime)
    stall_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None: trigger off
    expected_delivery_date: Mapped[date | None] = mapped_column(Date)
    delivery_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # watching | delivered | refunded | closed (the order left `delivering` another way)
    state: Mapped[str] = mapped_column(String(12))
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Dispute(Base):
    """REFUND-2: the record every automatic refund creates; DISPUTE-9 reports these rows."""

    __tablename__ = "disputes"
    __table_args__ = (
        Index("ix_disputes_seller_id_id", "seller_id", "id"),
        Index("ix_disputes_order_id", "order_id"),
        Index(
            "ix_disputes_appeal_until_open",
            "appeal_until",
            postgresql_where=text(OPEN_DISPUTE),
            sqlite_where=text(OPEN_DISPUTE),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id"))
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    posting_number: Mapped[str] = mapped_column(String(40))
    # tracking_stall | not_delivered_by_date | not_received | wrong_item | not_as_described
    # | damaged
    type: Mapped[str] = mapped_column(String(24))
    trigger_rule: Mapped[str] = mapped_column(String(16))
    facts: Mapped[str] = mapped_column(Text)  # "carrier status not updated for 5 days since ..."
    skus: Mapped[list[Any]] = mapped_column(JsonData, default=list)
    amount: Mapped[Decimal] = mapped_column(MoneyAmount)
    returned_amount: Mapped[Decimal] = mapped_column(MoneyAmount, default=Decimal("0"))
    fine_amount: Mapped[Decimal] = mapped_column(MoneyAmount, default=Decimal("0"))
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(10))  # open | appealed | won | rejected | closed
    appealable: Mapped[bool] = mapped_column(default=True)
    for_buyer_by_default: Mapped[bool] = mapped_column(default=False)  # REFUND-3
    appeal_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    buyer_files: Mapped[list[Any]] = mapped_column(JsonData, default=list)  # file ids (photos)
    buyer_comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the refund's time
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome_rule: Mapped[str | None] = mapped_column(String(16))
    outcome_note: Mapped[str | None] = mapped_column(Text)


class Refund(Base):
    """One refunded SKU of a posting (REFUND-4), mirrored by a ledger line."""

    __tablename__ = "refunds"
    __table_args__ = (
        Index("ix_refunds_order_id", "order_id"),
        Index("ix_refunds_dispute_id", "dispute_id"),
        # Covers the DISPUTE-7 refund-rate count (distinct postings per seller and window).
        Index("ix_refunds_seller_id_created_at", "seller_id", "created_at", "order_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id"))
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    seller_id: Mapped[int] = mapped_column(BigId)
    buyer_id: Mapped[int] = mapped_column(BigId)
    posting_number: Mapped[str] = mapped_column(String(40))
    sku: Mapped[str] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(64))
    quantity: Mapped[int] = mapped_column(Integer)
    amount: Mapped[Decimal] = mapped_column(MoneyAmount)  # positive: what the buyer got back
    currency: Mapped[str] = mapped_column(String(3))
    trigger: Mapped[str] = mapped_column(String(24))
    rule: Mapped[str] = mapped_column(String(16))
    partial: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(10))  # returned | kept (DISPUTE-8)


class Appeal(Base):
    """DISPUTE-6: at most one per dispute; decided by rules and scoring (DISPUTE-5, DISPUTE-7)."""

    __tablename__ = "appeals"
    __table_args__ = (
        Index("ix_appeals_seller_id_id", "seller_id", "id"),
        Index("ix_appeals_seller_id_throttled_until", "seller_id", "throttled_until"),
        Index(
            "ix_appeals_decide_by_submitted",
            "decide_by",
            postgresql_where=text(UNDER_REVIEW),
            sqlite_where=text(UNDER_REVIEW),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id"), unique=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    status: Mapped[str] = mapped_column(String(10))  # submitted | won | rejected
    grounds: Mapped[str] = mapped_column(String(24))  # the evidence type (DISPUTE-3 slots)
    comment: Mapped[str | None] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(5), default="en")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decide_by: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed: Mapped[bool] = mapped_column(default=True)  # False: rejected without review (K-14)
    reject_rule: Mapped[str | None] = mapped_column(String(16))
    throttled_until: Mapped[datetime | None] = mapped_column(UTCDateTime)  # K-14
    findings: Mapped[list[Any]] = mapped_column(JsonData, default=list)  # DISPUTE-3/4 checklist
    decision: Mapped[dict[str, Any]] = mapped_column(JsonData, default=dict)  # DISPUTE-7 factors


class AppealFile(Base):
    """An evidence file of an appeal, in its slot; the bytes are in storage by sha256."""

    __tablename__ = "appeal_files"
    __table_args__ = (
        Index("ix_appeal_files_appeal_id", "appeal_id"),
        Index("ix_appeal_files_seller_id_sha256", "seller_id", "sha256"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeals.id"))
    seller_id: Mapped[int] = mapped_column(BigId)
    file_id: Mapped[int] = mapped_column(ForeignKey("files.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    slot: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(24))
    skus: Mapped[list[Any]] = mapped_column(JsonData, default=list)
    translation_of: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(4))
    size: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text, default="")
