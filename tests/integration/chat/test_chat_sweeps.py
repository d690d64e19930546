"""Chat sweeps act exactly once: re-runs change nothing, two PostgreSQL workers never post a
notice or record a miss twice (CHAT-7, CHAT-11)."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from sellerdesk.access import Actor
from sellerdesk.jobs.sweeps import run_due
from sellerdesk.services import chat, orders
from sellerdesk.store.tables import Event
from sellerdesk.store.tables.chat import ChatMessage
from tests.conftest import make_runtime


def _shipped(rt, world, count):
    buyer = Actor("buyer", world.buyers[0])
    seller = Actor("seller", world.sellers[0])
    numbers = []
    for n in range(count):
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
        orders.ship_order(rt, seller, order.posting_number, f"RU{n:09d}CN")
        numbers.append(order.posting_number)
    return numbers


def _opened(rt, world, numbers):
    buyer = Actor("buyer", world.buyers[0])
    for number in numbers:
        view, _ = chat.start_conversation(rt, buyer, posting_number=number)
        chat.send_message(rt, buyer, view.id, text="Где посылка?")


def _ours(lines):
    """Count the chat sweeps' lines (other capabilities' sweeps report too)."""
    found = Counter()
    for line in lines:
        if "notice to the buyer: shipped, CHAT-11" in line:
            found["notice"] += 1
        elif "first response missed, CHAT-7" in line:
            found["missed"] += 1
    return dict(found)


def _workers(rt, tmp_path, count=2):
    found = [make_runtime(rt.settings.database_url, tmp_path) for _ in range(count)]
    for worker in found:
        worker.clock = rt.clock
    return found


def _race(workers, target, batch):
    results: list[list[str]] = [[] for _ in workers]
    barrier = threading.Barrier(len(workers))

    def sweep(index: int) -> None:
        barrier.wait()
        results[index] = run_due(workers[index], target, batch=batch)

    threads = [threading.Thread(target=sweep, args=(i,)) for i in range(len(workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_CHAT_11_CHAT_7_sweeps_rerun_change_nothing(rt, world):
    numbers = _shipped(rt, world, 3)
    _opened(rt, world, numbers)
    target = rt.clock.now() + timedelta(hours=3)
    rt.clock.set(target)
    assert _ours(run_due(rt, target)) == {"notice": 3, "missed": 3}
    assert _ours(run_due(rt, target)) == {}


def test_CHAT_11_CHAT_7_two_workers_on_postgresql_act_exactly_once(rt, world, tmp_path):
    if rt.engine.dialect.name != "postgresql":
        pytest.skip("SKIP LOCKED claims are a PostgreSQL feature")
    numbers = _shipped(rt, world, 40)
    _opened(rt, world, numbers)
    target = rt.clock.now() + timedelta(hours=3)
    rt.clock.set(target)
    results = _race(_workers(rt, tmp_path), target, batch=7)
    lines = results[0] + results[1]
    assert not [k for k, v in Counter(lines).items() if v > 1]
    assert _ours(lines) == {"notice": 40, "missed": 40}
    assert results[0] and results[1], "both workers should have taken a share"
    with rt.reader() as uow:
        notices = uow.session.execute(
            select(func.count(ChatMessage.id)).where(ChatMessage.notice_kind == "shipped")
        ).scalar_one()
        missed = uow.session.execute(
            select(func.count(Event.id)).where(Event.action == "chat.response_missed")
        ).scalar_one()
    assert (notices, missed) == (40, 40)
