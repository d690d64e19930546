"""Orders (one posting each), their line items, address-change and cancellation requests."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from sellerdesk.store.tables.base import Base, BigId, JsonData, MoneyAmount, UTCDateTime

# States in which an order waits for the seller to ship (ORDER-1); the ship-by sweep's index.
OPEN_FOR_SHIPPING = "status IN ('awaiting_packaging', 'awaiting_deliver')"


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_seller_id_id", "seller_id", "id"),
        Index("ix_orders_buyer_id_id", "buyer_id", "id"),
        # Partial indexes: a sweep that finds nothing due is one index probe (DESIGN, Scale).
        Index(
            "ix_orders_ship_by_open",
            "ship_by",
            postgresql_where=text(OPEN_FOR_SHIPPING + " AND cancel_hold = false"),
            sqlite_where=text(OPEN_FOR_SHIPPING + " AND cancel_hold = 0"),
        ),
        Index(
            "ix_orders_pay_by_unpaid",
            "pay_by",
            postgresql_where=text("status = 'unpaid'"),
            sqlite_where=text("status = 'unpaid'"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    order_number: Mapped[str] = mapped_column(String(32), unique=True)
    posting_number: Mapped[str] = mapped_column(String(40), unique=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id"))
    status: Mapped[str] = mapped_column(String(24))
    delivery_type: Mapped[str] = mapped_column(String(10))  # standard | express
    currency: Mapped[str] = mapped_column(String(3))
    total: Mapped[Decimal] = mapped_column(MoneyAmount)
    address: Mapped[str] = mapped_column(Text)
    address_changes_used: Mapped[int] = mapped_column(Integer, default=0)
    item_count: Mapped[int] = mapped_column(Integer)
    tracking_number: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    pay_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ship_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    original_ship_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    shipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(String(40))
    cancel_rule: Mapped[str | None] = mapped_column(String(16))
    # whose fault the cancellation is, for the seller cancel rate (K-11): buyer | seller
    cancel_fault: Mapped[str | None] = mapped_column(String(10))
    late_shipment: Mapped[bool] = mapped_column(default=False)
    late_fine_charged: Mapped[bool] = mapped_column(default=False)
    # CANCEL-4 is held while a seller cancellation request is pending (K-6)
    cancel_hold: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)


class OrderItem(Base):
    __tablename__ = "order_items"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    sku: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(MoneyAmount)
    category: Mapped[str] = mapped_column(String(64))
    commission_bp: Mapped[int] = mapped_column(Integer)  # basis points: 1500 = 15%


class AddressChangeRequest(Base):
    __tablename__ = "address_change_requests"
    __table_args__ = (Index("ix_address_change_requests_status_id", "status", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"), index=True)
    new_address: Mapped[str] = mapped_column(Text)
    old_address: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))  # pending | approved | rejected
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    note: Mapped[str | None] = mapped_column(Text)


class CancellationRequest(Base):
    __tablename__ = "cancellation_requests"
    __table_args__ = (
        Index(
            "ix_cancellation_requests_decide_by_pending",
            "decide_by",
            postgresql_where=text("status = 'pending' AND initiator = 'buyer'"),
            sqlite_where=text("status = 'pending' AND initiator = 'buyer'"),
        ),
        Index("ix_cancellation_requests_seller_id_id", "seller_id", "id"),
        Index("ix_cancellation_requests_status_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id"))
    initiator: Mapped[str] = mapped_column(String(10))  # buyer (CANCEL-2) | seller (CANCEL-3)
    reason: Mapped[str] = mapped_column(String(40))
    comment: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[list[Any]] = mapped_column(JsonData, default=list)  # file ids
    status: Mapped[str] = mapped_column(String(14))  # pending|approved|rejected|auto_rejected
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decide_by: Mapped[datetime] = mapped_column(UTCDateTime)
    expected_from: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(40))  # "seller:1", "staff:3", "system"
    decision_note: Mapped[str | None] = mapped_column(Text)
