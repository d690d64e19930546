"""Request and response shapes of the payouts API (PAYOUT-1, PAYOUT-2); money as decimal strings."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class AccountIn(Strict):
    bank_name: str = Field(min_length=1, max_length=200)
    bik: str = Field(min_length=9, max_length=9)
    account_number: str = Field(min_length=20, max_length=20)
    holder: str = Field(min_length=1, max_length=200)


class WithdrawalIn(Strict):
    amount: Decimal = Field(gt=0, max_digits=14, decimal_places=2)


class StatementIn(Strict):
    file_id: int
    month: str = Field(pattern=r"^\d{4}-\d{2}$", examples=["2026-02"])


class ReviewIn(Strict):
    statements: list[StatementIn] = Field(min_length=1, max_length=12)
    letter_file_id: int
    explanation: str = Field("", max_length=10_000)


class ReviewDecisionIn(Strict):
    decision: Literal["approve", "reject"]
    note: str | None = Field(None, max_length=2000)


class AccountOut(Out):
    id: int
    bank_name: str
    bik: str
    account_number: str
    holder: str
    is_change: bool
    created_at: datetime


class HoldOut(BaseModel):
    reason: str
    rule: str
    message: str
    release_at: datetime | None
    lifted_until: datetime | None
    facts: dict[str, Any]


class WithdrawalOut(Out):
    id: int
    amount: Decimal
    currency: str
    local_day: str
    status: str
    requested_at: datetime


class ReviewOut(Out):
    id: int
    seller_id: int
    status: str
    holds: list[dict[str, Any]]
    statements: list[dict[str, Any]]
    letter_file_id: int
    explanation: str
    created_at: datetime
    decide_by: datetime
    overdue_at: datetime | None
    decided_at: datetime | None
    decision_note: str | None
    lifted_reasons: list[str]
    lifted_until: datetime | None


class PayoutStatusOut(BaseModel):
    balance: Decimal
    available: Decimal
    currency: str
    account: AccountOut | None
    withdrawals_today: int
    per_day: int
    can_withdraw: bool
    holds: list[HoldOut]
    open_review: ReviewOut | None
