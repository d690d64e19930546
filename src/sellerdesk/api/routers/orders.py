"""/api/v1/orders: list, get, place, pay, pack, ship, deliver, cancel, timeline, ledger."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from starlette.concurrency import run_in_threadpool

from sellerdesk.access import Actor
from sellerdesk.api.deps import current_actor, runtime
from sellerdesk.api.schemas import (
    EventOut,
    LedgerEntryOut,
    LedgerOut,
    OrderIn,
    OrderOut,
    OrderPage,
    ShipIn,
)
from sellerdesk.errors import InvalidInput
from sellerdesk.runtime import Runtime
from sellerdesk.services import ledger, orders

router = APIRouter(prefix="/api/v1", tags=["orders"])
RT = Annotated[Runtime, Depends(runtime)]
Who = Annotated[Actor, Depends(current_actor)]


@router.get("/orders", response_model=OrderPage)
async def list_orders(
    rt: RT,
    actor: Who,
    status: str | None = None,
    delivery_type: str | None = None,
    created_from: datetime | None = None,
    created_to: datetime | None = None,
    seller_id: int | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> OrderPage:
    page = await run_in_threadpool(
        orders.list_orders,
        rt,
        actor,
        status=status,
        delivery_type=delivery_type,
        created_from=created_from,
        created_to=created_to,
        seller_id=seller_id,
        cursor=cursor,
        limit=limit,
    )
    return OrderPage(items=[OrderOut.of(o, i) for o, i in page.items], next_cursor=page.next_cursor)


def order_json(rt: Runtime, actor: Actor, posting_number: str) -> bytes:
    order, items = orders.get_order(rt, actor, posting_number)
    return OrderOut.of(order, items).model_dump_json().encode()


@router.get("/orders/{posting_number}", response_model=OrderOut)
async def get_order(rt: RT, actor: Who, posting_number: str) -> Response:
    """The hottest read (integrations poll it): one indexed query on a prepared statement,
    well under a millisecond, so it runs on the event loop; a hop to a worker thread would
    cost more than the read itself."""
    return Response(order_json(rt, actor, posting_number), media_type="application/json")


@router.post("/orders", response_model=OrderOut, status_code=201)
async def place_order(rt: RT, actor: Who, body: OrderIn) -> OrderOut:
    """A buyer places an order; in the sandbox a seller or staff may place one for a buyer."""
    buyer_id = actor.id if actor.kind == "buyer" else body.buyer_id
    if actor.kind == "seller":
        if not rt.sandbox:
            actor.require("buyer")
        body.seller_id = actor.id or body.seller_id
    if buyer_id is None:
        raise InvalidInput("buyer_id is required when a seller or staff places an order")
    lines = [
        orders.NewLine(i.sku, i.name, i.quantity, i.unit_price, i.category) for i in body.items
    ]
    order = await run_in_threadpool(
        orders.place_order,
        rt,
        actor if actor.kind == "buyer" else Actor("system"),
        seller_id=body.seller_id,
        buyer_id=buyer_id,
        lines=lines,
        delivery_type=body.delivery_type,
        address=body.address,
    )
    order, items = await run_in_threadpool(
        orders.get_order, rt, Actor("system"), order.posting_number
    )
    return OrderOut.of(order, items)


async def _after(rt: Runtime, actor: Actor, posting_number: str) -> OrderOut:
    order, items = await run_in_threadpool(orders.get_order, rt, actor, posting_number)
    return OrderOut.of(order, items)


@router.post("/orders/{posting_number}/pay", response_model=OrderOut)
async def pay(rt: RT, actor: Who, posting_number: str) -> OrderOut:
    """ORDER-1: the buyer pays (staff may confirm a payment in the sandbox)."""
    await run_in_threadpool(orders.pay_order, rt, actor, posting_number)
    return await _after(rt, actor, posting_number)


@router.post("/orders/{posting_number}/pack", response_model=OrderOut)
async def pack(rt: RT, actor: Who, posting_number: str) -> OrderOut:
    await run_in_threadpool(orders.pack_order, rt, actor, posting_number)
    return await _after(rt, actor, posting_number)


@router.post("/orders/{posting_number}/ship", response_model=OrderOut)
async def ship(rt: RT, actor: Who, posting_number: str, body: ShipIn) -> OrderOut:
    await run_in_threadpool(orders.ship_order, rt, actor, posting_number, body.tracking_number)
    return await _after(rt, actor, posting_number)


@router.post("/orders/{posting_number}/deliver", response_model=OrderOut)
async def deliver(rt: RT, actor: Who, posting_number: str) -> OrderOut:
    await run_in_threadpool(orders.deliver_order, rt, actor, posting_number)
    return await _after(rt, actor, posting_number)


@router.post("/orders/{posting_number}/cancel", response_model=OrderOut)
async def buyer_cancel(rt: RT, actor: Who, posting_number: str) -> OrderOut:
    """CANCEL-1: the buyer cancels an order that is not packed yet."""
    await run_in_threadpool(orders.cancel_by_buyer, rt, actor, posting_number)
    return await _after(rt, actor, posting_number)


@router.get("/orders/{posting_number}/events", response_model=list[EventOut])
async def timeline(rt: RT, actor: Who, posting_number: str) -> list[EventOut]:
    events = await run_in_threadpool(orders.order_events, rt, actor, posting_number)
    return [EventOut.of(e) for e in events]


@router.get("/ledger", response_model=LedgerOut, tags=["ledger"])
async def get_ledger(
    rt: RT,
    actor: Who,
    seller_id: int | None = None,
    kind: str | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> LedgerOut:
    found = await run_in_threadpool(
        ledger.seller_ledger, rt, actor, seller_id=seller_id, kind=kind, cursor=cursor, limit=limit
    )
    return LedgerOut(
        balance=found.balance,
        totals=found.totals,
        entries=[LedgerEntryOut.of(e) for e in found.entries],
        next_cursor=found.next_cursor,
    )
