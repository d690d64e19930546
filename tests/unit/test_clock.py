"""Business calendar (K-2, K-3) and durations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sellerdesk.clock import BusinessCalendar, format_duration, parse_duration

CAL = BusinessCalendar()


def msk(text: str) -> datetime:
    return datetime.fromisoformat(text + "+03:00")


def test_durations_round_trip():
    assert parse_duration("7d") == timedelta(days=7)
    assert parse_duration("1d12h") == timedelta(hours=36)
    assert format_duration(timedelta(minutes=90)) == "1h30m"
    with pytest.raises(ValueError):
        parse_duration("soon")


def test_K_3_russian_holidays_are_not_business_days():
    assert not CAL.is_business_day(msk("2026-01-05T10:00").date())  # New Year holidays
    assert not CAL.is_business_day(msk("2026-03-07T10:00").date())  # Saturday
    assert CAL.is_business_day(msk("2026-03-10T10:00").date())


def test_CANCEL_3_business_days_skip_weekends_and_holidays():
    due = CAL.add_business_days(msk("2026-03-06T12:00"), 1)  # Friday -> Tuesday (9 March holiday)
    assert due == msk("2026-03-10T18:00").astimezone(UTC)


def test_SUPPORT_5_business_hours_count_only_open_time():
    due = CAL.add_business_hours(msk("2026-03-06T17:00"), 2)  # Friday 17:00 + 2h
    assert due == msk("2026-03-10T10:00").astimezone(UTC)
    assert CAL.business_hours_between(msk("2026-03-06T17:00"), due) == timedelta(hours=2)


def test_DISPUTE_5_holidays_extend_calendar_span_weekends_do_not():
    plain = CAL.extend_over_holidays(msk("2026-03-12T10:00"), timedelta(hours=72))
    assert plain == msk("2026-03-15T10:00")  # spans a weekend: no extension
    over = CAL.extend_over_holidays(msk("2026-03-06T10:00"), timedelta(hours=72))
    assert over == msk("2026-03-11T10:00")  # 8 and 9 March are holidays: +48h
