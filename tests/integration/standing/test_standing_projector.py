"""STANDING-2: metrics are folded from the event log incrementally; a rebuild gives the same."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert, select

from sellerdesk.runtime import Runtime
from sellerdesk.services.standing_projector import project, rebuild
from sellerdesk.services.standing_records import deduct_points
from sellerdesk.store.tables import Event
from sellerdesk.store.tables.standing import (
    DailyCounts,
    ProjectorCursor,
    ResponseSample,
    SellerStanding,
)
from tests.conftest import START, World
from tests.integration.standing.shop import accepted, deliver, jump, settle, ship


def counters(rt: Runtime) -> dict[str, Any]:
    with rt.reader() as uow:
        s = uow.session
        days = sorted(
            tuple(getattr(row, c.name) for c in DailyCounts.__table__.columns if c.name != "id")
            for row in s.execute(select(DailyCounts)).scalars()
        )
        samples = sorted(
            (r.seller_id, r.at, r.seconds) for r in s.execute(select(ResponseSample)).scalars()
        )
        sellers = sorted(
            (r.seller_id, r.points_delta, r.warnings_total)
            for r in s.execute(select(SellerStanding)).scalars()
        )
    return {"days": days, "samples": samples, "sellers": sellers}


def chat(rt: Runtime, seller: int, action: str, payload: dict[str, Any]) -> None:
    with rt.uow() as uow:
        uow.record(subject_type="chat", subject_id="c1", action=action, actor="system",
                   seller_id=seller, payload=payload)
        uow.commit()


def test_STANDING_2_rebuild_from_the_event_log_gives_the_same_numbers(
    rt: Runtime, world: World
) -> None:
    seller, other = world.sellers
    for week in range(3):
        jump(rt, START + timedelta(days=7 * week, hours=week))
        numbers = accepted(rt, world, 6) + accepted(rt, world, 3, seller=1, delivery="express")
        ship(rt, world, numbers[1:6])
        deliver(rt, numbers[1:4])
        chat(rt, seller, "chat.first_response", {"seconds": 300 + week, "within_deadline": True})
        chat(rt, other, "chat.response_missed", {})
        chat(rt, seller, "guard.warning", {"category": "contact"})
        settle(rt)  # the projector runs between the steps: incremental batches
    with rt.uow() as uow:
        deduct_points(uow, seller_id=seller, points=50, rule="GUARD-8", cause="contact")
        uow.commit()
    jump(rt, datetime(2026, 4, 2, 9, 0, tzinfo=UTC))
    incremental = counters(rt)
    assert incremental["days"] and incremental["samples"]
    assert (seller, -50, 3) in incremental["sellers"]
    assert rebuild(rt) > 0
    assert counters(rt) == incremental


def test_STANDING_2_projector_reads_each_event_once_from_its_cursor(
    rt: Runtime, world: World
) -> None:
    accepted(rt, world, 3)
    settle(rt)
    assert project(rt)[0] == 0  # caught up: nothing to read
    with rt.reader() as uow:
        cursor = uow.session.get(ProjectorCursor, "standing")
        newest = uow.session.execute(select(Event.id).order_by(Event.id.desc())).scalar()
        assert cursor is not None and cursor.last_event_id == newest
    accepted(rt, world, 1)
    count, last = project(rt)
    assert count == 2 and last == newest + 2  # place and pay of the new order only


def pg_only(rt: Runtime) -> None:
    if rt.engine.dialect.name != "postgresql":
        pytest.skip("ids committed out of order happen on PostgreSQL only")


def warning_row(seller: int) -> dict[str, Any]:
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    return {"at": now, "recorded_at": now, "seller_id": seller, "subject_type": "chat",
            "subject_id": "c9", "actor": "system", "action": "guard.warning", "payload": {}}


def warnings_total(rt: Runtime, seller: int) -> int:
    with rt.reader() as uow:
        row = uow.session.get(SellerStanding, seller)
        return row.warnings_total if row else 0


def test_STANDING_2_projector_never_steps_over_an_id_still_in_flight(
    rt: Runtime, world: World
) -> None:
    pg_only(rt)
    seller = world.sellers[0]
    settle(rt)
    with rt.engine.connect() as slow:
        pending = slow.begin()
        slow.execute(insert(Event).values(**warning_row(seller)))  # takes id N, not committed
        chat(rt, seller, "guard.warning", {})  # id N + 1, committed
        assert project(rt)[0] == 0  # the gap at N is seen: stop
        assert project(rt)[0] == 0  # seen again: the SHARE lock times out on the writer
        pending.commit()
    assert project(rt)[0] == 2
    assert warnings_total(rt, seller) == 2


def test_STANDING_2_projector_skips_an_id_that_was_rolled_back(rt: Runtime, world: World) -> None:
    pg_only(rt)
    seller = world.sellers[0]
    settle(rt)
    with rt.engine.connect() as slow:
        pending = slow.begin()
        slow.execute(insert(Event).values(**warning_row(seller)))
        chat(rt, seller, "guard.warning", {})
        pending.rollback()
    assert project(rt)[0] == 0  # first sight of the gap
    assert project(rt)[0] == 1  # nobody can commit it any more: skipped
    assert warnings_total(rt, seller) == 1
