"""The order/posting lifecycle as a declared state table (ORDER-1..3, CANCEL-1..5).

Read TRANSITIONS like the rulebook: from which states, by whom, to which state, which timer the
transition starts, and the rule that governs it. The functions below interpret the table and
compute the consequences (new fields, ledger lines); they take facts and `now`, never I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sellerdesk.errors import InvalidInput, RuleViolation
from sellerdesk.policy import Policy

STATES = (
    "unpaid",
    "awaiting_packaging",
    "awaiting_deliver",
    "delivering",
    "delivered",
    "cancelled",
    "returned",
)
UNSHIPPED = frozenset({"awaiting_packaging", "awaiting_deliver"})
DELIVERY_TYPES = ("standard", "express")


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    starts_timer: str | None
    rule: str
    says: str


def _t(
    action: str,
    sources: set[str],
    target: str,
    actors: set[str],
    timer: str | None,
    rule: str,
    says: str,
) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(actors), timer, rule, says)


TRANSITIONS: tuple[Transition, ...] = (
    _t(
        "place",
        set(),
        "unpaid",
        {"buyer", "sandbox"},
        "pay_by",
        "ORDER-2",
        "order placed; unpaid orders cancel when the payment window ends",
    ),
    _t(
        "pay",
        {"unpaid"},
        "awaiting_packaging",
        {"buyer", "sandbox"},
        "ship_by",
        "ORDER-1",
        "paid; the ship-by deadline starts (K-4)",
    ),
    _t(
        "expire_payment",
        {"unpaid"},
        "cancelled",
        {"system"},
        None,
        "ORDER-2",
        "payment window ended; cancelled automatically",
    ),
    _t(
        "buyer_cancel",
        {"unpaid", "awaiting_packaging"},
        "cancelled",
        {"buyer"},
        None,
        "CANCEL-1",
        "buyer cancelled before shipment; not counted against the seller",
    ),
    _t(
        "pack",
        {"awaiting_packaging"},
        "awaiting_deliver",
        {"seller"},
        None,
        "ORDER-1",
        "packed, ready to ship",
    ),
    _t(
        "ship",
        {"awaiting_packaging", "awaiting_deliver"},
        "delivering",
        {"seller"},
        None,
        "ORDER-1",
        "handed to the carrier; commission charged",
    ),
    _t(
        "deliver",
        {"delivering"},
        "delivered",
        {"carrier", "sandbox"},
        None,
        "ORDER-1",
        "delivered to the buyer",
    ),
    _t(
        "auto_cancel",
        {"awaiting_packaging", "awaiting_deliver"},
        "cancelled",
        {"system"},
        None,
        "CANCEL-4",
        "not shipped by ship-by; cancelled with a full refund, counted as late",
    ),
    _t(
        "approve_buyer_request",
        {"awaiting_deliver"},
        "cancelled",
        {"seller"},
        None,
        "CANCEL-2",
        "seller approved the buyer's cancellation request",
    ),
    _t(
        "approve_buyer_request",
        {"delivering"},
        "returned",
        {"seller"},
        None,
        "CANCEL-2",
        "approved after hand-over to the carrier: returned to the seller (K-5)",
    ),
    _t(
        "approve_seller_request",
        {"awaiting_packaging", "awaiting_deliver"},
        "cancelled",
        {"staff"},
        None,
        "CANCEL-3",
        "platform approved the seller's cancellation request",
    ),
)


def transition(action: str, state: str) -> Transition:
    """The transition `action` takes from `state`, or a RuleViolation naming the allowed states."""
    options = [t for t in TRANSITIONS if t.action == action]
    if not options:
        raise InvalidInput(f"unknown order action {action!r}")
    for option in options:
        if state in option.sources:
            return option
    allowed = sorted({s for t in options for s in t.sources})
    raise RuleViolation(
        f"cannot {action.replace('_', ' ')} an order that is {state}; allowed only while "
        f"{' or '.join(allowed)}",
        rule=options[0].rule,
        facts={"status": state, "allowed_states": allowed},
    )


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: int
    unit_price: Decimal
    category: str
    commission_rate: Decimal  # a fraction, e.g. 0.15

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class OrderFacts:
    """What the rules need to know about an order."""

    number: str
    status: str
    delivery_type: str
    currency: str
    lines: tuple[Line, ...]
    paid_at: datetime | None = None
    ship_by: datetime | None = None
    original_ship_by: datetime | None = None
    cancel_hold: bool = False
    late_fine_charged: bool = False
    address_changes_used: int = 0

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0"))

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)


@dataclass(frozen=True)
class Money:
    kind: str
    amount: Decimal
    rule: str
    memo: str


@dataclass(frozen=True)
class Outcome:
    """A transition's consequences: new field values, ledger lines, the event to record."""

    action: str
    rule: str
    changes: dict[str, Any]
    ledger: tuple[Money, ...] = ()
    payload: dict[str, Any] = field(default_factory=dict)
    message: str = ""


