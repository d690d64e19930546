"""/api/v1 seller standing: the seller's own page; staff risk list, impose and lift (STANDING)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from starlette.concurrency import run_in_threadpool

from sellerdesk.access import Actor
from sellerdesk.api.deps import current_actor, runtime
from sellerdesk.api.standing_schemas import (
    LiftIn,
    RiskPage,
    RiskRowOut,
    SanctionIn,
    SanctionOut,
    StandingOut,
)
from sellerdesk.clock import parse_duration
from sellerdesk.errors import InvalidInput
from sellerdesk.runtime import Runtime
from sellerdesk.services import standing

router = APIRouter(prefix="/api/v1", tags=["standing"])
RT = Annotated[Runtime, Depends(runtime)]
Who = Annotated[Actor, Depends(current_actor)]


def _my_standing_json(rt: Runtime, actor: Actor) -> bytes:
    return StandingOut.of(standing.my_standing(rt, actor)).model_dump_json().encode()


@router.get("/sellers/me/standing", response_model=StandingOut)
async def my_standing(rt: RT, actor: Who) -> Response:
    """Metrics, health with components, points history, sanctions and forecasts (STANDING-1..4).
    Sellers poll it: a few indexed rows read in about a millisecond, so it runs on the event
    loop (handing such short work to threads costs more in GIL hand-offs than it saves)."""
    return Response(_my_standing_json(rt, actor), media_type="application/json")


@router.get("/staff/standing/sellers", response_model=RiskPage)
async def sellers_by_risk(
    rt: RT,
    actor: Who,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> RiskPage:
    """Staff: sellers ordered by risk (lowest health first)."""
    page = await run_in_threadpool(
        lambda: standing.sellers_by_risk(rt, actor, cursor=cursor, limit=limit)
    )
    return RiskPage(items=[RiskRowOut.of(r) for r in page.items], next_cursor=page.next_cursor)


@router.get("/staff/standing/sellers/{seller_id}", response_model=StandingOut)
async def seller_standing(rt: RT, actor: Who, seller_id: int) -> StandingOut:
    view = await run_in_threadpool(standing.seller_standing, rt, actor, seller_id)
    return StandingOut.of(view)


@router.post(
    "/staff/standing/sellers/{seller_id}/sanctions", response_model=SanctionOut, status_code=201
)
async def impose_sanction(rt: RT, actor: Who, seller_id: int, body: SanctionIn) -> SanctionOut:
    """Staff (risk reviewer) impose a sanction with a reason; audited (STANDING-4)."""
    try:
        duration = parse_duration(body.duration) if body.duration else None
    except ValueError as exc:
        raise InvalidInput(str(exc), next_step='Give a duration such as "7d" or "72h".') from None
    row = await run_in_threadpool(
        lambda: standing.impose(
            rt, actor, seller_id, kind=body.kind, reason=body.reason, rule=body.rule,
            duration=duration,
        )
    )
    return SanctionOut.of(row)


@router.post("/staff/standing/sanctions/{sanction_id}/lift", response_model=SanctionOut)
async def lift_sanction(rt: RT, actor: Who, sanction_id: int, body: LiftIn) -> SanctionOut:
    """Staff (risk reviewer) lift an active sanction with a reason; audited (STANDING-4)."""
    row = await run_in_threadpool(
        lambda: standing.lift(rt, actor, sanction_id, reason=body.reason)
    )
    return SanctionOut.of(row)
