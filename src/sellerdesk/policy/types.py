"""Value types used in policy files: durations like "48h", money as Decimal strings, rates."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PlainSerializer

from sellerdesk.clock import format_duration, parse_duration


def _duration(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    if isinstance(value, str):
        return parse_duration(value)
    raise ValueError("a duration is a string such as '48h', '7d' or '30m'")


def _clock_time(value: Any) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        return time.fromisoformat(value)
    raise ValueError("a time of day is a string such as '09:00'")


def _money(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError('money is a number such as "500.00"')
    if isinstance(value, int | str | Decimal):
        return Decimal(str(value))
    if isinstance(value, float):
        return Decimal(repr(value))
    raise ValueError('money is a number such as "500.00"')


Duration = Annotated[
    timedelta,
    BeforeValidator(_duration),
    PlainSerializer(format_duration, return_type=str),
]
ClockTime = Annotated[
    time,
    BeforeValidator(_clock_time),
    PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str),
]
Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    Field(ge=0),
    PlainSerializer(lambda d: str(d), return_type=str),
]
Rate = Annotated[float, Field(ge=0.0, le=1.0)]


def rule(rule_id: str, default: Any = ..., description: str = "", **kwargs: Any) -> Any:
    """A policy parameter labelled with the rule that uses it (shown by `policy show`)."""
    return Field(default, description=description, json_schema_extra={"rule": rule_id}, **kwargs)
