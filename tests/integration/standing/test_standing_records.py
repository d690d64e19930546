"""STANDING-1 / STANDING-4 records other capabilities write in their own unit of work."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from sellerdesk.errors import InvalidInput
from sellerdesk.runtime import Runtime
from sellerdesk.services.standing_records import deduct_points, health_score, impose_sanction
from sellerdesk.store.tables import Event, OutboxMessage
from sellerdesk.store.tables.standing import PointsEntry, Sanction
from tests.conftest import World


def test_STANDING_1_deduction_is_a_record_with_its_event(rt: Runtime, world: World) -> None:
    seller = world.sellers[0]
    with rt.uow() as uow:
        entry = deduct_points(
            uow, seller_id=seller, points=50, rule="GUARD-8", cause="off-platform contact",
            facts={"message_id": 7},
        )
        uow.commit()
    with rt.reader() as uow:
        row = uow.session.get(PointsEntry, entry.id)
        assert row is not None and row.delta == -50 and row.rule == "GUARD-8"
        event = uow.session.execute(
            select(Event).where(Event.action == "standing.points_deducted")
        ).scalar_one()
        assert event.seller_id == seller and event.payload["delta"] == -50
        assert event.payload["facts"] == {"message_id": 7}


def test_STANDING_1_deduction_must_be_positive(rt: Runtime, world: World) -> None:
    with rt.uow() as uow, pytest.raises(InvalidInput):
        deduct_points(uow, seller_id=world.sellers[0], points=0, rule="GUARD-8", cause="x")


def test_STANDING_4_sanction_record_event_and_email(rt: Runtime, world: World) -> None:
    seller = world.sellers[0]
    with rt.uow() as uow:
        sanction = impose_sanction(
            uow, seller_id=seller, kind="store_freeze", rule="GUARD-8",
            reason="repeated off-platform contact", starts_at=uow.now,
            ends_at=uow.now + timedelta(hours=72), facts={"confirmed": 2},
        )
        uow.commit()
    with rt.reader() as uow:
        row = uow.session.get(Sanction, sanction.id)
        assert row is not None and row.status == "active" and row.facts == {"confirmed": 2}
        event = uow.session.execute(
            select(Event).where(Event.action == "standing.sanction_imposed")
        ).scalar_one()
        assert event.payload["kind"] == "store_freeze" and event.rule == "GUARD-8"
        mail = uow.session.execute(select(OutboxMessage)).scalar_one()
        assert mail.payload["to"] == "seller0@example.com"
        assert "GUARD-8" in mail.payload["subject"]


def test_STANDING_4_unknown_kind_refused(rt: Runtime, world: World) -> None:
    with rt.uow() as uow, pytest.raises(InvalidInput):
        impose_sanction(
            uow, seller_id=world.sellers[0], kind="banishment", rule="GUARD-8",
            reason="x", starts_at=uow.now,
        )


def test_STANDING_3_health_score_none_before_evaluation(rt: Runtime, world: World) -> None:
    with rt.reader() as uow:
        assert health_score(uow.session, world.sellers[0]) is None
