"""Request and response shapes of the native API (money is a decimal string)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from sellerdesk.store.tables import (
    CancellationRequest,
    Event,
    LedgerEntry,
    Order,
    OrderItem,
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LineIn(Strict):
    sku: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=300)
    quantity: int = Field(gt=0, le=10_000)
    unit_price: Decimal = Field(ge=0, max_digits=14, decimal_places=2)
    category: str = Field(min_length=1, max_length=64)


class OrderIn(Strict):
    seller_id: int
    buyer_id: int | None = None
    delivery_type: Literal["standard", "express"] = "standard"
    address: str = Field(min_length=1, max_length=1000)
    items: list[LineIn] = Field(min_length=1, max_length=100)


class ShipIn(Strict):
    tracking_number: str = Field(min_length=1, max_length=64)


class CancellationIn(Strict):
    reason: str = Field(min_length=1, max_length=40)
    comment: str | None = Field(None, max_length=2000)
    evidence: list[int] = Field(default_factory=list, max_length=5)


class DecisionIn(Strict):
    decision: Literal["approve", "reject"]
    note: str | None = Field(None, max_length=2000)


class AddressChangeIn(Strict):
    new_address: str = Field(min_length=1, max_length=1000)


class AdvanceIn(Strict):
    by: str = Field(examples=["7d", "48h", "30m"])


class ClockSetIn(Strict):
    at: datetime
    running: bool | None = None


class ItemOut(BaseModel):
    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    category: str
    commission_rate: Decimal

    @classmethod
    def of(cls, item: OrderItem) -> ItemOut:
        return cls(
            sku=item.sku,
            name=item.name,
            quantity=item.quantity,
            unit_price=item.unit_price,
            category=item.category,
            commission_rate=Decimal(item.commission_bp) / 10000,
        )


class CancellationOut(BaseModel):
    rule: str | None
    fault: str | None
    reason: str | None
    at: datetime | None


class OrderOut(BaseModel):
    posting_number: str
    order_number: str
    seller_id: int
    status: str
    delivery_type: str
    currency: str
    total: Decimal
    address: str
    address_changes_used: int
    tracking_number: str | None
    created_at: datetime
    pay_by: datetime | None
    paid_at: datetime | None
    ship_by: datetime | None
    original_ship_by: datetime | None
    shipped_at: datetime | None
    delivered_at: datetime | None
    late_shipment: bool
    auto_cancel_held: bool
    cancellation: CancellationOut | None
    items: list[ItemOut]

    @classmethod
    def of(cls, order: Order, items: list[OrderItem]) -> OrderOut:
        cancellation = None
        if order.cancel_rule:
            cancellation = CancellationOut(
                rule=order.cancel_rule,
                fault=order.cancel_fault,
                reason=order.cancel_reason,
                at=order.cancelled_at,
            )
        return cls(
            posting_number=order.posting_number,
            order_number=order.order_number,
            seller_id=order.seller_id,
            status=order.status,
            delivery_type=order.delivery_type,
            currency=order.currency,
            total=order.total,
            address=order.address,
            address_changes_used=order.address_changes_used,
            tracking_number=order.tracking_number,
            created_at=order.created_at,
            pay_by=order.pay_by,
            paid_at=order.paid_at,
            ship_by=order.ship_by,
            original_ship_by=order.original_ship_by,
            shipped_at=order.shipped_at,
            delivered_at=order.delivered_at,
            late_shipment=order.late_shipment,
            auto_cancel_held=order.cancel_hold,
            cancellation=cancellation,
            items=[ItemOut.of(i) for i in items],
        )


class OrderPage(BaseModel):
    items: list[OrderOut]
    next_cursor: str | None


class CancellationRequestOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    initiator: str
    reason: str
    comment: str | None
    evidence: list[int]
    status: str
    created_at: datetime
    decide_by: datetime
    expected_from: datetime | None
    decided_at: datetime | None
    decided_by: str | None
    decision_note: str | None
    overdue: bool = False
    rule: str = ""

    @classmethod
    def of(cls, row: CancellationRequest, now: datetime) -> CancellationRequestOut:
        out = cls.model_validate(row)
        out.rule = "CANCEL-2" if row.initiator == "buyer" else "CANCEL-3"
        out.overdue = row.status == "pending" and now >= row.decide_by
        return out


class CancellationPage(BaseModel):
    items: list[CancellationRequestOut]
    next_cursor: str | None


class AddressChangeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    new_address: str
    old_address: str
    status: str
    created_at: datetime
    decided_at: datetime | None
    note: str | None


class EventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor: str
    action: str
    rule: str | None
    payload: dict[str, object]

    @classmethod
    def of(cls, event: Event) -> EventOut:
        return cls.model_validate(event)


class LedgerEntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    order_id: int | None
    kind: str
    amount: Decimal
    currency: str
    rule: str | None
    memo: str
    at: datetime

    @classmethod
    def of(cls, entry: LedgerEntry) -> LedgerEntryOut:
        return cls.model_validate(entry)


class LedgerOut(BaseModel):
    balance: Decimal
    totals: dict[str, Decimal]
    entries: list[LedgerEntryOut]
    next_cursor: str | None


class AdvanceOut(BaseModel):
    started_at: datetime
    now: datetime
    total: int
    by_rule: dict[str, int]
    happened: list[str]


class ClockOut(BaseModel):
    now: datetime
    sandbox: bool
