"""Automatic refunds (REFUND-1..4): carrier tracking per posting, buyer complaints, and the refund
itself — per SKU, on the seller's ledger, with the dispute record it opens (REFUND-2)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select

from sellerdesk.access import Actor, order_for
from sellerdesk.domain import disputes as dispute_rules
from sellerdesk.domain import orders as order_rules
from sellerdesk.domain import refunds as rules
from sellerdesk.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from sellerdesk.evidence import EvidenceLimits, inspect_batch
from sellerdesk.runtime import Runtime
from sellerdesk.services.orders import apply, items_of, load_facts
from sellerdesk.store.tables import LedgerEntry, Order, Seller, StoredFile
from sellerdesk.store.tables.disputes import Dispute, Refund, TrackingEvent, TrackingWatch
from sellerdesk.store.uow import UnitOfWork


def evidence_limits(rt: Runtime) -> EvidenceLimits:
    """DISPUTE-2 limits from the policy (K-15 sizes)."""
    rules_ = rt.policy.dispute
    return EvidenceLimits(
        formats=tuple(rules_.formats), max_file_bytes=rules_.max_file, max_files=rules_.max_files
    )


# --- tracking ------------------------------------------------------------------------------


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
            order = uow.session.get(Order, watch.order_id)
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


# --- complaints and refunds ----------------------------------------------------------------


def file_complaint(
    rt: Runtime,
    actor: Actor,
    posting_number: str,
    *,
    kind: str,
    skus: dict[str, int | None] | None = None,
    comment: str | None = None,
    photos: Sequence[tuple[str, bytes]] = (),
) -> Dispute:
    """REFUND-1 / REFUND-3 / REFUND-4: a buyer's complaint refunds the named SKUs (all by default)
    at once, without the seller, and opens the dispute the seller may appeal."""
    actor.require("buyer")
    inspected = inspect_batch(list(photos), evidence_limits(rt)) if photos else []
    if kind == "damaged" and len(inspected) < rt.policy.refund.damage_photos_min:
        raise RuleViolation(
            f"a damage complaint needs at least {rt.policy.refund.damage_photos_min} photo(s)",
            rule="REFUND-1",
            next_step="Attach photos of the damaged item and its packaging (JPG or PNG).",
        )
    with rt.uow() as uow:
        order = order_for(uow.session, actor, posting_number, lock=True)
        trigger = rules.complaint_trigger(
            kind, order.status, order.delivered_at, uow.now, rt.policy
        )
        file_ids = []
        for (name, data), checked in zip(photos, inspected, strict=True):
            del name
            row = StoredFile(
                owner=actor.label,
                seller_id=None,
                sha256=rt.storage.put(data),
                size=checked.size,
                media_type=checked.media_type,
                filename=checked.filename,
                created_at=uow.now,
            )
            uow.session.add(row)
            uow.session.flush()
            file_ids.append(row.id)
        dispute = issue_refund(
            uow, rt, order, trigger, skus, actor, uow.now, buyer_files=file_ids, comment=comment
        )
        uow.commit()
        return dispute


def refunded_units(uow: UnitOfWork, order_id: int) -> dict[str, int]:
    rows = uow.session.execute(
        select(Refund.sku, func.sum(Refund.quantity))
        .where(Refund.order_id == order_id)
        .group_by(Refund.sku)
    ).all()
    return {sku: int(total) for sku, total in rows}


def issue_refund(
    uow: UnitOfWork,
    rt: Runtime,
    order: Order,
    trigger: rules.Trigger,
    requested: dict[str, int | None] | None,
    actor: Actor,
    at: datetime,
    *,
    buyer_files: list[int] | None = None,
    comment: str | None = None,
) -> Dispute:
    """Refund per SKU (REFUND-4) on the seller's ledger and open the dispute (REFUND-2)."""
    items = [
        rules.ItemFacts(i.sku, i.quantity, i.unit_price, i.category)
        for i in items_of(uow.session, [order.id])[order.id]
    ]
    already = refunded_units(uow, order.id)
    lines = rules.plan_refund(items, already, requested)
    full = rules.is_full_refund(items, already, lines)
    partial = not full or bool(already)
    opening = dispute_rules.open_dispute(trigger, at, rt.policy)
    amount = sum((line.amount for line in lines), Decimal("0.00"))
    dispute = Dispute(
        seller_id=order.seller_id,
        buyer_id=order.buyer_id,
        order_id=order.id,
        posting_number=order.posting_number,
        type=trigger.trigger,
        trigger_rule=trigger.rule,
        facts=trigger.facts,
        skus=[line.sku for line in lines],
        amount=amount,
        returned_amount=Decimal("0.00"),
        fine_amount=Decimal("0.00"),
        currency=order.currency,
        status=opening.status,
        appealable=opening.appealable,
        for_buyer_by_default=trigger.for_buyer_by_default,
        appeal_until=opening.appeal_until,
        buyer_files=buyer_files or [],
        buyer_comment=comment,
        created_at=at,
        outcome_note=opening.note,
    )
    uow.session.add(dispute)
    uow.session.flush()
    for line in lines:
        uow.session.add(
            Refund(
                dispute_id=dispute.id,
                order_id=order.id,
                seller_id=order.seller_id,
                buyer_id=order.buyer_id,
                posting_number=order.posting_number,
                sku=line.sku,
                category=line.category,
                quantity=line.quantity,
                amount=line.amount,
                currency=order.currency,
                trigger=trigger.trigger,
                rule=trigger.rule,
                partial=partial,
                created_at=at,
            )
        )
        uow.session.add(
            LedgerEntry(
                seller_id=order.seller_id,
                order_id=order.id,
                kind="refund",
                amount=-line.amount,
                currency=order.currency,
                rule=trigger.rule,
                memo=f"refund {line.sku} x{line.quantity} ({trigger.trigger}), dispute {dispute.id}",
                at=at,
            )
        )
        _dispute_event(
            uow,
            dispute,
            "refund.created",
            actor,
            trigger.rule,
            at,
            {
                "amount": str(line.amount),
                "sku": line.sku,
                "quantity": line.quantity,
                "rule": trigger.rule,
                "trigger_rule": trigger.rule,
                "trigger": trigger.trigger,
                "posting_number": order.posting_number,
                "partial": partial,
                "partial_rule": "REFUND-4" if partial else None,
            },
        )
    _dispute_event(
        uow,
        dispute,
        "dispute.opened",
        actor,
        opening.rule,
        at,
        {
            "type": dispute.type,
            "trigger_rule": trigger.rule,
            "facts": trigger.facts,
            "amount": str(amount),
            "status": dispute.status,
            "appealable": dispute.appealable,
            "appeal_until": dispute.appeal_until.isoformat() if dispute.appeal_until else None,
            "posting_number": order.posting_number,
        },
    )
    uow.record(
        subject_type="order",
        subject_id=order.posting_number,
        action="auto_refund",
        actor=actor.label,
        rule=trigger.rule,
        seller_id=order.seller_id,
        payload={
            "dispute_id": dispute.id,
            "trigger": trigger.trigger,
            "facts": trigger.facts,
            "refund": str(amount),
            "skus": {line.sku: line.quantity for line in lines},
            "partial": partial,
            "note": opening.note,
        },
        at=at,
    )
    returned = rules.return_order(order.status, trigger, full)
    if returned is not None:
        apply(uow, order, returned, actor, at=at)
    _tell_seller(uow, order, dispute)
    return dispute


