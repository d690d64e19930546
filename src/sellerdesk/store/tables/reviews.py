"""Buyer reviews of delivered orders and sellers' appeals against negative ones (REVIEW-1)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from sellerdesk.store.tables.base import Base, BigId, JsonData, UTCDateTime

APPEAL_PENDING = "status = 'pending' AND overdue_at IS NULL"


class Review(Base):
    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_seller_id_id", "seller_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), unique=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id"))
    rating: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10))  # published | removed
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ReviewAppeal(Base):
    __tablename__ = "review_appeals"
    __table_args__ = (
        Index("ix_review_appeals_seller_id_id", "seller_id", "id"),
        Index("ix_review_appeals_status_id", "status", "id"),
        Index(
            "ix_review_appeals_decide_by_pending",
            "decide_by",
            postgresql_where=text(APPEAL_PENDING),
            sqlite_where=text(APPEAL_PENDING),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), unique=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    reason: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[Any]] = mapped_column(JsonData, default=list)  # file ids
    status: Mapped[str] = mapped_column(String(10))  # pending | upheld | rejected
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expected_from: Mapped[datetime] = mapped_column(UTCDateTime)
    decide_by: Mapped[datetime] = mapped_column(UTCDateTime)
    overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(40))
    decision_note: Mapped[str | None] = mapped_column(Text)