def ship_window(policy: Policy, delivery_type: str) -> timedelta:
    if delivery_type not in DELIVERY_TYPES:
        raise InvalidInput(
            f"delivery type must be one of {', '.join(DELIVERY_TYPES)}", rule="ORDER-1"
        )
    window: timedelta = getattr(policy.order.ship_within, delivery_type)
    return window


def place(facts: OrderFacts, now: datetime, policy: Policy) -> Outcome:
    """ORDER-2: a new order waits for payment until the payment window ends."""
    ship_window(policy, facts.delivery_type)
    if not facts.lines:
        raise InvalidInput("an order needs at least one line item")
    for line in facts.lines:
        if line.quantity <= 0 or line.unit_price < 0:
            raise InvalidInput(f"line {line.sku}: quantity must be positive and price not negative")
    pay_by = now + policy.order.payment_window
    return Outcome(
        "place",
        "ORDER-2",
        {"status": "unpaid", "pay_by": pay_by},
        payload={"pay_by": pay_by.isoformat(), "total": str(facts.total)},
        message=f"order {facts.number} placed, payment due by {pay_by.isoformat()}",
    )


def pay(facts: OrderFacts, now: datetime, policy: Policy) -> Outcome:
    """ORDER-1 / K-4: payment starts the ship-by deadline; the sale is credited, listing fee kept."""
    step = transition("pay", facts.status)
    ship_by = now + ship_window(policy, facts.delivery_type)
    ledger = [Money("sale", facts.total, "ORDER-1", f"sale of {facts.number}")]
    listing = policy.fees.listing_per_item * facts.item_count
    if listing:
        ledger.append(Money("listing_fee", -listing, "CANCEL-5", "listing fee"))
    return Outcome(
        "pay",
        step.rule,
        {"status": step.target, "paid_at": now, "ship_by": ship_by, "original_ship_by": ship_by},
        tuple(ledger),
        {"ship_by": ship_by.isoformat()},
        f"order {facts.number} paid, ship by {ship_by.isoformat()}",
    )


def _storage_fee(facts: OrderFacts, now: datetime, policy: Policy) -> Money | None:
    """CANCEL-5: storage already incurred (per item per started day since payment) is kept."""
    if facts.paid_at is None or not policy.fees.storage_per_item_day:
        return None
    days = max(1, math.ceil((now - facts.paid_at) / timedelta(days=1)))
    amount = policy.fees.storage_per_item_day * facts.item_count * days
    return Money(
        "storage_fee", -amount, "CANCEL-5", f"storage {facts.item_count} item(s) x {days} day(s)"
    )


def cancellation(
    facts: OrderFacts,
    now: datetime,
    policy: Policy,
    step: Transition,
    fault: str,
    *,
    late: bool = False,
    fine: bool = False,
    reason: str | None = None,
) -> Outcome:
    """Cancel: full refund of what was paid, no commission (CANCEL-5), storage kept."""
    ledger: list[Money] = []
    if facts.paid_at is not None:
        ledger.append(Money("refund", -facts.total, step.rule, f"full refund of {facts.number}"))
        storage = _storage_fee(facts, now, policy)
        if storage:
            ledger.append(storage)
    if fine:
        ledger.append(late_fine(facts, policy))
    changes: dict[str, Any] = {
        "status": step.target,
        "cancelled_at": now,
        "cancel_rule": step.rule,
        "cancel_fault": fault,
        "cancel_reason": reason,
        "cancel_hold": False,
    }
    if late:
        changes["late_shipment"] = True
    if fine:
        changes["late_fine_charged"] = True
    return Outcome(
        step.action,
        step.rule,
        changes,
        tuple(ledger),
        {
            "fault": fault,
            "refund": str(facts.total) if facts.paid_at else "0",
            "late_shipment": late,
            "reason": reason,
        },
        f"order {facts.number} {step.target}, {step.rule}",
    )