def _dispute_event(
    uow: UnitOfWork,
    dispute: Dispute,
    action: str,
    actor: Actor,
    rule: str,
    at: datetime,
    payload: dict[str, object],
) -> None:
    uow.record(
        subject_type="dispute",
        subject_id=dispute.id,
        action=action,
        actor=actor.label,
        rule=rule,
        seller_id=dispute.seller_id,
        payload={"dispute_id": dispute.id, **payload},
        at=at,
    )


def _tell_seller(uow: UnitOfWork, order: Order, dispute: Dispute) -> None:
    """REFUND-2: the seller learns of the refund, the rule, the facts and the appeal deadline."""
    seller = uow.session.get(Seller, order.seller_id)
    if seller is None:
        return
    uow.outbox(
        "email",
        {
            "to": seller.email,
            "subject": f"Automatic refund {dispute.amount} {dispute.currency} on posting "
            f"{order.posting_number} (dispute {dispute.id}, {dispute.trigger_rule})",
            "body": (
                f"Posting {order.posting_number} was refunded automatically under "
                f"{dispute.trigger_rule}: {dispute.facts}.\n"
                f"Refunded: {dispute.amount} {dispute.currency} for SKU(s) "
                f"{', '.join(dispute.skus)}.\n{dispute.outcome_note}\n"
            ),
        },
        seller_id=order.seller_id,
    )


def refunds_of(rt: Runtime, actor: Actor, posting_number: str) -> list[Refund]:
    """The posting's refunds per SKU, oldest first (its buyer, seller or staff)."""
    with rt.reader() as uow:
        order = order_for(uow.session, actor, posting_number)
        return list(
            uow.session.execute(
                select(Refund).where(Refund.order_id == order.id).order_by(Refund.id)
            ).scalars()
        )


def refunds_by_dispute(uow: UnitOfWork, dispute_ids: list[int]) -> dict[int, list[Refund]]:
    found: dict[int, list[Refund]] = defaultdict(list)
    if dispute_ids:
        for row in uow.session.execute(
            select(Refund).where(Refund.dispute_id.in_(dispute_ids)).order_by(Refund.id)
        ).scalars():
            found[row.dispute_id].append(row)
    return found


def posting_of(uow: UnitOfWork, order_id: int) -> Order:
    order = uow.session.get(Order, order_id)
    if order is None:
        raise NotFound(f"order {order_id} not found")
    return order
