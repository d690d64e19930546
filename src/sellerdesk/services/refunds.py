"""Automatic refunds (REFUND-1..4): buyer complaints and the refund itself — per SKU, on the
seller's ledger, with the dispute record it opens (REFUND-2). Carrier tracking and its timers are
in `refund_tracking`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select

from sellerdesk.access import Actor, order_for
from sellerdesk.domain import disputes as dispute_rules
from sellerdesk.domain import refunds as rules
from sellerdesk.errors import NotFound, RuleViolation
from sellerdesk.evidence import EvidenceLimits, inspect_batch
from sellerdesk.runtime import Runtime
from sellerdesk.services.orders import apply, items_of
from sellerdesk.store.tables import LedgerEntry, Order, Seller, StoredFile
from sellerdesk.store.tables.disputes import Dispute, Refund
from sellerdesk.store.uow import UnitOfWork


def evidence_limits(rt: Runtime) -> EvidenceLimits:
    """DISPUTE-2 limits from the policy (K-15 sizes)."""
    rules_ = rt.policy.dispute
    return EvidenceLimits(
        formats=tuple(rules_.formats), max_file_bytes=rules_.max_file, max_files=rules_.max_files
    )


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
