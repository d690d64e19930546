"""/api/v1/sandbox: the movable clock (sandbox mode only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool

from sellerdesk.access import Actor
from sellerdesk.api.deps import current_actor, runtime
from sellerdesk.api.schemas import AdvanceIn, AdvanceOut, ClockOut, ClockSetIn
from sellerdesk.runtime import Runtime
from sellerdesk.services import sandbox

router = APIRouter(prefix="/api/v1/sandbox", tags=["sandbox"])
RT = Annotated[Runtime, Depends(runtime)]
Who = Annotated[Actor, Depends(current_actor)]


@router.get("/clock", response_model=ClockOut)
async def read_clock(rt: RT) -> ClockOut:
    now = await run_in_threadpool(rt.clock.now)
    return ClockOut(now=now, sandbox=rt.sandbox)


@router.post("/clock/advance", response_model=AdvanceOut)
async def advance(rt: RT, actor: Who, body: AdvanceIn) -> AdvanceOut:
    """Move sandbox time forward and run every sweep that became due, in due-time order."""
    report = await run_in_threadpool(sandbox.advance, rt, body.by)
    return AdvanceOut(
        started_at=report.started_at,
        now=report.now,
        total=report.total,
        by_rule=report.by_rule,
        happened=report.happened,
    )


@router.post("/clock/set", response_model=ClockOut)
async def set_clock(rt: RT, actor: Who, body: ClockSetIn) -> ClockOut:
    now = await run_in_threadpool(lambda: sandbox.set_time(rt, body.at, running=body.running))
    return ClockOut(now=now, sandbox=True)
