"""Seller standing (STANDING-1..4): points ledger, sanctions, metric buckets, projector cursor.

The points ledger and the sanctions are records in their own right (every deduction and every
sanction carries its rule, cause and the facts behind it). The metric tables are projections of
the event log, maintained incrementally by the standing projector and rebuildable from the log.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from sellerdesk.store.tables.base import Base, BigId, JsonData, UTCDateTime

SANCTION_KINDS = (
    "warning",
    "traffic_restriction",
    "traffic_demotion",
    "watchlist",
    "listing_suspension",
    "store_freeze",
    "deposit_freeze",
    "termination",
)

# A sanction is active while status = 'active'; the expiry sweep's partial index.
ACTIVE_SANCTION = "status = 'active'"


class PointsEntry(Base):
    """One change to a seller's points (STANDING-1): points start at the policy's initial value."""

    __tablename__ = "standing_points"
    __table_args__ = (Index("ix_standing_points_seller_id_id", "seller_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    delta: Mapped[int] = mapped_column(Integer)  # negative for a deduction
    rule: Mapped[str] = mapped_column(String(16))
    cause: Mapped[str] = mapped_column(Text)
    facts: Mapped[dict[str, Any]] = mapped_column(JsonData, default=dict)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class Sanction(Base):
    """A sanction (STANDING-4) with its start, end, reason, rule and the metric values behind it."""

    __tablename__ = "standing_sanctions"
    __table_args__ = (
        Index("ix_standing_sanctions_seller_id_id", "seller_id", "id"),
        Index(
            "ix_standing_sanctions_ends_at_active",
            "ends_at",
            postgresql_where=text(ACTIVE_SANCTION),
            sqlite_where=text(ACTIVE_SANCTION),
        ),
        # one sanction per (seller, rule, period key): makes the evaluation sweep idempotent
        Index("uq_standing_sanctions_dedupe", "seller_id", "dedupe_key", unique=True),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    kind: Mapped[str] = mapped_column(String(24))  # one of SANCTION_KINDS
    rule: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    facts: Mapped[dict[str, Any]] = mapped_column(JsonData, default=dict)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10), default="active")  # active|lifted|expired
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lifted_by: Mapped[str | None] = mapped_column(String(40))
    lift_reason: Mapped[str | None] = mapped_column(Text)
    imposed_by: Mapped[str] = mapped_column(String(40), default="system")
    # "CANCEL-6:2026-03:warning" for engine sanctions, NULL for manual ones (NULLs never clash)
    dedupe_key: Mapped[str | None] = mapped_column(String(80))


class DailyCounts(Base):
    """Additive counters per seller and Moscow calendar day, projected from the event log.

    Rolling windows, calendar months (CANCEL-6) and ISO weeks (CANCEL-7) are sums of these rows;
    `ship_due`/`ship_late` are bucketed by the posting's ship-by day (K-12), the rest by the day
    the event took effect.
    """

    __tablename__ = "standing_daily"
    __table_args__ = (Index("uq_standing_daily_seller_id_day", "seller_id", "day", unique=True),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seller_id: Mapped[int] = mapped_column(BigId)
    day: Mapped[date] = mapped_column(Date)
    accepted: Mapped[int] = mapped_column(Integer, default=0)  # reached awaiting_packaging (K-11)
    seller_cancels: Mapped[int] = mapped_column(Integer, default=0)  # seller's fault (K-11)
    buyer_cancels: Mapped[int] = mapped_column(Integer, default=0)  # after acceptance
    ship_due: Mapped[int] = mapped_column(Integer, default=0)  # ship-by fell on this day (K-12)
    ship_late: Mapped[int] = mapped_column(Integer, default=0)  # of those: late or auto-cancelled
    delivered: Mapped[int] = mapped_column(Integer, default=0)
    refunds: Mapped[int] = mapped_column(Integer, default=0)
    disputes_won: Mapped[int] = mapped_column(Integer, default=0)
    disputes_lost: Mapped[int] = mapped_column(Integer, default=0)
    chats_due: Mapped[int] = mapped_column(Integer, default=0)  # first responses judged (CHAT-7)
    chats_in_time: Mapped[int] = mapped_column(Integer, default=0)
    guard_warnings: Mapped[int] = mapped_column(Integer, default=0)  # GUARD-8
    # when the day's latest counted event took effect: the evaluation of that day runs as of it
    last_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ResponseSample(Base):
    """One first-response time (CHAT-7), for the median over the rolling window."""

    __tablename__ = "standing_responses"
    __table_args__ = (Index("ix_standing_responses_seller_id_at", "seller_id", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seller_id: Mapped[int] = mapped_column(BigId)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    seconds: Mapped[int] = mapped_column(Integer)


class SellerStanding(Base):
    """One seller's standing: running totals from the projector, the last evaluation's snapshot.

    `points_delta` and `warnings_total` are projections (rebuilt from the log); `health`, `components`
    and `metrics` are the snapshot the evaluation sweep wrote at `evaluated_at`; `alerted` holds
    the 80%-of-limit alerts already sent, so each is sent once per period.
    """

    __tablename__ = "standing_sellers"
    __table_args__ = (
        Index("ix_standing_sellers_health", "health"),
        Index(
            "ix_standing_sellers_evaluate_at",
            "evaluate_at",
            postgresql_where=text("evaluate_at IS NOT NULL"),
            sqlite_where=text("evaluate_at IS NOT NULL"),
        ),
    )

    seller_id: Mapped[int] = mapped_column(BigId, primary_key=True)
    points_delta: Mapped[int] = mapped_column(Integer, default=0)  # sum of points deductions
    warnings_total: Mapped[int] = mapped_column(Integer, default=0)
    health: Mapped[float | None] = mapped_column(Float)
    components: Mapped[dict[str, Any]] = mapped_column(JsonData, default=dict)
    metrics: Mapped[dict[str, Any]] = mapped_column(JsonData, default=dict)
    alerted: Mapped[dict[str, Any]] = mapped_column(JsonData, default=dict)
    evaluate_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    evaluated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ProjectorCursor(Base):
    """How far a projector has read the event log (events.id); one row per projector."""

    __tablename__ = "standing_cursor"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_event_id: Mapped[int] = mapped_column(BigId, default=0)
    # the first missing id after last_event_id, seen by an earlier pass (PostgreSQL: a gap is
    # skipped only once no transaction that could still commit it is in flight)
    gap_id: Mapped[int | None] = mapped_column(BigId)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
