"""K-11 months and K-12 ISO weeks in Moscow time; which events count (STANDING-2)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from sellerdesk.domain.standing import (
    EventView,
    effects_of,
    local_day,
    month_key,
    next_midnight,
    previous_month,
    previous_week,
    week_days,
    week_key,
)

MSK = ZoneInfo("Europe/Moscow")


def view(action: str, payload: dict, at: datetime, subject: str = "order") -> EventView:
    return EventView(1, at, 7, subject, "P-1", action, payload)


@pytest.mark.parametrize(("at", "month"), [
    (datetime(2026, 3, 31, 20, 59, 59, tzinfo=UTC), "2026-03"),  # 23:59:59 in Moscow
    (datetime(2026, 3, 31, 21, 0, tzinfo=UTC), "2026-04"),  # midnight in Moscow
])
def test_K_11_month_is_the_moscow_calendar_month(at: datetime, month: str) -> None:
    assert month_key(local_day(at, MSK)) == month


@pytest.mark.parametrize(("at", "week"), [
    (datetime(2026, 3, 8, 20, 59, tzinfo=UTC), "2026-W10"),  # Sunday 23:59 Moscow
    (datetime(2026, 3, 8, 21, 0, tzinfo=UTC), "2026-W11"),  # Monday 00:00 Moscow
])
def test_K_12_week_is_the_moscow_iso_week(at: datetime, week: str) -> None:
    assert week_key(local_day(at, MSK)) == week


def test_K_12_iso_weeks_across_the_year_end() -> None:
    assert week_key(date(2026, 12, 31)) == "2026-W53"  # 2026 has 53 ISO weeks
    assert week_key(date(2027, 1, 3)) == "2026-W53"
    assert previous_week("2027-W01") == "2026-W53"
    assert week_days("2027-W01") == (date(2027, 1, 4), date(2027, 1, 10))
    assert previous_month("2026-01") == "2025-12"


def test_STANDING_2_next_evaluation_is_the_next_moscow_midnight() -> None:
    assert next_midnight(datetime(2026, 3, 31, 21, 0, tzinfo=UTC), MSK) == datetime(
        2026, 4, 1, 21, 0, tzinfo=UTC
    )
    assert next_midnight(datetime(2026, 3, 31, 20, 59, tzinfo=UTC), MSK) == datetime(
        2026, 3, 31, 21, 0, tzinfo=UTC
    )


AT = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
SHIP_BY = {"P-1": datetime(2026, 3, 8, 20, 30, tzinfo=UTC)}  # Sunday 23:30 Moscow, W10


def test_K_11_pay_is_the_denominator() -> None:
    out = effects_of(view("pay", {"from": "unpaid", "to": "awaiting_packaging"}, AT), {}, MSK)
    assert out.days == {date(2026, 3, 10): {"accepted": 1}}


@pytest.mark.parametrize(("action", "fault", "counter"), [
    ("auto_cancel", "seller", "seller_cancels"),
    ("approve_seller_request", "seller", "seller_cancels"),
    ("buyer_cancel", "buyer", "buyer_cancels"),
    ("approve_buyer_request", "buyer", "buyer_cancels"),
])
def test_K_11_only_the_sellers_fault_counts(action: str, fault: str, counter: str) -> None:
    payload = {"from": "awaiting_packaging", "to": "cancelled", "fault": fault,
               "late_shipment": action == "auto_cancel"}
    out = effects_of(view(action, payload, AT), SHIP_BY, MSK)
    assert out.days[date(2026, 3, 10)] == {counter: 1}


def test_K_11_unpaid_orders_expiring_count_nowhere() -> None:
    payload = {"from": "unpaid", "to": "cancelled", "fault": "buyer"}
    assert effects_of(view("expire_payment", payload, AT), {}, MSK).is_empty()


def test_K_12_auto_cancel_is_late_in_the_week_of_its_ship_by() -> None:
    payload = {"from": "awaiting_packaging", "to": "cancelled", "fault": "seller",
               "late_shipment": True}
    out = effects_of(view("auto_cancel", payload, AT), SHIP_BY, MSK)
    assert out.days[date(2026, 3, 8)] == {"ship_due": 1, "ship_late": 1}


@pytest.mark.parametrize(("late", "expected"), [
    (False, {"ship_due": 1}), (True, {"ship_due": 1, "ship_late": 1}),
])
def test_K_12_shipments_counted_by_ship_by_day(late: bool, expected: dict) -> None:
    payload = {"from": "awaiting_deliver", "to": "delivering", "late_shipment": late}
    out = effects_of(view("ship", payload, AT), SHIP_BY, MSK)
    assert out.days == {date(2026, 3, 8): expected}


def test_CHAT_7_first_response_in_time_missed_and_late() -> None:
    in_time = effects_of(
        view("chat.first_response", {"seconds": 600, "within_deadline": True}, AT, "chat"), {}, MSK
    )
    assert in_time.days[date(2026, 3, 10)] == {"chats_due": 1, "chats_in_time": 1}
    assert in_time.response_seconds == 600
    missed = effects_of(view("chat.response_missed", {}, AT, "chat"), {}, MSK)
    assert missed.days[date(2026, 3, 10)] == {"chats_due": 1}
    # the late answer after a miss adds its time to the median but is not judged twice
    late = effects_of(
        view("chat.first_response", {"seconds": 9000, "within_deadline": False}, AT, "chat"),
        {}, MSK,
    )
    assert late.days == {} and late.response_seconds == 9000


def test_STANDING_2_refunds_disputes_warnings_points_by_action_name() -> None:
    day = date(2026, 3, 10)
    opened = view("dispute.opened", {"type": "not_received"}, AT, "dispute")
    assert effects_of(opened, {}, MSK).days[day] == {"refunds": 1}
    # refund.created comes once per refunded SKU line: the order is counted on the opening
    assert effects_of(view("refund.created", {"sku": "A"}, AT, "dispute"), {}, MSK).is_empty()
    won = view("dispute.decided", {"outcome": "won"}, AT, "dispute")
    assert effects_of(won, {}, MSK).days[day] == {"disputes_won": 1}
    decided = view("dispute.decided", {"outcome": "rejected"}, AT, "dispute")
    assert effects_of(decided, {}, MSK).days[day] == {"disputes_lost": 1}
    assert effects_of(view("dispute.closed", {}, AT, "dispute"), {}, MSK).is_empty()
    warning = effects_of(view("guard.warning", {}, AT, "chat"), {}, MSK)
    assert warning.days[day] == {"guard_warnings": 1} and warning.warnings == 1
    points = effects_of(view("standing.points_deducted", {"delta": -50}, AT, "seller"), {}, MSK)
    assert points.points_delta == -50
    assert effects_of(view("chat.message", {}, AT, "chat"), {}, MSK).is_empty()


def test_GUARD_8_a_dismissed_block_withdraws_its_warning() -> None:
    out = effects_of(view("guard.block_dismissed", {"attempt_id": 4}, AT, "seller"), {}, MSK)
    assert out.warnings == -1 and out.days[date(2026, 3, 10)] == {"guard_warnings": -1}
