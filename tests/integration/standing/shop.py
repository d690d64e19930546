"""Drive orders through the real services for standing tests (no shortcuts into the tables)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sellerdesk.access import Actor
from sellerdesk.jobs.sweeps import run_due
from sellerdesk.runtime import Runtime
from sellerdesk.services import orders, sandbox
from sellerdesk.services.standing import StandingView, standing_of
from tests.conftest import World

STAFF = Actor("staff", 1, "admin")
LINE = orders.NewLine("SKU-1", "Mug", 1, Decimal("100.00"), "home")


def accepted(rt: Runtime, world: World, count: int, *, seller: int = 0,
             delivery: str = "standard") -> list[str]:
    """Place and pay `count` orders: each reaches awaiting_packaging (K-11 denominator)."""
    numbers = []
    buyer = world.buyers[0]
    for _ in range(count):
        order = orders.place_order(
            rt, Actor("buyer", buyer), seller_id=world.sellers[seller], buyer_id=buyer,
            lines=[LINE], delivery_type=delivery, address="Москва, ул. Тверская, д. 1",
        )
        orders.pay_order(rt, Actor("buyer", buyer), order.posting_number)
        numbers.append(order.posting_number)
    return numbers


def ship(rt: Runtime, world: World, numbers: list[str], *, seller: int = 0) -> None:
    actor = Actor("seller", world.sellers[seller])
    for number in numbers:
        orders.ship_order(rt, actor, number, "TRK" + number[-6:])


def deliver(rt: Runtime, numbers: list[str]) -> None:
    for number in numbers:
        orders.deliver_order(rt, STAFF, number)


def advance(rt: Runtime, by: str) -> list[str]:
    return sandbox.advance(rt, by).happened


def jump(rt: Runtime, at: datetime) -> list[str]:
    """Move the sandbox clock to `at` and run what became due."""
    sandbox.set_time(rt, at)
    return run_due(rt, rt.clock.now())


def settle(rt: Runtime) -> list[str]:
    """Run what is due now (the worker's pass): projection and evaluation included."""
    return run_due(rt, rt.clock.now())


def view(rt: Runtime, world: World, seller: int = 0) -> StandingView:
    with rt.reader() as uow:
        return standing_of(rt, uow.session, world.sellers[seller], uow.now)


def metric(rt: Runtime, world: World, name: str, seller: int = 0) -> dict[str, Any]:
    found: dict[str, Any] = view(rt, world, seller).metrics[name]
    return found



