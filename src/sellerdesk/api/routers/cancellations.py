"""/api/v1 cancellation requests (CANCEL-2, CANCEL-3) and address changes (ORDER-3)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.concurrency import run_in_threadpool

from sellerdesk.access import Actor
from sellerdesk.api.deps import current_actor, runtime
from sellerdesk.api.schemas import (
    AddressChangeIn,
    AddressChangeOut,
    CancellationIn,
    CancellationPage,
    CancellationRequestOut,
    DecisionIn,
)
from sellerdesk.runtime import Runtime
from sellerdesk.services import cancellations

router = APIRouter(prefix="/api/v1", tags=["cancellations"])
RT = Annotated[Runtime, Depends(runtime)]
Who = Annotated[Actor, Depends(current_actor)]


@router.post(
    "/orders/{posting_number}/cancellation-requests",
    response_model=CancellationRequestOut,
    status_code=201,
)
async def request_cancellation(
    rt: RT, actor: Who, posting_number: str, body: CancellationIn
) -> CancellationRequestOut:
    """A buyer's request (CANCEL-2) or a seller's request with reason and evidence (CANCEL-3)."""
    row = await run_in_threadpool(
        lambda: cancellations.request_cancellation(
            rt,
            actor,
            posting_number,
            reason=body.reason,
            comment=body.comment,
            evidence=body.evidence,
        )
    )
    return CancellationRequestOut.of(row, rt.clock.now())


@router.get("/cancellation-requests", response_model=CancellationPage)
async def list_requests(
    rt: RT,
    actor: Who,
    status: str | None = None,
    initiator: str | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> CancellationPage:
    page = await run_in_threadpool(
        lambda: cancellations.list_requests(
            rt, actor, status=status, initiator=initiator, cursor=cursor, limit=limit
        )
    )
    now = rt.clock.now()
    return CancellationPage(
        items=[CancellationRequestOut.of(r, now) for r in page.items], next_cursor=page.next_cursor
    )


@router.post("/cancellation-requests/{request_id}/decision", response_model=CancellationRequestOut)
async def decide(rt: RT, actor: Who, request_id: int, body: DecisionIn) -> CancellationRequestOut:
    """The seller decides a buyer's request; staff decide a seller's. Decisions are final."""
    row = await run_in_threadpool(
        lambda: cancellations.decide_cancellation(
            rt, actor, request_id, approve=body.decision == "approve", note=body.note
        )
    )
    return CancellationRequestOut.of(row, rt.clock.now())


@router.post(
    "/orders/{posting_number}/address-change", response_model=AddressChangeOut, status_code=201
)
async def request_address_change(
    rt: RT, actor: Who, posting_number: str, body: AddressChangeIn
) -> AddressChangeOut:
    row = await run_in_threadpool(
        cancellations.request_address_change, rt, actor, posting_number, body.new_address
    )
    return AddressChangeOut.model_validate(row)


@router.get("/address-changes", response_model=list[AddressChangeOut])
async def list_address_changes(
    rt: RT, actor: Who, status: str | None = None
) -> list[AddressChangeOut]:
    rows = await run_in_threadpool(cancellations.list_address_changes, rt, actor, status)
    return [AddressChangeOut.model_validate(r) for r in rows]


@router.post("/address-changes/{request_id}/decision", response_model=AddressChangeOut)
async def decide_address_change(
    rt: RT, actor: Who, request_id: int, body: DecisionIn
) -> AddressChangeOut:
    row = await run_in_threadpool(
        lambda: cancellations.decide_address_change(
            rt, actor, request_id, approve=body.decision == "approve", note=body.note
        )
    )
    return AddressChangeOut.model_validate(row)
