"""The seller ledger: every money movement on a seller's account, signed, with its rule."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sellerdesk.store.tables.base import Base, BigId, MoneyAmount, UTCDateTime


class LedgerEntry(Base):
    __tablename__ = "ledger_entries"
    __table_args__ = (
        Index("ix_ledger_entries_seller_id_id", "seller_id", "id"),
        Index("ix_ledger_entries_order_id", "order_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    # sale | refund | commission | storage_fee | listing_fee | fine | surcharge | refund_reversal
    # | payout | adjustment
    kind: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal] = mapped_column(MoneyAmount)  # + credits the seller, - debits
    currency: Mapped[str] = mapped_column(String(3))
    rule: Mapped[str | None] = mapped_column(String(16))
    memo: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime)
