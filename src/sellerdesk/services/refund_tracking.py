"""Carrier tracking per posting (REFUND-1, K-20): scans from the carrier feed (or, in the sandbox,
the seller playing the carrier), the stall and expected-date timers, and the sweeps that refund
when they run out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from sellerdesk.access import Actor, order_for
from sellerdesk.domain import orders as order_rules
from sellerdesk.domain import refunds as rules
from sellerdesk.errors import Forbidden, InvalidInput, RuleViolation
from sellerdesk.runtime import Runtime
from sellerdesk.services.orders import apply, load_facts
from sellerdesk.services.refunds import issue_refund
from sellerdesk.store.tables import Order
from sellerdesk.store.tables.disputes import TrackingEvent, TrackingWatch
from sellerdesk.store.uow import UnitOfWork


@dataclass(frozen=True)
class Tracking:
    watch: TrackingWatch | None
    events: list[TrackingEvent]


def add_tracking_event(
    rt: Runtime,
    actor: Actor,
    posting_number: str,
    *,
    carrier: str,
    status: str,
    location: str = "",
    occurred_at: datetime | None = None,
    expected_delivery_date: date | None = None,
) -> Tracking:
    """A carrier scan on a shipped posting (staff or the carrier feed; in the sandbox the seller
    may play the carrier). It (re)starts the REFUND-1 timers; 'delivered' confirms delivery."""
    if actor.kind == "buyer" or (actor.kind == "seller" and not rt.sandbox):
        with rt.reader() as uow:
            order_for(uow.session, actor, posting_number)  # 404 first if not theirs (K-16)
        raise Forbidden("tracking events come from the carrier feed or platform staff")
    if not carrier.strip():
        raise InvalidInput("the carrier is required", rule="REFUND-1")
    with rt.uow() as uow:
        found = order_for(uow.session, actor, posting_number)
        # Lock the watch before the order: the tracking sweeps take them in that order.
        watch = uow.session.execute(
            select(TrackingWatch).where(TrackingWatch.order_id == found.id).with_for_update()
        ).scalar()
        order = uow.session.get(Order, found.id, with_for_update=True)
        assert order is not None
        at = occurred_at or uow.now
        if order.status != "delivering":
            raise RuleViolation(
                f"posting {order.posting_number} is {order.status}; carrier events are "
                "accepted while it is delivering",
                rule="REFUND-1",
                facts={"status": order.status},
            )
        rules.check_tracking_event(status, at, uow.now, order.shipped_at)
        uow.session.add(
            TrackingEvent(
                order_id=order.id,
                seller_id=order.seller_id,
                carrier=carrier.strip(),
                status=status,
                location=location.strip(),
                occurred_at=at,
                recorded_at=uow.now,
                expected_delivery_date=expected_delivery_date,
                reported_by=actor.label,
            )
        )
        watch = _update_watch(
            rt,
            uow,
            order,
            watch,
            carrier.strip(),
            status,
            location.strip(),
            at,
            expected_delivery_date,
        )
        uow.record(
            subject_type="order",
            subject_id=order.posting_number,
            action="tracking_update",
            actor=actor.label,
            rule="REFUND-1",
            seller_id=order.seller_id,
            payload={
                "carrier": carrier.strip(),
                "status": status,
                "location": location.strip(),
                "occurred_at": at.isoformat(),
                "expected_delivery_date": expected_delivery_date.isoformat()
                if expected_delivery_date
                else None,
                "stall_due_at": watch.stall_due_at.isoformat() if watch.stall_due_at else None,
                "delivery_due_at": watch.delivery_due_at.isoformat()
                if watch.delivery_due_at
                else None,
            },
            at=at,
        )
        if status == rules.DELIVERED:
            outcome = order_rules.simple("deliver", load_facts(uow.session, order), at)
            apply(uow, order, outcome, actor, at=at)
        uow.commit()
    return tracking_of(rt, actor, posting_number)


def _update_watch(
    rt: Runtime,
    uow: UnitOfWork,
    order: Order,
    watch: TrackingWatch | None,
    carrier: str,
    status: str,
    location: str,
    at: datetime,
    expected: date | None,
) -> TrackingWatch:
    policy = rt.policy
    if watch is None:
        watch = TrackingWatch(
            order_id=order.id,
            seller_id=order.seller_id,
            posting_number=order.posting_number,
            carrier=carrier,
            last_status=status,
            last_location=location,
            last_event_at=at,
            state="watching",
        )
        uow.session.add(watch)
    elif at >= watch.last_event_at:
        watch.carrier, watch.last_status, watch.last_location = carrier, status, location
        watch.last_event_at = at
    if expected is not None:
        watch.expected_delivery_date = expected
    if watch.state != "watching":
        return watch  # refunded already: later scans are kept as facts, no new timer
    stall_on = "tracking_stall" in policy.refund.triggers
    watch.stall_due_at = rules.stall_due(watch.last_event_at, policy) if stall_on else None
    if watch.expected_delivery_date and "not_delivered_by_date" in policy.refund.triggers:
        watch.delivery_due_at = rules.delivery_due(
            watch.expected_delivery_date, policy.business_calendar()
        )
    if status == rules.DELIVERED:
        watch.state, watch.ended_at = "delivered", at
    return watch


def tracking_of(rt: Runtime, actor: Actor, posting_number: str) -> Tracking:
    """The posting's carrier scans, oldest first, and its REFUND-1 timers."""
    with rt.reader() as uow:
        order = order_for(uow.session, actor, posting_number)
        watch = uow.session.execute(
            select(TrackingWatch).where(TrackingWatch.order_id == order.id)
        ).scalar()
        events = list(
            uow.session.execute(
                select(TrackingEvent)
                .where(TrackingEvent.order_id == order.id)
                .order_by(TrackingEvent.occurred_at, TrackingEvent.id)
            ).scalars()
        )
        return Tracking(watch, events)


