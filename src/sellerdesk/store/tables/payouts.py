"""Payouts (PAYOUT-1, PAYOUT-2): payout accounts, the per-seller balance lock, withdrawals, reviews."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from sellerdesk.store.tables.base import Base, BigId, JsonData, MoneyAmount, UTCDateTime

REVIEW_PENDING = "status = 'pending' AND overdue_at IS NULL"


class PayoutAccount(Base):
    """A bank account payouts go to; a change adds a row and retires the previous one."""

    __tablename__ = "payout_accounts"
    __table_args__ = (Index("ix_payout_accounts_seller_id_id", "seller_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    bank_name: Mapped[str] = mapped_column(String(200))
    bik: Mapped[str] = mapped_column(String(9))
    account_number: Mapped[str] = mapped_column(String(20))
    holder: Mapped[str] = mapped_column(String(200))
    is_change: Mapped[bool] = mapped_column(default=False)  # replaced an earlier account
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SellerBalance(Base):
    """One row per seller, locked (FOR UPDATE) while a withdrawal is decided, so two concurrent
    requests never both spend the same money. The balance itself is the ledger's sum."""

    __tablename__ = "seller_balances"

    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"), primary_key=True)
    withdrawals: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Withdrawal(Base):
    __tablename__ = "withdrawals"
    __table_args__ = (Index("ix_withdrawals_seller_id_local_day", "seller_id", "local_day"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("payout_accounts.id"))
    amount: Mapped[Decimal] = mapped_column(MoneyAmount)
    currency: Mapped[str] = mapped_column(String(3))
    local_day: Mapped[str] = mapped_column(String(10))  # YYYY-MM-DD, Moscow (K-19)
    status: Mapped[str] = mapped_column(String(10))  # paid
    ledger_entry_id: Mapped[int] = mapped_column(ForeignKey("ledger_entries.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PayoutReview(Base):
    """PAYOUT-2: the seller's request to lift a hold, with statements and a letter; decided by the
    risk team. An approved review lifts the reasons it covered until `lifted_until`."""

    __tablename__ = "payout_reviews"
    __table_args__ = (
        Index("ix_payout_reviews_seller_id_id", "seller_id", "id"),
        Index("ix_payout_reviews_status_id", "status", "id"),
        Index(
            "ix_payout_reviews_decide_by_pending",
            "decide_by",
            postgresql_where=text(REVIEW_PENDING),
            sqlite_where=text(REVIEW_PENDING),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    status: Mapped[str] = mapped_column(String(10))  # pending | approved | rejected
    holds: Mapped[list[Any]] = mapped_column(JsonData, default=list)  # blocks at filing
    statements: Mapped[list[Any]] = mapped_column(JsonData, default=list)  # [{file_id, month}]
    letter_file_id: Mapped[int] = mapped_column(ForeignKey("files.id"))
    explanation: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decide_by: Mapped[datetime] = mapped_column(UTCDateTime)
    overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(40))
    decision_note: Mapped[str | None] = mapped_column(Text)
    lifted_reasons: Mapped[list[Any]] = mapped_column(JsonData, default=list)
    lifted_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
