"""Cross-cutting records: the event log, the outbox, idempotency keys, the sandbox clock, files."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from sellerdesk.store.tables.base import Base, BigId, JsonData, UTCDateTime


class Event(Base):
    """Append-only: one row per state change, written in the change's transaction."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_subject", "subject_type", "subject_id", "id"),
        Index("ix_events_seller_id_id", "seller_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)  # when it took effect
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    seller_id: Mapped[int | None] = mapped_column(BigId)
    subject_type: Mapped[str] = mapped_column(String(30))  # order, cancellation_request, ...
    subject_id: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(40))  # "buyer:7", "seller:2", "staff:1", "system"
    action: Mapped[str] = mapped_column(String(60))
    rule: Mapped[str | None] = mapped_column(String(16))
    payload: Mapped[dict[str, Any]] = mapped_column(JsonData, default=dict)


class OutboxMessage(Base):
    """Side effects (webhooks, e-mail) leave through here, committed with the change."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index(
            "ix_outbox_next_attempt_pending",
            "next_attempt_at",
            postgresql_where=text("sent_at IS NULL AND failed = false"),
            sqlite_where=text("sent_at IS NULL AND failed = 0"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    topic: Mapped[str] = mapped_column(String(40))  # email | webhook | chat_notice
    seller_id: Mapped[int | None] = mapped_column(BigId)
    event_id: Mapped[int | None] = mapped_column(BigId)
    payload: Mapped[dict[str, Any]] = mapped_column(JsonData)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed: Mapped[bool] = mapped_column(default=False)
    last_error: Mapped[str | None] = mapped_column(Text)


class IdempotencyKey(Base):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("principal", "key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    principal: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[str | None] = mapped_column(Text)
    content_type: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SandboxClockRow(Base):
    """The one sandbox time every process shares; frozen unless `running` is set."""

    __tablename__ = "sandbox_clock"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sandbox_at: Mapped[datetime] = mapped_column(UTCDateTime)
    wall_at: Mapped[datetime] = mapped_column(UTCDateTime)
    running: Mapped[bool] = mapped_column(default=False)


class StoredFile(Base):
    """An uploaded file (evidence, attachment); bytes live in the storage backend by sha256."""

    __tablename__ = "files"
    __table_args__ = (Index("ix_files_owner", "owner", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    owner: Mapped[str] = mapped_column(String(40))  # "seller:1", "buyer:3"
    seller_id: Mapped[int | None] = mapped_column(ForeignKey("sellers.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(100))
    filename: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