SweepAct = Callable[[Runtime, UnitOfWork, list[TrackingWatch]], list[str]]
SYSTEM_ACTOR = Actor("system")


def tracking_sweep(trigger: str) -> SweepAct:
    """The act of a REFUND-1 tracking sweep: refund each due posting as of its due time."""
    due_column = "stall_due_at" if trigger == "tracking_stall" else "delivery_due_at"

    def act(rt: Runtime, uow: UnitOfWork, watches: list[TrackingWatch]) -> list[str]:
        messages = []
        for watch in watches:
            at = getattr(watch, due_column)
            order = uow.session.get(Order, watch.order_id, with_for_update=True)
            assert order is not None
            if order.status != "delivering" or trigger not in rt.policy.refund.triggers:
                watch.state, watch.ended_at = "closed", at
                messages.append(
                    f"posting {order.posting_number} tracking watch closed: order is "
                    f"{order.status}, REFUND-1"
                )
                continue
            if trigger == "tracking_stall":
                facts = rules.stall_facts(
                    watch.last_event_at,
                    watch.last_status,
                    watch.last_location,
                    watch.carrier,
                    rt.policy,
                )
            else:
                assert watch.expected_delivery_date is not None
                facts = rules.late_delivery_facts(
                    watch.expected_delivery_date, watch.carrier, rt.policy
                )
            watch.state, watch.ended_at = "refunded", at
            try:
                dispute = issue_refund(
                    uow,
                    rt,
                    order,
                    rules.Trigger(trigger, "REFUND-1", facts),
                    None,
                    SYSTEM_ACTOR,
                    at,
                )
            except RuleViolation:  # every SKU was refunded already (a buyer complaint)
                messages.append(f"posting {order.posting_number} already refunded, REFUND-4")
                continue
            messages.append(
                f"posting {order.posting_number} refunded {dispute.amount} ({trigger}), "
                f"dispute {dispute.id}, REFUND-1"
            )
        return messages

    return act
