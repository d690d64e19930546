"""Request and response shapes of reviews and review appeals (REVIEW-1). The seller's view of a
review carries no buyer identity (CHAT-1)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ReviewIn(Strict):
    rating: int = Field(ge=1, le=5)
    text: str = Field("", max_length=5000)


class AppealIn(Strict):
    reason: str = Field(min_length=1, max_length=5000)
    evidence: list[int] = Field(min_length=1, max_length=20)


class AppealDecisionIn(Strict):
    decision: Literal["uphold", "reject"]
    note: str | None = Field(None, max_length=2000)


class ReviewOut(Out):
    id: int
    order_id: int
    rating: int
    text: str
    status: str
    negative: bool = False
    created_at: datetime
    removed_at: datetime | None


class AppealOut(Out):
    id: int
    review_id: int
    reason: str
    evidence: list[int]
    status: str
    created_at: datetime
    expected_from: datetime
    decide_by: datetime
    overdue_at: datetime | None
    decided_at: datetime | None
    decision_note: str | None
