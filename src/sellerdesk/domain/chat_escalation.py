"""GUARD-8: how warnings and confirmed off-platform contacts escalate into sanctions.

Read the ladder like the rulebook: 3 warnings -> traffic restriction, then (more warnings) listing
suspension; each confirmed off-platform contact costs points, repeated confirmed cases freeze the
store, and then terminate it. Every number comes from the policy's `[guard]` section.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sellerdesk.policy import Policy


@dataclass(frozen=True)
class Step:
    """One sanction the ladder calls for."""

    level: int
    kind: str  # a sanction kind of STANDING-4
    reason: str
    duration: timedelta | None  # None: until staff lift it
    dedupe_key: str


def warning_steps_due(active_warnings: int, reached: int, policy: Policy) -> list[Step]:
    """GUARD-8: the warning-ladder sanctions due at `active_warnings` not imposed yet
    (`reached` is the highest level already imposed). The dedupe keys are the ones the standing
    evaluation uses for the same sanctions, so imposing here at once and there later is one
    sanction, not two."""
    rules = policy.guard
    ladder = (
        Step(
            1,
            "traffic_restriction",
            f"{rules.warnings_to_restrict} chat warnings: traffic restricted (GUARD-8)",
            rules.traffic_restriction_for or None,
            "GUARD-8:traffic_restriction",
        ),
        Step(
            2,
            "listing_suspension",
            f"{rules.warnings_to_suspend} chat warnings: new listings suspended (GUARD-8)",
            policy.standing.listing_suspension_for or None,
            "GUARD-8:listing_suspension",
        ),
    )
    thresholds = {1: rules.warnings_to_restrict, 2: rules.warnings_to_suspend}
    return [s for s in ladder if s.level > reached and active_warnings >= thresholds[s.level]]


def confirmed_steps_due(confirmed_cases: int, policy: Policy) -> list[Step]:
    """GUARD-8: repeated confirmed off-platform contacts freeze the store for `store_freeze`
    (each repeat), and at `confirmed_to_terminate` terminate the contract."""
    rules = policy.guard
    if confirmed_cases >= rules.confirmed_to_terminate:
        return [
            Step(
                4,
                "termination",
                f"{confirmed_cases} confirmed off-platform contacts: contract terminated (GUARD-8)",
                None,
                "GUARD-8:confirmed:terminate",
            )
        ]
    if confirmed_cases >= rules.confirmed_to_freeze:
        hours = int(rules.store_freeze.total_seconds() // 3600)
        return [
            Step(
                3,
                "store_freeze",
                f"{confirmed_cases} confirmed off-platform contacts: store frozen for {hours}h "
                "(GUARD-8)",
                rules.store_freeze,
                f"GUARD-8:confirmed:freeze:{confirmed_cases}",
            )
        ]
    return []
