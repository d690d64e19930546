"""Several workers sweeping the same due rows act exactly once (DESIGN principle 3)."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from sellerdesk.access import Actor
from sellerdesk.jobs.sweeps import run_due
from sellerdesk.services import orders
from sellerdesk.store.tables import Event, LedgerEntry
from tests.conftest import make_runtime


def _paid_orders(rt, world, count):
    buyer = Actor("buyer", world.buyers[0])
    for _ in range(count):
        order = orders.place_order(
            rt,
            buyer,
            seller_id=world.sellers[0],
            buyer_id=world.buyers[0],
            lines=[orders.NewLine("SKU", "Mug", 1, Decimal("100"), "home")],
            delivery_type="standard",
            address="Москва",
        )
        orders.pay_order(rt, buyer, order.posting_number)


def test_CANCEL_4_two_workers_on_postgresql_act_exactly_once(rt, world, tmp_path):
    if rt.engine.dialect.name != "postgresql":
        pytest.skip("SKIP LOCKED claims are a PostgreSQL feature")
    _paid_orders(rt, world, 120)
    # (make_runtime sets the sandbox clock to START: build the workers before moving it)
    workers = [make_runtime(rt.settings.database_url, tmp_path) for _ in range(2)]
    target = rt.clock.now() + timedelta(days=7)
    rt.clock.set(target)
    for w in workers:
        w.clock = rt.clock
    results: list[list[str]] = [[], []]
    barrier = threading.Barrier(2)

    def sweep(index: int) -> None:
        # each worker connects and prepares its probe first, as a running worker has
        assert run_due(workers[index], target - timedelta(days=30)) == []
        barrier.wait()
        results[index] = run_due(workers[index], target, batch=7)

    threads = [threading.Thread(target=sweep, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    cancels = [[line for line in r if "auto-cancelled" in line] for r in results]
    assert len(cancels[0]) + len(cancels[1]) == 120
    assert cancels[0] and cancels[1], "both workers should have taken a share"
    with rt.reader() as uow:
        actions = Counter(
            uow.session.execute(
                select(Event.subject_id).where(Event.action == "auto_cancel")
            ).scalars()
        )
        refunds = (
            uow.session.execute(select(LedgerEntry).where(LedgerEntry.kind == "refund"))
            .scalars()
            .all()
        )
    assert len(actions) == 120 and set(actions.values()) == {1}
    assert len(refunds) == 120
    assert not [line for line in run_due(rt, target) if "auto-cancelled" in line]


def test_CANCEL_4_sweep_twice_changes_nothing_the_second_time(rt, world):
    _paid_orders(rt, world, 3)
    target = rt.clock.now() + timedelta(days=6)
    rt.clock.set(target)
    assert len([line for line in run_due(rt, target) if "auto-cancelled" in line]) == 3
    assert not [line for line in run_due(rt, target) if "auto-cancelled" in line]