def expire_payment(facts: OrderFacts, now: datetime, policy: Policy) -> Outcome:
    """ORDER-2: unpaid when the window ends -> cancelled; the buyer's side, not the seller's."""
    return cancellation(
        facts, now, policy, transition("expire_payment", facts.status), "buyer", reason="not_paid"
    )


def buyer_cancel(facts: OrderFacts, now: datetime, policy: Policy) -> Outcome:
    """CANCEL-1: the buyer cancels an unshipped order directly; never counted against the seller."""
    if facts.status not in policy.cancel.buyer_direct_states:
        raise RuleViolation(
            f"order {facts.number} is {facts.status}: the buyer can no longer cancel it directly",
            rule="CANCEL-1",
            next_step="File a cancellation request; the seller decides it (CANCEL-2).",
            facts={
                "status": facts.status,
                "allowed_states": list(policy.cancel.buyer_direct_states),
            },
        )
    step = next(t for t in TRANSITIONS if t.action == "buyer_cancel")
    return cancellation(facts, now, policy, step, "buyer", reason="buyer_cancelled")


def auto_cancel(facts: OrderFacts, now: datetime, policy: Policy) -> Outcome:
    """CANCEL-4: unshipped at ship-by -> cancelled, full refund, counted as a late shipment."""
    step = transition("auto_cancel", facts.status)
    return cancellation(
        facts,
        now,
        policy,
        step,
        "seller",
        late=True,
        fine=policy.cancel.auto_cancel_is_fined and not facts.late_fine_charged,
        reason="not_shipped_in_time",
    )


def late_fine(facts: OrderFacts, policy: Policy) -> Money:
    """K-7: one amount per order, per category where the policy names one."""
    amount = policy.cancel.late_shipment_fine
    for line in facts.lines:
        amount = max(
            amount, policy.cancel.late_shipment_fine_by_category.get(line.category, amount)
        )
    return Money("fine", -amount, "CANCEL-3", f"late shipment of {facts.number}")


def ship(facts: OrderFacts, now: datetime, policy: Policy, tracking_number: str) -> Outcome:
    """Hand-over to the carrier: commission charged; shipped after the original ship-by is fined once (K-6)."""
    step = transition("ship", facts.status)
    if not tracking_number.strip():
        raise InvalidInput("a tracking number is required to ship", rule="ORDER-1")
    ledger = [
        Money(
            "commission",
            -(line.amount * line.commission_rate).quantize(Decimal("0.01")),
            "CANCEL-5",
            f"commission {line.commission_rate:.0%} on {line.sku}",
        )
        for line in facts.lines
    ]
    storage = _storage_fee(facts, now, policy)
    if storage:
        ledger.append(storage)
    late = facts.original_ship_by is not None and now >= facts.original_ship_by
    changes: dict[str, Any] = {
        "status": step.target,
        "shipped_at": now,
        "tracking_number": tracking_number.strip(),
    }
    if late:
        changes["late_shipment"] = True
        if not facts.late_fine_charged:
            ledger.append(late_fine(facts, policy))
            changes["late_fine_charged"] = True
    return Outcome(
        "ship",
        "CANCEL-3" if late else step.rule,
        changes,
        tuple(ledger),
        {"tracking_number": tracking_number.strip(), "late_shipment": late},
        f"order {facts.number} shipped" + (" late, fined (CANCEL-3)" if late else ""),
    )


def simple(action: str, facts: OrderFacts, now: datetime) -> Outcome:
    """Transitions with no consequence beyond the state and a timestamp (pack, deliver)."""
    step = transition(action, facts.status)
    stamp = {"deliver": "delivered_at"}.get(action)
    changes: dict[str, Any] = {"status": step.target}
    if stamp:
        changes[stamp] = now
    return Outcome(action, step.rule, changes, message=f"order {facts.number} {step.target}")
