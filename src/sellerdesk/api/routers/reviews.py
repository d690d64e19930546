"""/api/v1/reviews: buyers review delivered orders; sellers appeal negative reviews (K-17) with
evidence; moderators decide within 3–5 business days (REVIEW-1). There is deliberately no way to
message the buyer from here."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool

from sellerdesk.access import Actor
from sellerdesk.api.deps import current_actor, runtime
from sellerdesk.api.reviews_schemas import (
    AppealDecisionIn,
    AppealIn,
    AppealOut,
    ReviewIn,
    ReviewOut,
)
from sellerdesk.domain.reviews import is_negative
from sellerdesk.runtime import Runtime
from sellerdesk.services import reviews
from sellerdesk.store.tables.reviews import Review

router = APIRouter(prefix="/api/v1", tags=["reviews"])
RT = Annotated[Runtime, Depends(runtime)]
Who = Annotated[Actor, Depends(current_actor)]


def _out(rt: Runtime, row: Review) -> ReviewOut:
    out = ReviewOut.model_validate(row)
    return out.model_copy(update={"negative": is_negative(row.rating, rt.policy)})


@router.post("/orders/{posting_number}/review", response_model=ReviewOut, status_code=201)
async def write_review(rt: RT, actor: Who, posting_number: str, body: ReviewIn) -> ReviewOut:
    row = await run_in_threadpool(
        lambda: reviews.write_review(rt, actor, posting_number, rating=body.rating, text=body.text)
    )
    return _out(rt, row)


@router.get("/reviews", response_model=list[ReviewOut])
async def list_reviews(rt: RT, actor: Who, negative: bool | None = None) -> list[ReviewOut]:
    rows = await run_in_threadpool(lambda: reviews.list_reviews(rt, actor, negative=negative))
    return [_out(rt, r) for r in rows]


@router.post("/reviews/{review_id}/appeal", response_model=AppealOut, status_code=201)
async def appeal(rt: RT, actor: Who, review_id: int, body: AppealIn) -> AppealOut:
    row = await run_in_threadpool(
        lambda: reviews.appeal(rt, actor, review_id, reason=body.reason, evidence=body.evidence)
    )
    return AppealOut.model_validate(row)


@router.get("/review-appeals", response_model=list[AppealOut])
async def list_appeals(rt: RT, actor: Who, status: str | None = None) -> list[AppealOut]:
    rows = await run_in_threadpool(lambda: reviews.appeals(rt, actor, status=status))
    return [AppealOut.model_validate(r) for r in rows]


@router.post("/review-appeals/{appeal_id}/decision", response_model=AppealOut)
async def decide(rt: RT, actor: Who, appeal_id: int, body: AppealDecisionIn) -> AppealOut:
    row = await run_in_threadpool(
        lambda: reviews.decide_appeal(rt, actor, appeal_id, decision=body.decision, note=body.note)
    )
    return AppealOut.model_validate(row)
