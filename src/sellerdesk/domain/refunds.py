"""Automatic refunds (REFUND-1..4): which trigger applies, what is refunded per SKU, and the
facts a dispute names. Pure: facts and `now` in, verdicts out.

TRIGGERS reads like the rulebook: each trigger, the rule that fires it, the dispute type it opens
(the DISPUTE-3 evidence slots follow from that type) and whether a buyer files it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sellerdesk.clock import BusinessCalendar
from sellerdesk.domain.orders import Outcome
from sellerdesk.errors import InvalidInput, RuleViolation
from sellerdesk.policy import Policy

# Carrier scan statuses a tracking event may carry; "delivered" is the carrier's confirmation.
TRACKING_STATUSES = (
    "accepted",
    "in_transit",
    "sorting",
    "customs",
    "customs_cleared",
    "arrived",
    "out_for_delivery",
    "delivery_failed",
    "delivered",
)
DELIVERED = "delivered"


@dataclass(frozen=True)
class TriggerSpec:
    trigger: str
    rule: str
    filed_by: str  # system (a sweep) | buyer (a complaint)
    order_states: frozenset[str]  # where the trigger may fire
    says: str


TRIGGERS: dict[str, TriggerSpec] = {
    spec.trigger: spec
    for spec in (
        TriggerSpec(
            "tracking_stall",
            "REFUND-1",
            "system",
            frozenset({"delivering"}),
            "last-mile tracking did not move",
        ),
        TriggerSpec(
            "not_delivered_by_date",
            "REFUND-1",
            "system",
            frozenset({"delivering"}),
            "the carrier did not confirm delivery by the expected date",
        ),
        TriggerSpec(
            "not_received",
            "REFUND-1",
            "buyer",
            frozenset({"delivered"}),
            "the buyer reports the parcel was not received",
        ),
        TriggerSpec(
            "wrong_item",
            "REFUND-1",
            "buyer",
            frozenset({"delivered"}),
            "the buyer got another item",
        ),
        TriggerSpec(
            "not_as_described",
            "REFUND-1",
            "buyer",
            frozenset({"delivered"}),
            "the buyer reports the item is not as described",
        ),
        TriggerSpec(
            "damaged",
            "REFUND-1",
            "buyer",
            frozenset({"delivered"}),
            "the buyer reports damage, with photos",
        ),
    )
}
COMPLAINTS = tuple(t for t, spec in TRIGGERS.items() if spec.filed_by == "buyer")


def moscow_text(at: datetime, calendar: BusinessCalendar) -> str:
    """'2026-03-02 14:10 MSK': times in verdicts are shown in the calendar's zone."""
    local = calendar.local(at)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def span_text(span: timedelta) -> str:
    """'5 days', '48 hours', '3 days 4 hours': hours below three days, as the rules say them."""
    hours = int(span.total_seconds() // 3600)
    if hours < 72:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    days, rest = divmod(hours, 24)
    text = f"{days} days"
    return text if rest == 0 else f"{text} {rest} hour{'s' if rest != 1 else ''}"


def carrier_key(name: str) -> str:
    """'DPD Russia' -> 'dpd_russia', as the policy's integrated_carriers list names carriers."""
    return "_".join(name.lower().replace("-", " ").split())


def check_tracking_event(
    status: str, occurred_at: datetime, now: datetime, shipped_at: datetime | None
) -> None:
    """A carrier scan must have a known status and a time between hand-over and now."""
    if status not in TRACKING_STATUSES:
        raise InvalidInput(
            f"tracking status must be one of {', '.join(TRACKING_STATUSES)}", rule="REFUND-1"
        )
    if occurred_at > now:
        raise InvalidInput("a tracking event cannot happen in the future", rule="REFUND-1")
    if shipped_at is not None and occurred_at < shipped_at:
        raise InvalidInput(
            "a tracking event cannot come before the posting was handed to the carrier",
            rule="REFUND-1",
            facts={"shipped_at": shipped_at.isoformat()},
        )


def stall_due(last_event_at: datetime, policy: Policy) -> datetime:
    """REFUND-1: refund when tracking has not moved by this time (K-1: due when now >= it)."""
    return last_event_at + policy.refund.tracking_stall


def delivery_due(expected: date, calendar: BusinessCalendar) -> datetime:
    """K-20: the carrier must confirm delivery before Moscow midnight ending the expected date."""
    return calendar.end_of_local_day(expected)


def stall_facts(
    last_event_at: datetime, status: str, location: str, carrier: str, policy: Policy
) -> str:
    """REFUND-2: 'carrier status not updated for 5 days since 2026-03-02 14:10 MSK (...)'."""
    calendar = policy.business_calendar()
    where = f", {location}" if location else ""
    return (
        f"carrier status not updated for {span_text(policy.refund.tracking_stall)} since "
        f"{moscow_text(last_event_at, calendar)} (last status: {status}{where}; {carrier})"
    )


def late_delivery_facts(expected: date, carrier: str, policy: Policy) -> str:
    """REFUND-2 facts of the K-20 trigger."""
    due = delivery_due(expected, policy.business_calendar())
    return (
        f"carrier {carrier} did not confirm delivery by the expected date {expected.isoformat()} "
        f"(deadline {moscow_text(due, policy.business_calendar())}, K-20)"
    )


@dataclass(frozen=True)
class Trigger:
    """What fired a refund: the rule to name, the dispute type, and the facts to show."""

    trigger: str
    rule: str
    facts: str
    for_buyer_by_default: bool = False  # REFUND-3: a late "not received" complaint
    appealable: bool = True


def complaint_trigger(
    kind: str, order_status: str, delivered_at: datetime | None, now: datetime, policy: Policy
) -> Trigger:
    """REFUND-1 / REFUND-3: which rule a buyer complaint falls under, or why it cannot be filed."""
    if kind not in COMPLAINTS:
        raise InvalidInput(f"complaint type must be one of {', '.join(COMPLAINTS)}")
    spec = TRIGGERS[kind]
    if kind not in policy.refund.triggers:
        raise RuleViolation(
            f"automatic refunds for '{kind}' are not in force under this policy",
            rule="REFUND-1",
            next_step="Contact support about this order.",
        )
    if order_status not in spec.order_states or delivered_at is None:
        next_step = (
            "While the parcel is on its way you are refunded automatically if tracking stalls "
            f"for {span_text(policy.refund.tracking_stall)} or the expected date passes."
            if order_status == "delivering"
            else "Complaints are filed about delivered orders."
        )
        raise RuleViolation(
            f"a '{kind}' complaint needs a delivered order; this one is {order_status}",
            rule=spec.rule,
            next_step=next_step,
            facts={"status": order_status},
        )
    calendar = policy.business_calendar()
    after = now - delivered_at
    delivered = moscow_text(delivered_at, calendar)
    if kind != "not_received":
        return Trigger(kind, spec.rule, f"{spec.says} (delivered {delivered})")
    window = policy.refund.not_received_window
    if after < window:
        return Trigger(
            kind,
            "REFUND-1",
            f"{spec.says} {span_text(after)} after delivery on {delivered}, within "
            f"{span_text(window)} (REFUND-3)",
        )
    return Trigger(
        kind,
        "REFUND-3",
        f"{spec.says} {span_text(after)} after delivery on {delivered}, later than "
        f"{span_text(window)}: decided for the buyer by default",
        for_buyer_by_default=True,
        appealable=policy.refund.late_not_received_appealable,
    )


@dataclass(frozen=True)
class ItemFacts:
    sku: str
    quantity: int
    unit_price: Decimal
    category: str


@dataclass(frozen=True)
class RefundLine:
    sku: str
    quantity: int
    amount: Decimal
    category: str


def plan_refund(
    items: list[ItemFacts], refunded: dict[str, int], requested: dict[str, int | None] | None
) -> list[RefundLine]:
    """REFUND-4: what each SKU refunds. None requests every unit not refunded yet; a SKU can be
    refunded only up to what was bought."""
    by_sku = {item.sku: item for item in items}
    wanted = requested if requested else {sku: None for sku in by_sku}
    unknown = sorted(set(wanted) - set(by_sku))
    if unknown:
        raise InvalidInput(
            f"SKU(s) {', '.join(unknown)} are not in this order",
            rule="REFUND-4",
            facts={"skus": sorted(by_sku)},
        )
    lines: list[RefundLine] = []
    for sku, quantity in wanted.items():
        item = by_sku[sku]
        left = item.quantity - refunded.get(sku, 0)
        count = left if quantity is None else quantity
        if count <= 0 and quantity is None and requested is None:
            continue  # whole-order refunds skip SKUs already refunded
        if count <= 0 or count > left:
            raise RuleViolation(
                f"SKU {sku}: {left} of {item.quantity} unit(s) can still be refunded; "
                f"asked for {count}",
                rule="REFUND-4",
                next_step="Each unit is refunded once; see the order's refunds.",
                facts={"sku": sku, "refundable": left},
            )
        lines.append(RefundLine(sku, count, item.unit_price * count, item.category))
    if not lines:
        raise RuleViolation(
            "everything in this order is refunded already",
            rule="REFUND-4",
            next_step="See the order's disputes for the refunds made.",
        )
    return lines


def is_full_refund(
    items: list[ItemFacts], refunded: dict[str, int], lines: list[RefundLine]
) -> bool:
    """After these lines, is every unit of the order refunded?"""
    now_refunded = dict(refunded)
    for line in lines:
        now_refunded[line.sku] = now_refunded.get(line.sku, 0) + line.quantity
    return all(now_refunded.get(item.sku, 0) >= item.quantity for item in items)


def return_order(order_status: str, trigger: Trigger, full: bool) -> Outcome | None:
    """A refund after delivery moves the order to returned only when it refunds everything."""
    if order_status != "delivered" or not full:
        return None
    return Outcome(
        "refund_returned",
        trigger.rule,
        {"status": "returned"},
        payload={"trigger": trigger.trigger, "refund": "full"},
        message="fully refunded after delivery: returned",
    )
