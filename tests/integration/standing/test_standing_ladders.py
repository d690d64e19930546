"""CANCEL-7 (ISO weeks, Moscow), ORDER-4, GUARD-8 and STANDING-1 through the real services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from sellerdesk.runtime import Runtime
from sellerdesk.services.standing_records import deduct_points, health_score
from sellerdesk.store.tables import Event
from sellerdesk.store.tables.standing import Sanction
from tests.conftest import START, World
from tests.integration.standing.shop import accepted, deliver, jump, metric, settle, ship, view


def sanctions(rt: Runtime, rule: str) -> list[Sanction]:
    with rt.reader() as uow:
        return list(
            uow.session.execute(
                select(Sanction).where(Sanction.rule == rule).order_by(Sanction.id)
            ).scalars()
        )


def late_week(rt: Runtime, world: World, monday: datetime, late: int, due: int = 20) -> None:
    """Pay `due` orders on a Monday (ship-by is that Sunday, same ISO week); ship all but
    `late`, which are auto-cancelled at ship-by and count as late (K-12)."""
    jump(rt, monday)
    numbers = accepted(rt, world, due)
    ship(rt, world, numbers[late:])


def test_CANCEL_7_three_consecutive_weeks_above_5_percent_watchlist(
    rt: Runtime, world: World
) -> None:
    for week in range(3):  # 2026-W10, W11, W12: 2 of 20 late = 10%
        late_week(rt, world, START + timedelta(days=7 * week), 2)
    jump(rt, datetime(2026, 3, 22, 20, 59, tzinfo=UTC))  # Sunday 23:59 Moscow, W12 still open
    assert sanctions(rt, "CANCEL-7") == []
    assert metric(rt, world, "late_shipment_rate_last_week")["consecutive_weeks"] == 2
    jump(rt, datetime(2026, 3, 22, 21, 0, tzinfo=UTC))  # Monday 00:00 Moscow: W12 closed
    [watch] = sanctions(rt, "CANCEL-7")
    assert watch.kind == "watchlist" and watch.ends_at == watch.starts_at + timedelta(days=28)
    assert [w["period"] for w in watch.facts["weeks"]] == ["2026-W10", "2026-W11", "2026-W12"]
    assert all(w["numerator"] == 2 and w["denominator"] == 20 for w in watch.facts["weeks"])


def test_CANCEL_7_at_5_percent_the_run_breaks(rt: Runtime, world: World) -> None:
    late_week(rt, world, START, 2)
    late_week(rt, world, START + timedelta(days=7), 1)  # 1 of 20 = 5%: not above
    late_week(rt, world, START + timedelta(days=14), 2)
    jump(rt, datetime(2026, 3, 23, 9, 0, tzinfo=UTC))
    assert sanctions(rt, "CANCEL-7") == []


def test_ORDER_4_fulfilment_below_target_demotes_traffic_and_again_while_below(
    rt: Runtime, world: World
) -> None:
    numbers = accepted(rt, world, 20)
    ship(rt, world, numbers[2:])
    deliver(rt, numbers[2:])
    jump(rt, datetime(2026, 3, 8, 10, 0, tzinfo=UTC))  # 2 auto-cancelled at ship-by: 18 of 20
    [demotion] = sanctions(rt, "ORDER-4")
    assert demotion.kind == "traffic_demotion" and demotion.facts["rate"] == 0.9
    assert demotion.starts_at == datetime(2026, 3, 8, 9, 0, tzinfo=UTC)  # as of the event
    assert demotion.ends_at == demotion.starts_at + timedelta(days=7)
    jump(rt, datetime(2026, 3, 16, 9, 0, tzinfo=UTC))
    first, second = sanctions(rt, "ORDER-4")
    assert first.status == "expired" and second.status == "active"
    assert second.starts_at == first.ends_at  # re-evaluated when the first one ended
    with rt.reader() as uow:
        ended = uow.session.execute(
            select(Event).where(Event.action == "standing.sanction_expired")
        ).scalars().all()
    assert [e.payload["sanction_id"] for e in ended] == [first.id]


def test_ORDER_4_at_target_no_demotion(rt: Runtime, world: World) -> None:
    numbers = accepted(rt, world, 20)
    ship(rt, world, numbers[1:])
    deliver(rt, numbers[1:])  # 19 of 20 = 95%: at the target, not below
    jump(rt, datetime(2026, 3, 9, 9, 0, tzinfo=UTC))
    assert sanctions(rt, "ORDER-4") == []
    assert metric(rt, world, "fulfilment_rate")["value"] == 0.95


def guard_warnings(rt: Runtime, world: World, count: int) -> None:
    """What the chat guard records on each block (GUARD-7)."""
    for n in range(count):
        with rt.uow() as uow:
            uow.record(subject_type="chat", subject_id=f"c{n}", action="guard.warning",
                       actor=f"seller:{world.sellers[0]}", rule="GUARD-7",
                       seller_id=world.sellers[0], payload={"category": "contact"})
            uow.commit()


def test_GUARD_8_two_warnings_no_restriction(rt: Runtime, world: World) -> None:
    guard_warnings(rt, world, 2)
    settle(rt)
    assert sanctions(rt, "GUARD-8") == []
    assert metric(rt, world, "warnings")["total"] == 2
    assert view(rt, world).forecasts[-1]["message"].startswith("1 more guard warning leads to")


def test_GUARD_8_three_warnings_restrict_traffic(rt: Runtime, world: World) -> None:
    guard_warnings(rt, world, 3)
    assert f"seller {world.sellers[0]}: traffic_restriction, GUARD-8" in settle(rt)
    [restriction] = sanctions(rt, "GUARD-8")
    assert restriction.kind == "traffic_restriction"
    assert restriction.ends_at == restriction.starts_at + timedelta(days=30)
    assert restriction.facts == {"warnings_total": 3, "limit": 3}


def test_STANDING_1_points_start_at_1000_and_deductions_are_records(
    rt: Runtime, world: World
) -> None:
    assert view(rt, world).points == 1000
    with rt.uow() as uow:
        deduct_points(uow, seller_id=world.sellers[0], points=50, rule="GUARD-8",
                      cause="confirmed off-platform contact", facts={"message_id": 3})
        uow.commit()
    settle(rt)
    shown = view(rt, world)
    assert shown.points == 950
    [entry] = shown.points_history
    assert (entry.delta, entry.rule, entry.cause) == (-50, "GUARD-8",
                                                       "confirmed off-platform contact")
    assert shown.components["points"]["score"] == 95.0
    with rt.reader() as uow:
        assert health_score(uow.session, world.sellers[0]) == shown.health


def record(rt: Runtime, world: World, action: str, payload: dict, n: int = 1) -> None:
    with rt.uow() as uow:
        for i in range(n):
            uow.record(subject_type=action.split(".")[0], subject_id=f"{action}-{i}",
                       action=action, actor="system", seller_id=world.sellers[0], payload=payload)
        uow.commit()


def test_CHAT_7_response_rate_and_median_from_chat_events(rt: Runtime, world: World) -> None:
    record(rt, world, "chat.first_response", {"seconds": 600, "within_deadline": True}, 18)
    record(rt, world, "chat.response_missed", {}, 2)
    record(rt, world, "chat.first_response", {"seconds": 9000, "within_deadline": False}, 2)
    settle(rt)
    rate = metric(rt, world, "response_rate")
    assert (rate["numerator"], rate["denominator"], rate["status"]) == (18, 20, "below_target")
    assert metric(rt, world, "median_first_response_seconds")["value"] == 600


def test_STANDING_2_refund_rate_and_dispute_win_rate(rt: Runtime, world: World) -> None:
    numbers = accepted(rt, world, 20)
    ship(rt, world, numbers)
    deliver(rt, numbers)
    record(rt, world, "dispute.opened", {"type": "damaged"}, 2)  # two refunded orders
    record(rt, world, "refund.created", {"sku": "SKU-1"}, 3)  # their lines: not recounted
    record(rt, world, "dispute.decided", {"outcome": "won"}, 1)
    record(rt, world, "dispute.decided", {"outcome": "rejected"}, 3)
    settle(rt)
    refund = metric(rt, world, "refund_rate")
    assert (refund["numerator"], refund["denominator"], refund["value"]) == (2, 20, 0.1)
    disputes = metric(rt, world, "dispute_win_rate")
    assert (disputes["won"], disputes["decided"], disputes["value"]) == (1, 4, 0.25)
