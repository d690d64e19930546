"""/api/v1/payouts: balance and holds with their projected release (PAYOUT-1), payout account,
withdrawals, and risk reviews of a hold (PAYOUT-2: decided by the risk team, never by support)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool

from sellerdesk.access import Actor
from sellerdesk.api.deps import current_actor, runtime
from sellerdesk.api.payouts_schemas import (
    AccountIn,
    AccountOut,
    HoldOut,
    PayoutStatusOut,
    ReviewDecisionIn,
    ReviewIn,
    ReviewOut,
    WithdrawalIn,
    WithdrawalOut,
)
from sellerdesk.domain.payouts import Hold, blocking
from sellerdesk.runtime import Runtime
from sellerdesk.services import payouts, support_payout_reviews

router = APIRouter(prefix="/api/v1", tags=["payouts"])
RT = Annotated[Runtime, Depends(runtime)]
Who = Annotated[Actor, Depends(current_actor)]


def _hold(hold: Hold) -> HoldOut:
    return HoldOut(
        reason=hold.reason,
        rule=hold.rule,
        message=hold.message,
        release_at=hold.release_at,
        lifted_until=hold.lifted_until,
        facts=hold.facts,
    )


@router.get("/payouts", response_model=PayoutStatusOut)
async def payout_status(rt: RT, actor: Who, seller_id: int | None = None) -> PayoutStatusOut:
    """Balance from the ledger, today's withdrawals, and each hold with its reason and release."""
    found = await run_in_threadpool(payouts.status, rt, actor, seller_id)
    return PayoutStatusOut(
        balance=found.balance,
        available=max(found.balance, Decimal("0.00")),
        currency=found.currency,
        account=AccountOut.model_validate(found.account) if found.account else None,
        withdrawals_today=found.withdrawals_today,
        per_day=found.per_day,
        can_withdraw=found.account is not None and not blocking(found.holds),
        holds=[_hold(h) for h in found.holds],
        open_review=ReviewOut.model_validate(found.open_review) if found.open_review else None,
    )


@router.put("/payouts/account", response_model=AccountOut)
async def set_account(rt: RT, actor: Who, body: AccountIn) -> AccountOut:
    """Adding the first account is free; a change blocks withdrawals for the cooldown (PAYOUT-1)."""
    row = await run_in_threadpool(lambda: payouts.set_account(rt, actor, **body.model_dump()))
    return AccountOut.model_validate(row)


@router.post("/payouts/withdrawals", response_model=WithdrawalOut, status_code=201)
async def withdraw(rt: RT, actor: Who, body: WithdrawalIn) -> WithdrawalOut:
    """Refused with PAYOUT-1 and every hold's reason and release date when blocked."""
    return WithdrawalOut.model_validate(
        await run_in_threadpool(payouts.withdraw, rt, actor, body.amount)
    )


@router.get("/payouts/withdrawals", response_model=list[WithdrawalOut])
async def list_withdrawals(rt: RT, actor: Who) -> list[WithdrawalOut]:
    rows = await run_in_threadpool(payouts.withdrawals, rt, actor)
    return [WithdrawalOut.model_validate(r) for r in rows]


@router.post("/payouts/reviews", response_model=ReviewOut, status_code=201)
async def file_review(rt: RT, actor: Who, body: ReviewIn) -> ReviewOut:
    """PAYOUT-2: bank statements for the last full months and an explanation letter."""
    row = await run_in_threadpool(
        lambda: support_payout_reviews.file_review(
            rt,
            actor,
            statements=[s.model_dump() for s in body.statements],
            letter_file_id=body.letter_file_id,
            explanation=body.explanation,
        )
    )
    return ReviewOut.model_validate(row)


@router.get("/payouts/reviews", response_model=list[ReviewOut])
async def list_reviews(rt: RT, actor: Who, status: str | None = None) -> list[ReviewOut]:
    rows = await run_in_threadpool(lambda: support_payout_reviews.reviews(rt, actor, status=status))
    return [ReviewOut.model_validate(r) for r in rows]


@router.post("/payouts/reviews/{review_id}/decision", response_model=ReviewOut)
async def decide_review(rt: RT, actor: Who, review_id: int, body: ReviewDecisionIn) -> ReviewOut:
    """Risk reviewers only: support staff get 403 with PAYOUT-2."""
    row = await run_in_threadpool(
        lambda: support_payout_reviews.decide_review(
            rt, actor, review_id, approve=body.decision == "approve", note=body.note
        )
    )
    return ReviewOut.model_validate(row)
