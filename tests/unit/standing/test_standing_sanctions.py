"""STANDING-4 ladders: CANCEL-6, CANCEL-7, ORDER-4, GUARD-8 — thresholds and idempotency."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from sellerdesk.domain.standing import Counts, total
from sellerdesk.domain.standing_sanctions import Decision, SanctionState, evaluate
from sellerdesk.policy import load_policy

POLICY = load_policy("ozon")
APRIL_1 = datetime(2026, 3, 31, 21, 0, tzinfo=UTC)  # 00:00 Moscow, April 1


def run(daily: dict[date, Counts], as_of: datetime, *, warnings: int = 0,
        state: SanctionState | None = None) -> list[Decision]:
    window = total(daily, (as_of + timedelta(hours=3)).date() - timedelta(days=29),
                   (as_of + timedelta(hours=3)).date())
    return evaluate(daily, window, warnings, state or SanctionState(), as_of, POLICY).decisions


def months(*rates: tuple[int, int], last: str = "2026-03") -> dict[date, Counts]:
    """One day per month (the 15th), oldest first, ending with `last`."""
    year, month = int(last[:4]), int(last[5:])
    daily = {}
    for cancels, accepted in reversed(rates):
        daily[date(year, month, 15)] = Counts(accepted=accepted, seller_cancels=cancels)
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return daily


def kinds(decisions: list[Decision]) -> list[tuple[str, str]]:
    return [(d.rule, d.kind) for d in decisions]


@pytest.mark.parametrize(("cancels", "warned"), [(2, False), (3, False), (4, True)])
def test_CANCEL_6_month_above_limit_warns_when_it_closes(cancels: int, warned: bool) -> None:
    decisions = run(months((cancels, 100)), APRIL_1)
    assert kinds(decisions) == ([("CANCEL-6", "warning")] if warned else [])
    if warned:
        assert decisions[0].facts["numerator"] == 4 and decisions[0].facts["denominator"] == 100
        assert decisions[0].key == "CANCEL-6:warning:2026-03"
        assert decisions[0].ends_at == APRIL_1 + POLICY.standing.warning_for


def test_CANCEL_6_the_current_month_is_not_judged_before_it_closes() -> None:
    assert run(months((10, 100), last="2026-04"), APRIL_1 + timedelta(days=5)) == []


@pytest.mark.parametrize(("accepted", "warned"), [(19, False), (20, True), (21, True)])
def test_K_13_CANCEL_6_needs_min_orders(accepted: int, warned: bool) -> None:
    assert bool(run(months((5, accepted)), APRIL_1)) is warned


def test_CANCEL_6_two_consecutive_months_suspend_listings() -> None:
    decisions = run(months((4, 100), (4, 100)), APRIL_1)
    assert kinds(decisions) == [("CANCEL-6", "warning"), ("CANCEL-6", "listing_suspension")]
    assert decisions[1].ends_at is None  # until staff lift it (0s in the preset)


def test_CANCEL_6_a_clean_month_between_breaks_the_run() -> None:
    decisions = run(months((4, 100), (3, 100), (4, 100)), APRIL_1)
    assert kinds(decisions) == [("CANCEL-6", "warning")]


def test_CANCEL_6_suspension_not_doubled_while_one_is_active() -> None:
    state = SanctionState(active=frozenset({("CANCEL-6", "listing_suspension")}))
    assert kinds(run(months((4, 100), (4, 100)), APRIL_1, state=state)) == [
        ("CANCEL-6", "warning")
    ]


@pytest.mark.parametrize(("earlier", "terminated"), [(3, False), (4, True)])
def test_CANCEL_6_five_breaches_freeze_deposit_and_terminate(earlier: int, terminated: bool) -> None:
    state = SanctionState(
        keys=frozenset(f"CANCEL-6:warning:2025-0{m}" for m in range(1, earlier + 1)),
        cancel_breach_months=frozenset(f"2025-0{m}" for m in range(1, earlier + 1)),
    )
    decisions = run(months((4, 100)), APRIL_1, state=state)
    found = kinds(decisions)
    assert (("CANCEL-6", "deposit_freeze") in found) is terminated
    assert (("CANCEL-6", "termination") in found) is terminated
    if terminated:
        freeze = next(d for d in decisions if d.kind == "deposit_freeze")
        assert freeze.facts["deposit"] == "50000" and freeze.ends_at is None


def test_CANCEL_6_a_lifted_warning_is_not_a_breach() -> None:
    # staff lifted March's warning: the key stays (no new warning) but it does not count
    state = SanctionState(
        keys=frozenset({"CANCEL-6:warning:2026-03"} | {f"CANCEL-6:warning:2025-0{m}" for m in
                                                      range(1, 5)}),
        cancel_breach_months=frozenset(f"2025-0{m}" for m in range(1, 5)),
    )
    assert run(months((4, 100)), APRIL_1, state=state) == []


def test_STANDING_4_evaluation_is_idempotent() -> None:
    daily = months((4, 100), (4, 100))
    first = run(daily, APRIL_1)
    state = SanctionState(
        active=frozenset((d.rule, d.kind) for d in first),
        keys=frozenset(d.key for d in first),
        cancel_breach_months=frozenset({"2026-03"}),
    )
    assert run(daily, APRIL_1, state=state) == []
    assert run(daily, APRIL_1 + timedelta(days=1), state=state) == []


MONDAY_W13 = datetime(2026, 3, 22, 21, 0, tzinfo=UTC)  # Monday 2026-03-23 00:00 Moscow


def weeks(*rates: tuple[int, int]) -> dict[date, Counts]:
    """Wednesdays of W10, W11, W12 (…) with (late, due), oldest first, ending in W12."""
    last = date(2026, 3, 18)  # Wednesday of 2026-W12
    return {
        last - timedelta(days=7 * i): Counts(ship_late=late, ship_due=due)
        for i, (late, due) in enumerate(reversed(rates))
    }


@pytest.mark.parametrize(("third", "watched"), [((1, 20), False), ((2, 40), False), ((3, 40), True)])
def test_CANCEL_7_three_consecutive_weeks_above_put_on_watchlist(
    third: tuple[int, int], watched: bool
) -> None:
    decisions = run(weeks((3, 40), (3, 40), third), MONDAY_W13)
    assert kinds(decisions) == ([("CANCEL-7", "watchlist")] if watched else [])
    if watched:
        assert [w["period"] for w in decisions[0].facts["weeks"]] == [
            "2026-W10", "2026-W11", "2026-W12"
        ]
        assert decisions[0].ends_at == MONDAY_W13 + timedelta(days=28)


def test_CANCEL_7_two_weeks_are_not_enough() -> None:
    assert run(weeks((3, 40), (3, 40)), MONDAY_W13) == []


def test_K_12_K_13_an_unjudged_week_is_a_gap() -> None:
    # the middle week has 19 postings: not judged, so the run is broken
    assert run(weeks((3, 40), (5, 19), (3, 40)), MONDAY_W13) == []


def test_CANCEL_7_not_again_while_on_the_watchlist() -> None:
    state = SanctionState(active=frozenset({("CANCEL-7", "watchlist")}))
    assert run(weeks((3, 40), (3, 40), (3, 40)), MONDAY_W13, state=state) == []


NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("delivered", "failed", "demoted"), [(19, 1, False), (18, 2, True),
                                                              (39, 1, False)])
def test_ORDER_4_fulfilment_below_target_demotes(delivered: int, failed: int, demoted: bool) -> None:
    daily = {date(2026, 3, 10): Counts(delivered=delivered, seller_cancels=failed)}
    decisions = run(daily, NOW)
    assert kinds(decisions) == ([("ORDER-4", "traffic_demotion")] if demoted else [])


def test_ORDER_4_data_outside_the_window_does_not_count() -> None:
    daily = {date(2026, 2, 18): Counts(delivered=18, seller_cancels=2)}  # 31 days before
    assert run(daily, NOW) == []


@pytest.mark.parametrize(("warnings", "expected"), [
    (2, []),
    (3, [("GUARD-8", "traffic_restriction")]),
    (5, [("GUARD-8", "traffic_restriction")]),
    (6, [("GUARD-8", "traffic_restriction"), ("GUARD-8", "listing_suspension")]),
])
def test_GUARD_8_warnings_escalate(warnings: int, expected: list[tuple[str, str]]) -> None:
    assert kinds(run({}, NOW, warnings=warnings)) == expected
