"""Sandbox mode: move the shared clock and run every sweep that became due, in due-time order."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sellerdesk.clock import parse_duration
from sellerdesk.errors import InvalidInput, SandboxOnly
from sellerdesk.jobs.sweeps import run_due
from sellerdesk.runtime import Runtime
from sellerdesk.store.sandbox_clock import SandboxClock

REPORT_LINES = 500


@dataclass
class AdvanceReport:
    started_at: datetime
    now: datetime
    happened: list[str] = field(default_factory=list)
    total: int = 0
    by_rule: dict[str, int] = field(default_factory=dict)


def sandbox_clock(rt: Runtime) -> SandboxClock:
    if not rt.sandbox or not isinstance(rt.clock, SandboxClock):
        raise SandboxOnly(
            "the clock can be moved only in sandbox mode",
            next_step="Start sellerdesk with SELLERDESK_SANDBOX=1 to use a movable clock.",
        )
    return rt.clock


def parse_by(by: str) -> timedelta:
    try:
        step = parse_duration(by)
    except ValueError as exc:
        raise InvalidInput(
            str(exc), next_step='Give a duration such as "7d", "48h" or "30m".'
        ) from None
    if step <= timedelta(0):
        raise InvalidInput("the clock only moves forward", next_step="Give a positive duration.")
    return step


def advance(rt: Runtime, by: str | timedelta, *, sweep: bool = True) -> AdvanceReport:
    """Move sandbox time forward by `by` and act on everything that became due."""
    clock = sandbox_clock(rt)
    step = parse_by(by) if isinstance(by, str) else by
    if step > rt.policy.sandbox.max_advance:
        raise InvalidInput(
            f"one advance may move at most {rt.policy.sandbox.max_advance.days} days",
            next_step="Advance in several steps.",
        )
    started = clock.now()
    target = clock.set(started + step)
    report = AdvanceReport(started, target)
    if sweep:
        messages = run_due(rt, target)
        report.total = len(messages)
        report.happened = messages[:REPORT_LINES]
        report.by_rule = dict(Counter(m.rsplit(", ", 1)[-1] for m in messages if ", " in m))
    return report


def set_time(rt: Runtime, at: datetime, *, running: bool | None = None) -> datetime:
    """Jump the sandbox clock (forward only, so deadlines are never skipped backwards)."""
    clock = sandbox_clock(rt)
    if at.tzinfo is None:
        raise InvalidInput("give the time with a zone, e.g. 2026-03-02T09:00:00+03:00")
    if at < clock.now():
        raise InvalidInput("the sandbox clock only moves forward")
    return clock.set(at, running=running)
