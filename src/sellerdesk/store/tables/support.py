"""The seller support desk: knowledge base, KYC, tickets, canned answers, incidents, VIP, managers.

Full-text search structures are per dialect and live only in the migration (0005_support): a GIN
index over `to_tsvector` on PostgreSQL, an FTS5 table `kb_articles_fts` on SQLite.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from sellerdesk.store.tables.base import Base, BigId, JsonData, UTCDateTime

# Tickets whose resolve clock runs (SUPPORT-5); the breach sweep's partial index.
RESOLVE_RUNNING = "status IN ('open', 'on_hold') AND resolve_breached_at IS NULL"
ACK_PENDING = (
    "status IN ('open', 'on_hold') AND acknowledged_at IS NULL AND ack_breached_at IS NULL"
)
OPEN_STATUSES = ("open", "waiting_for_seller", "on_hold")


class KbArticle(Base):
    __tablename__ = "kb_articles"
    __table_args__ = (UniqueConstraint("slug", "language"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    slug: Mapped[str] = mapped_column(String(120))
    language: Mapped[str] = mapped_column(String(5))  # ru | en (SUPPORT-10)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    rules: Mapped[list[Any]] = mapped_column(JsonData, default=list)  # rule IDs it explains
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class KycItem(Base):
    """One KYC item of a seller (SUPPORT-2): a document, or the INN checked by its checksum."""

    __tablename__ = "kyc_items"
    __table_args__ = (UniqueConstraint("seller_id", "kind"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12))  # submitted | verified | rejected
    value: Mapped[str | None] = mapped_column(String(40))  # the INN
    file_id: Mapped[int | None] = mapped_column(ForeignKey("files.id"))
    note: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(40))


class TicketCounter(Base):
    """Per-day sequence of ticket numbers T-YYYYMMDD-NNNNN, bumped by an atomic upsert."""

    __tablename__ = "ticket_counters"

    day: Mapped[str] = mapped_column(String(8), primary_key=True)  # YYYYMMDD, platform zone
    last: Mapped[int] = mapped_column(Integer)


class Incident(Base):
    __tablename__ = "support_incidents"
    __table_args__ = (Index("ix_support_incidents_status_id", "status", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10))  # open | closed
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime)
    declared_by: Mapped[str] = mapped_column(String(40))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_seller_id_id", "seller_id", "id"),
        Index("ix_tickets_category_status", "category", "status", "id"),
        Index("ix_tickets_incident_id", "incident_id"),
        Index("ix_tickets_seller_id_dup_key", "seller_id", "dup_key"),
        Index(
            "ix_tickets_resolve_by_running",
            "resolve_by",
            postgresql_where=text(RESOLVE_RUNNING),
            sqlite_where=text(RESOLVE_RUNNING),
        ),
        Index(
            "ix_tickets_ack_by_pending",
            "ack_by",
            postgresql_where=text(ACK_PENDING),
            sqlite_where=text(ACK_PENDING),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)  # T-YYYYMMDD-NNNNN
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    category: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5))
    fields: Mapped[dict[str, Any]] = mapped_column(JsonData, default=dict)
    attachments: Mapped[list[Any]] = mapped_column(JsonData, default=list)  # [{file_id, role}]
    cross_border: Mapped[bool] = mapped_column(default=False)
    # open | waiting_for_seller | on_hold | resolved | closed (SUPPORT-5)
    status: Mapped[str] = mapped_column(String(20))
    missing: Mapped[list[Any]] = mapped_column(JsonData, default=list)  # returned: what is missing
    queued_behind_id: Mapped[int | None] = mapped_column(BigId)  # SUPPORT-6 duplicate throttle
    dup_key: Mapped[str] = mapped_column(String(200))  # what makes two tickets the same problem
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("support_incidents.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    vip: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # complete and in the queue
    ack_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ack_breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The resolve clock: `business` (SUPPORT-5) or `emergency` (SUPPORT-9). While paused
    # (waiting_for_seller) resolve_by is NULL and `remaining_seconds` holds what is left.
    clock: Mapped[str] = mapped_column(String(10), default="business")
    resolve_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    remaining_seconds: Mapped[int | None] = mapped_column(Integer)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolve_breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    follow_ups: Mapped[int] = mapped_column(Integer, default=0)
    followed_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class TicketMessage(Base):
    """A reply on a ticket; `internal` notes are for staff only and never reach the seller."""

    __tablename__ = "ticket_messages"
    __table_args__ = (Index("ix_ticket_messages_ticket_id_id", "ticket_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    author: Mapped[str] = mapped_column(String(40))  # "seller:1", "staff:3", "system"
    internal: Mapped[bool] = mapped_column(default=False)
    body: Mapped[str] = mapped_column(Text)
    canned_answer_id: Mapped[int | None] = mapped_column(BigId)
    attachments: Mapped[list[Any]] = mapped_column(JsonData, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CannedAnswer(Base):
    __tablename__ = "canned_answers"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5))
    category: Mapped[str | None] = mapped_column(String(20))
    created_by: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class VipGrant(Base):
    """SUPPORT-8: a seller's request for the VIP line, with the eligibility it was judged on."""

    __tablename__ = "vip_grants"
    __table_args__ = (Index("ix_vip_grants_seller_id_id", "seller_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    status: Mapped[str] = mapped_column(String(10))  # pending | approved | rejected | revoked
    basis: Mapped[dict[str, Any]] = mapped_column(JsonData, default=dict)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)


class AccountManager(Base):
    """SUPPORT-1 tier 4: the staff member who looks after an approved seller."""

    __tablename__ = "account_managers"

    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    assigned_by: Mapped[str] = mapped_column(String(40))
