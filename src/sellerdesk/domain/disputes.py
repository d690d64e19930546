"""Disputes and appeals as a declared process (REFUND-2, DISPUTE-1, DISPUTE-5, DISPUTE-6, K-14).

Read TRANSITIONS like the rulebook: from which status, by whom, to which status, which timer
starts, the rule. The functions interpret the table; scoring lives in `dispute_scoring`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sellerdesk.domain.refunds import Trigger, moscow_text, span_text
from sellerdesk.errors import Conflict, InvalidInput, RuleViolation
from sellerdesk.evidence import EVIDENCE_SLOTS
from sellerdesk.policy import Policy

STATUSES = ("open", "appealed", "won", "rejected", "closed")
TYPES = (
    "tracking_stall",
    "not_delivered_by_date",
    "not_received",
    "wrong_item",
    "not_as_described",
    "damaged",
)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    actor: str
    starts_timer: str | None
    rule: str
    says: str


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "open",
        frozenset(),
        "open",
        "system",
        "appeal_until",
        "REFUND-2",
        "automatic refund made; the seller may appeal until the window ends",
    ),
    Transition(
        "open_final",
        frozenset(),
        "closed",
        "system",
        None,
        "REFUND-3",
        "refund decided for the buyer; not appealable under this policy",
    ),
    Transition(
        "appeal",
        frozenset({"open"}),
        "appealed",
        "seller",
        "decide_by",
        "DISPUTE-5",
        "appeal filed; decided by rules and scoring by the deadline",
    ),
    Transition(
        "reject_unreviewed",
        frozenset({"open"}),
        "rejected",
        "system",
        None,
        "K-14",
        "appeal rejected without review: identical evidence or seller throttled",
    ),
    Transition(
        "close_window",
        frozenset({"open"}),
        "closed",
        "system",
        None,
        "DISPUTE-1",
        "appeal window ended without an appeal; the refund stands",
    ),
    Transition(
        "won",
        frozenset({"appealed"}),
        "won",
        "system",
        None,
        "DISPUTE-8",
        "appeal won: the refunded amount is returned to the seller",
    ),
    Transition(
        "rejected",
        frozenset({"appealed"}),
        "rejected",
        "system",
        None,
        "DISPUTE-8",
        "appeal lost: the seller bears the refund",
    ),
)

# DISPUTE-3: the grounds (evidence types) an appeal may argue for each dispute type; the first
# is the default. A stalled or late parcel may be a customs delay (customs release + carrier
# letter); a return the warehouse refused is argued with the refusal notice.
APPEAL_GROUNDS: dict[str, tuple[str, ...]] = {
    "tracking_stall": ("tracking_stall", "customs_delay"),
    "not_delivered_by_date": ("not_delivered_by_date", "customs_delay"),
    "not_received": ("not_received",),
    "wrong_item": ("wrong_item", "warehouse_refusal"),
    "not_as_described": ("wrong_item", "warehouse_refusal"),
    "damaged": ("damaged", "warehouse_refusal"),
}


def transition(action: str, status: str | None) -> Transition:
    """The transition `action` takes from `status` (None: a new dispute)."""
    for step in TRANSITIONS:
        if step.action == action and (
            status in step.sources or (status is None and not step.sources)
        ):
            return step
    allowed = sorted({s for t in TRANSITIONS if t.action == action for s in t.sources})
    raise Conflict(
        f"dispute is {status}; '{action}' needs {' or '.join(allowed) or 'a new dispute'}",
        rule="DISPUTE-6",
        facts={"status": status},
    )


@dataclass(frozen=True)
class Opening:
    status: str
    rule: str
    appealable: bool
    appeal_until: datetime | None
    note: str


def open_dispute(trigger: Trigger, refunded_at: datetime, policy: Policy) -> Opening:
    """REFUND-2 / DISPUTE-1: the record says which rule refunded, and whether and until when it
    can be appealed (refund time + the appeal window, calendar time)."""
    calendar = policy.business_calendar()
    if not trigger.appealable:
        step = transition("open_final", None)
        return Opening(
            step.target,
            step.rule,
            False,
            None,
            "Decided for the buyer by default (REFUND-3); this refund cannot be appealed.",
        )
    step = transition("open", None)
    until = refunded_at + policy.dispute.appeal_window
    note = f"Appealable until {moscow_text(until, calendar)} (DISPUTE-1)."
    if trigger.for_buyer_by_default:
        note = (
            "Decided for the buyer by default (REFUND-3): an appeal is reviewed but evidence "
            f"rarely overturns it. {note}"
        )
    return Opening(step.target, step.rule, True, until, note)


@dataclass(frozen=True)
class DisputeFacts:
    id: int
    type: str
    status: str
    appealable: bool
    appeal_until: datetime | None


def check_can_appeal(dispute: DisputeFacts, now: datetime, policy: Policy) -> None:
    """DISPUTE-6: one appeal per dispute, final; DISPUTE-1: only inside the window (K-1)."""
    if dispute.status in ("appealed", "won", "rejected"):
        raise Conflict(
            f"dispute {dispute.id} already has its appeal ({dispute.status}); one appeal per "
            "dispute and its outcome is final",
            rule="DISPUTE-6",
            facts={"status": dispute.status},
        )
    if not dispute.appealable or dispute.appeal_until is None:
        raise RuleViolation(
            f"dispute {dispute.id} cannot be appealed",
            rule="REFUND-3",
            next_step="The refund stands; see the dispute's facts.",
        )
    if dispute.status == "closed" or now >= dispute.appeal_until:
        raise RuleViolation(
            f"the appeal window of dispute {dispute.id} closed at "
            f"{moscow_text(dispute.appeal_until, policy.business_calendar())}",
            rule="DISPUTE-1",
            next_step=f"Appeals are filed within {span_text(policy.dispute.appeal_window)} "
            "of the refund.",
            facts={"appeal_until": dispute.appeal_until.isoformat()},
        )


def choose_grounds(dispute_type: str, grounds: str | None) -> str:
    """DISPUTE-3: the evidence type the appeal argues; defaults to the dispute's own."""
    allowed = APPEAL_GROUNDS[dispute_type]
    if grounds is None:
        return allowed[0]
    if grounds not in allowed:
        raise InvalidInput(
            f"a {dispute_type} dispute is appealed on grounds {' or '.join(allowed)}",
            rule="DISPUTE-3",
            facts={"allowed": list(allowed)},
        )
    return grounds


