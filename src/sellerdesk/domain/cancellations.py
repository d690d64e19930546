"""Cancellation requests and address changes (CANCEL-2, CANCEL-3, ORDER-3, K-5, K-6, K-8).

Pure rules: they take the facts and `now` and return what changes; the service persists it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sellerdesk.clock import BusinessCalendar
from sellerdesk.domain.orders import (
    UNSHIPPED,
    OrderFacts,
    Outcome,
    cancellation,
    ship_window,
    transition,
)
from sellerdesk.errors import Conflict, InvalidInput, RuleViolation
from sellerdesk.policy import Policy

BUYER_REQUEST_STATES = frozenset({"awaiting_deliver", "delivering"})  # K-5
BUYER_REASONS = (
    "changed_mind",
    "found_cheaper",
    "delivery_too_long",
    "ordered_by_mistake",
    "other",
)


@dataclass(frozen=True)
class RequestFacts:
    id: int
    initiator: str  # buyer | seller
    status: str  # pending | approved | rejected | auto_rejected
    decide_by: datetime


@dataclass(frozen=True)
class NewRequest:
    initiator: str
    reason: str
    decide_by: datetime
    expected_from: datetime | None
    hold_auto_cancel: bool
    rule: str


def open_buyer_request(order: OrderFacts, reason: str, now: datetime, policy: Policy) -> NewRequest:
    """CANCEL-2: from packing on, the buyer asks and the seller decides within the deadline."""
    if order.status in policy.cancel.buyer_direct_states:
        raise RuleViolation(
            f"order {order.number} is {order.status}: cancel it directly, no request is needed",
            rule="CANCEL-1",
            next_step="POST /api/v1/orders/{posting_number}/cancel",
        )
    if order.status not in BUYER_REQUEST_STATES:
        raise RuleViolation(
            f"order {order.number} is {order.status}: a cancellation request is possible only "
            "while it is packed or on its way",
            rule="CANCEL-2",
            facts={"status": order.status},
            next_step="After delivery, open a return or a complaint instead.",
        )
    if reason not in BUYER_REASONS:
        raise InvalidInput(f"reason must be one of {', '.join(BUYER_REASONS)}", rule="CANCEL-2")
    decide_by = now + policy.cancel.buyer_request_decide_within
    return NewRequest("buyer", reason, decide_by, None, False, "CANCEL-2")


def open_seller_request(
    order: OrderFacts, reason: str, now: datetime, policy: Policy, calendar: BusinessCalendar
) -> NewRequest:
    """CANCEL-3: the seller cannot cancel a paid order alone; it files a reasoned request."""
    if order.status not in UNSHIPPED:
        raise RuleViolation(
            f"order {order.number} is {order.status}: a seller may request cancellation only of a "
            "paid order not yet shipped",
            rule="CANCEL-3",
            facts={"status": order.status},
        )
    if reason not in policy.cancel.seller_request_reasons:
        raise InvalidInput(
            f"reason must be one of {', '.join(policy.cancel.seller_request_reasons)}",
            rule="CANCEL-3",
        )
    decide_by = calendar.add_business_days(now, policy.cancel.seller_request_review_max_days)
    expected = calendar.add_business_days(now, policy.cancel.seller_request_review_min_days)
    return NewRequest("seller", reason, decide_by, expected, True, "CANCEL-3")


def ensure_pending(request: RequestFacts) -> None:
    """CANCEL-3: a decision is final; deciding again is refused."""
    if request.status != "pending":
        raise Conflict(
            f"cancellation request {request.id} is already {request.status}; decisions are final",
            rule="CANCEL-3" if request.initiator == "seller" else "CANCEL-2",
        )


def decide_buyer_request(
    request: RequestFacts, order: OrderFacts, approve: bool, now: datetime, policy: Policy
) -> tuple[str, Outcome | None]:
    """CANCEL-2: the seller approves (cancel, or return if already handed over) or rejects."""
    ensure_pending(request)
    if now >= request.decide_by:
        raise RuleViolation(
            f"the deadline to decide request {request.id} passed at {request.decide_by.isoformat()}",
            rule="CANCEL-2",
            facts={"decide_by": request.decide_by.isoformat()},
        )
    if not approve:
        return "rejected", None
    step = transition("approve_buyer_request", order.status)
    if step.target == "returned":
        changes: dict[str, Any] = {
            "status": "returned",
            "cancel_rule": "CANCEL-2",
            "cancel_fault": "buyer",
            "cancel_reason": "buyer_request",
        }
        return "approved", Outcome(
            step.action,
            step.rule,
            changes,
            payload={"returned_to_seller": True},
            message=f"order {order.number} returns to the seller (K-5)",
        )
    return "approved", cancellation(order, now, policy, step, "buyer", reason="buyer_request")


def auto_reject_buyer_request(request: RequestFacts, now: datetime) -> str:
    """CANCEL-2: undecided at the deadline -> rejected automatically, the order continues."""
    ensure_pending(request)
    if now < request.decide_by:
        raise RuleViolation("the request's deadline has not passed", rule="CANCEL-2")
    return "auto_rejected"


def decide_seller_request(
    request: RequestFacts, order: OrderFacts, approve: bool, now: datetime, policy: Policy
) -> tuple[str, Outcome]:
    """CANCEL-3 / K-6: approved -> cancelled for the seller's fault; rejected -> must ship by a new ship-by."""
    ensure_pending(request)
    if approve:
        step = transition("approve_seller_request", order.status)
        return "approved", cancellation(order, now, policy, step, "seller", reason="seller_request")
    new_ship_by = now + ship_window(policy, order.delivery_type)
    return "rejected", Outcome(
        "reject_seller_request",
        "CANCEL-3",
        {"cancel_hold": False, "ship_by": new_ship_by},
        payload={"ship_by": new_ship_by.isoformat()},
        message=f"request rejected: order {order.number} must ship by {new_ship_by.isoformat()}",
    )


def check_address_change(
    order: OrderFacts, new_address: str, policy: Policy, pending: bool
) -> None:
    """ORDER-3 / K-8: once, free, before shipment, while awaiting shipment; one pending at a time."""
    if not new_address.strip():
        raise InvalidInput("the new address is empty", rule="ORDER-3")
    if order.status not in UNSHIPPED:
        raise RuleViolation(
            f"order {order.number} is {order.status}: the address can change only before shipment",
            rule="ORDER-3",
            facts={"status": order.status},
        )
    if order.address_changes_used >= policy.order.address_changes_max:
        raise RuleViolation(
            f"order {order.number} already used its {policy.order.address_changes_max} free "
            "address change",
            rule="ORDER-3",
            facts={"used": order.address_changes_used},
        )
    if pending:
        raise Conflict(
            f"order {order.number} already has an address change under review", rule="ORDER-3"
        )
