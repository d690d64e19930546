"""Request and response shapes of the standing API (STANDING-1..4)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sellerdesk.services.standing import RiskRow, StandingView
from sellerdesk.store.tables.standing import PointsEntry, Sanction

SanctionKind = Literal[
    "warning",
    "traffic_restriction",
    "traffic_demotion",
    "watchlist",
    "listing_suspension",
    "store_freeze",
    "deposit_freeze",
    "termination",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SanctionIn(Strict):
    kind: SanctionKind
    reason: str = Field(min_length=1, max_length=2000)
    rule: str = Field("STANDING-4", pattern=r"^[A-Z]+-\d+$", max_length=16)
    duration: str | None = Field(
        None, description="How long, e.g. '7d' or '72h'; omitted = until lifted",
        examples=["7d", "72h"],
    )


class LiftIn(Strict):
    reason: str = Field(min_length=1, max_length=2000)


class PointsEntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    delta: int
    rule: str
    cause: str
    facts: dict[str, Any]
    at: datetime

    @classmethod
    def of(cls, row: PointsEntry) -> PointsEntryOut:
        return cls.model_validate(row)


class SanctionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    seller_id: int
    kind: str
    rule: str
    reason: str
    facts: dict[str, Any]
    starts_at: datetime
    ends_at: datetime | None
    status: str
    imposed_by: str
    lifted_at: datetime | None
    lifted_by: str | None
    lift_reason: str | None

    @classmethod
    def of(cls, row: Sanction) -> SanctionOut:
        return cls.model_validate(row)


class HealthOut(BaseModel):
    score: float | None
    components: dict[str, dict[str, Any]]


class PointsOut(BaseModel):
    value: int
    max: int
    history: list[PointsEntryOut]


class StandingOut(BaseModel):
    seller_id: int
    evaluated_at: datetime | None = Field(
        description="When the figures were last evaluated (null: nothing counted yet)"
    )
    health: HealthOut
    points: PointsOut
    metrics: dict[str, Any]
    forecasts: list[dict[str, Any]]
    active_sanctions: list[SanctionOut]
    past_sanctions: list[SanctionOut]

    @classmethod
    def of(cls, view: StandingView) -> StandingOut:
        return cls(
            seller_id=view.seller_id,
            evaluated_at=view.evaluated_at,
            health=HealthOut(score=view.health, components=view.components),
            points=PointsOut(
                value=view.points,
                max=view.points_max,
                history=[PointsEntryOut.of(p) for p in view.points_history],
            ),
            metrics=view.metrics,
            forecasts=view.forecasts,
            active_sanctions=[SanctionOut.of(s) for s in view.active],
            past_sanctions=[SanctionOut.of(s) for s in view.past],
        )


class RiskRowOut(BaseModel):
    seller_id: int
    name: str
    health: float | None
    points: int
    evaluated_at: datetime | None
    active_sanctions: int

    @classmethod
    def of(cls, row: RiskRow) -> RiskRowOut:
        return cls(**row.__dict__)


class RiskPage(BaseModel):
    items: list[RiskRowOut]
    next_cursor: str | None