def required_slots(grounds: str) -> tuple[str, ...]:
    """DISPUTE-3: the evidence slots an appeal on these grounds must fill."""
    return EVIDENCE_SLOTS[grounds]


def decide_by(submitted_at: datetime, policy: Policy) -> datetime:
    """DISPUTE-5 / K-2: 72h of calendar time, plus 24h per public-holiday date inside it."""
    span = policy.dispute.decide_within
    if not policy.dispute.extend_over_holidays:
        return submitted_at + span
    return policy.business_calendar().extend_over_holidays(submitted_at, span)


@dataclass(frozen=True)
class Unreviewed:
    """K-14: an appeal rejected without review, and the throttle it starts (if any)."""

    reason: str  # duplicate_evidence | throttled
    message: str
    throttle_until: datetime | None


def duplicate_verdict(
    duplicates: Iterable[str],
    throttled_until: datetime | None,
    now: datetime,
    policy: Policy,
) -> Unreviewed | None:
    """K-14 (DISPUTE-6): identical evidence (same SHA-256) while another appeal of the seller is
    open rejects this appeal unreviewed and throttles the seller; so does any appeal filed while
    throttled (K-1: throttled while now < the end)."""
    calendar = policy.business_calendar()
    if throttled_until is not None and now < throttled_until:
        return Unreviewed(
            "throttled",
            "Rejected without review (K-14): appeals are throttled until "
            f"{moscow_text(throttled_until, calendar)} after identical evidence was re-submitted.",
            None,
        )
    same = sorted(set(duplicates))
    if not same:
        return None
    until = now + policy.dispute.duplicate_throttle
    return Unreviewed(
        "duplicate_evidence",
        f"Rejected without review (K-14): {len(same)} file(s) are identical (same SHA-256) to "
        "evidence in another appeal still under review. Further appeals are rejected until "
        f"{moscow_text(until, calendar)}.",
        until,
    )
