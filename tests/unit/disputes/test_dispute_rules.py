"""Pure dispute rules: DISPUTE-1 window (K-1), DISPUTE-5 deadline (K-2), DISPUTE-6 and K-14."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sellerdesk.domain import disputes as rules
from sellerdesk.domain.refunds import Trigger
from sellerdesk.errors import Conflict, InvalidInput, RuleViolation
from sellerdesk.policy import load_policy

POLICY = load_policy("ozon")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _facts(status="open", until=NOW + timedelta(days=7), appealable=True):
    return rules.DisputeFacts(1, "tracking_stall", status, appealable, until)


def test_DISPUTE_1_appeal_until_is_refund_time_plus_7_calendar_days():
    opening = rules.open_dispute(Trigger("tracking_stall", "REFUND-1", "x"), NOW, POLICY)
    assert opening.status == "open" and opening.appealable
    assert opening.appeal_until == NOW + timedelta(days=7)
    assert opening.note == "Appealable until 2026-03-09 12:00 MSK (DISPUTE-1)."


def test_DISPUTE_1_window_open_while_now_is_before_the_end_K_1():
    rules.check_can_appeal(_facts(), NOW + timedelta(days=7) - timedelta(seconds=1), POLICY)
    with pytest.raises(RuleViolation) as caught:
        rules.check_can_appeal(_facts(), NOW + timedelta(days=7), POLICY)
    assert caught.value.rule == "DISPUTE-1"
    assert "2026-03-09 12:00 MSK" in caught.value.message


@pytest.mark.parametrize("status", ["appealed", "won", "rejected"])
def test_DISPUTE_6_one_appeal_per_dispute_and_final(status):
    with pytest.raises(Conflict) as caught:
        rules.check_can_appeal(_facts(status), NOW, POLICY)
    assert caught.value.rule == "DISPUTE-6"


def test_REFUND_3_final_refund_cannot_be_appealed():
    opening = rules.open_dispute(
        Trigger("not_received", "REFUND-3", "x", for_buyer_by_default=True, appealable=False),
        NOW,
        POLICY,
    )
    assert opening.status == "closed" and opening.appeal_until is None
    with pytest.raises(RuleViolation) as caught:
        rules.check_can_appeal(_facts("closed", None, False), NOW, POLICY)
    assert caught.value.rule == "REFUND-3"


def test_DISPUTE_5_decided_within_72h_on_ordinary_days():
    assert rules.decide_by(NOW, POLICY) == NOW + timedelta(hours=72)


def test_DISPUTE_5_K_2_each_public_holiday_inside_adds_24h_weekends_do_not():
    # Filed Thursday 30 April 2026, 12:00 Moscow: 1 May (Friday) is a public holiday.
    filed = datetime(2026, 4, 30, 9, 0, tzinfo=UTC)
    calendar = POLICY.business_calendar()
    holidays_inside = {
        d
        for d in (datetime(2026, 4, 30).date() + timedelta(days=i) for i in range(8))
        if calendar.is_holiday(d)
    }
    assert datetime(2026, 5, 1).date() in holidays_inside
    due = rules.decide_by(filed, POLICY)
    assert due >= filed + timedelta(hours=72 + 24)
    assert due == calendar.extend_over_holidays(filed, timedelta(hours=72))
    # A weekend alone does not extend: Friday 13 March 2026 + 72h.
    friday = datetime(2026, 3, 13, 9, 0, tzinfo=UTC)
    assert rules.decide_by(friday, POLICY) == friday + timedelta(hours=72)
    # A holiday on a Sunday does (8 March 2026), and so does its transfer to Monday 9 March.
    womens_day = datetime(2026, 3, 6, 9, 0, tzinfo=UTC)
    assert rules.decide_by(womens_day, POLICY) == womens_day + timedelta(hours=72 + 48)


def test_DISPUTE_5_holiday_extension_can_be_switched_off():
    policy = POLICY.model_copy(
        update={"dispute": POLICY.dispute.model_copy(update={"extend_over_holidays": False})}
    )
    filed = datetime(2026, 4, 30, 9, 0, tzinfo=UTC)
    assert rules.decide_by(filed, policy) == filed + timedelta(hours=72)


def test_K_14_identical_evidence_rejects_and_throttles_for_24h():
    verdict = rules.duplicate_verdict(["abc", "abc"], None, NOW, POLICY)
    assert verdict is not None and verdict.reason == "duplicate_evidence"
    assert verdict.throttle_until == NOW + timedelta(hours=24)
    assert "K-14" in verdict.message and "1 file(s)" in verdict.message


def test_K_14_throttled_seller_is_rejected_until_the_end_K_1():
    until = NOW + timedelta(hours=5)
    verdict = rules.duplicate_verdict([], until, NOW, POLICY)
    assert verdict is not None and verdict.reason == "throttled" and verdict.throttle_until is None
    assert rules.duplicate_verdict([], until, until, POLICY) is None


def test_DISPUTE_3_appeal_grounds_per_dispute_type():
    assert rules.choose_grounds("tracking_stall", None) == "tracking_stall"
    assert rules.choose_grounds("tracking_stall", "customs_delay") == "customs_delay"
    assert rules.choose_grounds("not_as_described", None) == "wrong_item"
    assert rules.required_slots("customs_delay") == ("customs_release", "carrier_letter")
    with pytest.raises(InvalidInput) as caught:
        rules.choose_grounds("not_received", "customs_delay")
    assert caught.value.rule == "DISPUTE-3"


def test_REFUND_2_state_table_reads_like_the_rulebook():
    assert rules.transition("appeal", "open").target == "appealed"
    assert rules.transition("close_window", "open").rule == "DISPUTE-1"
    assert rules.transition("won", "appealed").rule == "DISPUTE-8"
    with pytest.raises(Conflict):
        rules.transition("close_window", "appealed")
