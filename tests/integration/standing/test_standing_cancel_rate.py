"""CANCEL-6 through the real order flow and the sandbox clock (Moscow months, K-11, K-13)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from sellerdesk.jobs.outbox import dispatch_outbox
from sellerdesk.runtime import Runtime
from sellerdesk.store.tables import Event
from sellerdesk.store.tables.standing import Sanction, SellerStanding
from tests.conftest import World
from tests.integration.standing.conftest import Inbox
from tests.integration.standing.shop import accepted, jump, metric, settle, ship, view

MARCH_CLOSES = datetime(2026, 3, 31, 21, 0, tzinfo=UTC)  # 2026-04-01 00:00 Moscow


def march(rt: Runtime, world: World, count: int, cancels: int) -> None:
    """`count` orders accepted on 2 March; all but `cancels` shipped; the rest auto-cancelled
    at ship-by (CANCEL-4, the seller's fault: K-11)."""
    numbers = accepted(rt, world, count)
    ship(rt, world, numbers[cancels:])


def sanctions(rt: Runtime) -> list[Sanction]:
    with rt.reader() as uow:
        return list(uow.session.execute(select(Sanction).order_by(Sanction.id)).scalars())


def events(rt: Runtime, action: str) -> list[Event]:
    with rt.reader() as uow:
        return list(
            uow.session.execute(select(Event).where(Event.action == action)).scalars()
        )


def test_CANCEL_6_month_above_3_percent_warns_when_the_moscow_month_closes(
    rt: Runtime, world: World, smtp: Inbox
) -> None:
    march(rt, world, 21, 1)  # 1 of 21 = 4.8%
    jump(rt, datetime(2026, 3, 31, 20, 59, tzinfo=UTC))  # 23:59 Moscow: still March
    assert sanctions(rt) == []
    shown = metric(rt, world, "seller_cancel_rate")
    assert shown["status"] == "above_limit" and shown["numerator"] == 1
    assert view(rt, world).forecasts[0]["status"] == "above_limit"
    happened = jump(rt, MARCH_CLOSES)
    assert f"seller {world.sellers[0]}: warning, CANCEL-6" in happened
    [warning] = sanctions(rt)
    assert (warning.kind, warning.rule, warning.status) == ("warning", "CANCEL-6", "active")
    assert warning.starts_at == MARCH_CLOSES
    assert warning.facts["numerator"] == 1 and warning.facts["denominator"] == 21
    assert warning.facts["period"] == "2026-03"
    [event] = events(rt, "standing.sanction_imposed")
    assert event.rule == "CANCEL-6" and event.payload["kind"] == "warning"
    dispatch_outbox(rt)
    mail = [m for m in smtp.messages if m["To"] == "seller0@example.com"]
    assert any("CANCEL-6" in str(m["Subject"]) for m in mail)


def test_CANCEL_6_just_below_the_limit_no_warning(rt: Runtime, world: World) -> None:
    march(rt, world, 34, 1)  # 1 of 34 = 2.94%
    jump(rt, MARCH_CLOSES)
    assert sanctions(rt) == []
    assert metric(rt, world, "seller_cancel_rate_last_month")["status"] == "near_limit"


def test_K_13_too_few_orders_are_not_judged(rt: Runtime, world: World) -> None:
    march(rt, world, 19, 1)
    jump(rt, datetime(2026, 3, 20, 9, 0, tzinfo=UTC))
    assert metric(rt, world, "seller_cancel_rate")["note"] == "not enough orders yet"
    assert view(rt, world).forecasts[0]["message"].startswith("Not enough orders yet: 19 of 20")
    jump(rt, MARCH_CLOSES)
    assert sanctions(rt) == []


def test_CANCEL_6_forecast_then_80_percent_alert_sent_once(rt: Runtime, world: World) -> None:
    numbers = accepted(rt, world, 40)
    settle(rt)
    forecast = view(rt, world).forecasts[0]
    assert forecast["message"].startswith(
        "2 more seller cancellations this month will take the rate above 3%"
    )
    ship(rt, world, numbers[1:])
    jump(rt, datetime(2026, 3, 9, 9, 0, tzinfo=UTC))  # one auto-cancel: 1 of 40 = 2.5% (83%)
    [alert] = events(rt, "standing.limit_approaching")
    assert alert.payload["metric"] == "seller_cancel_rate" and alert.rule == "CANCEL-6"
    assert alert.payload["period"] == "2026-03" and alert.payload["share"] >= 0.8
    jump(rt, datetime(2026, 3, 20, 9, 0, tzinfo=UTC))
    assert len(events(rt, "standing.limit_approaching")) == 1
    assert view(rt, world).forecasts[0]["remaining"] == 1


def test_K_11_cancellation_counts_in_the_moscow_month_it_happened(
    rt: Runtime, world: World
) -> None:
    # paid so that ship-by (6 days later) is 23:30 and 00:30 Moscow around the month's end
    jump(rt, datetime(2026, 3, 25, 20, 30, tzinfo=UTC))
    accepted(rt, world, 1)
    jump(rt, datetime(2026, 3, 25, 21, 30, tzinfo=UTC))
    accepted(rt, world, 1)
    jump(rt, datetime(2026, 4, 2, 9, 0, tzinfo=UTC))
    last = metric(rt, world, "seller_cancel_rate_last_month")
    now = metric(rt, world, "seller_cancel_rate")
    assert (last["period"], last["numerator"], last["denominator"]) == ("2026-03", 1, 2)
    assert (now["period"], now["numerator"], now["denominator"]) == ("2026-04", 1, 0)


def test_CANCEL_6_two_consecutive_months_suspend_new_listings(rt: Runtime, world: World) -> None:
    march(rt, world, 21, 1)
    jump(rt, datetime(2026, 4, 6, 9, 0, tzinfo=UTC))
    numbers = accepted(rt, world, 21)
    ship(rt, world, numbers[1:])
    jump(rt, datetime(2026, 4, 30, 20, 59, tzinfo=UTC))
    assert [s.kind for s in sanctions(rt)] == ["warning"]
    jump(rt, datetime(2026, 4, 30, 21, 0, tzinfo=UTC))  # 1 May 00:00 Moscow
    found = [(s.kind, s.rule) for s in sanctions(rt)]
    assert found == [("warning", "CANCEL-6"), ("warning", "CANCEL-6"),
                     ("listing_suspension", "CANCEL-6")]
    suspension = sanctions(rt)[-1]
    assert suspension.ends_at is None and suspension.facts["consecutive_months"] == 2


def test_STANDING_4_evaluating_again_changes_nothing(rt: Runtime, world: World) -> None:
    march(rt, world, 21, 1)
    jump(rt, MARCH_CLOSES)
    before = (len(sanctions(rt)), len(events(rt, "standing.sanction_imposed")))
    with rt.uow() as uow:  # make the same evaluation due again, as of the same time
        row = uow.session.get(SellerStanding, world.sellers[0])
        assert row is not None
        row.evaluate_at = MARCH_CLOSES
        uow.commit()
    assert settle(rt) == []
    settle(rt)
    with rt.reader() as uow:
        count = uow.session.execute(select(func.count()).select_from(Sanction)).scalar_one()
    assert count == before[0]
    assert len(events(rt, "standing.sanction_imposed")) == before[1]
