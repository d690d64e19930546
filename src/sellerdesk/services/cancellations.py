"""Cancellation requests (CANCEL-2, CANCEL-3) and address changes (ORDER-3)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from sellerdesk.access import Actor, address_change_for, cancellation_request_for, order_for
from sellerdesk.domain import cancellations as rules
from sellerdesk.errors import Conflict, InvalidInput, NotFound
from sellerdesk.runtime import Runtime
from sellerdesk.services.orders import apply, load_facts
from sellerdesk.services.paging import Page, decode_cursor, encode_cursor
from sellerdesk.store.tables import AddressChangeRequest, CancellationRequest, Order, StoredFile
from sellerdesk.store.uow import UnitOfWork


def request_facts(row: CancellationRequest) -> rules.RequestFacts:
    return rules.RequestFacts(row.id, row.initiator, row.status, row.decide_by)


def _record(
    uow: UnitOfWork,
    order: Order,
    action: str,
    actor: Actor,
    rule: str,
    payload: dict[str, Any],
    at: datetime | None = None,
) -> None:
    uow.record(
        subject_type="order",
        subject_id=order.posting_number,
        action=action,
        actor=actor.label,
        rule=rule,
        seller_id=order.seller_id,
        payload=payload,
        at=at,
    )


def request_cancellation(
    rt: Runtime,
    actor: Actor,
    posting_number: str,
    *,
    reason: str,
    comment: str | None = None,
    evidence: list[int] | None = None,
) -> CancellationRequest:
    """CANCEL-2 when the buyer asks, CANCEL-3 when the seller asks."""
    actor.require("buyer", "seller")
    with rt.uow() as uow:
        order = order_for(uow.session, actor, posting_number, lock=True)
        facts = load_facts(uow.session, order)
        pending = uow.session.execute(
            select(CancellationRequest.id).where(
                CancellationRequest.order_id == order.id, CancellationRequest.status == "pending"
            )
        ).first()
        if actor.kind == "buyer":
            new = rules.open_buyer_request(facts, reason, uow.now, rt.policy)
        else:
            new = rules.open_seller_request(
                facts, reason, uow.now, rt.policy, rt.policy.business_calendar()
            )
        if pending is not None:
            raise Conflict(
                f"order {posting_number} already has a pending cancellation request {pending[0]}",
                rule=new.rule,
                facts={"request_id": pending[0]},
            )
        files = evidence or []
        if files:
            owned = (
                uow.session.execute(
                    select(StoredFile.id).where(
                        StoredFile.id.in_(files), StoredFile.owner == actor.label
                    )
                )
                .scalars()
                .all()
            )
            missing = sorted(set(files) - set(owned))
            if missing:
                raise NotFound(
                    f"evidence file(s) {missing} not found",
                    next_step="Upload files with POST /api/v1/files first.",
                )
        row = CancellationRequest(
            order_id=order.id,
            seller_id=order.seller_id,
            buyer_id=order.buyer_id,
            initiator=new.initiator,
            reason=reason,
            comment=comment,
            evidence=files,
            status="pending",
            created_at=uow.now,
            decide_by=new.decide_by,
            expected_from=new.expected_from,
        )
        uow.session.add(row)
        if new.hold_auto_cancel:
            order.cancel_hold = True
        uow.session.flush()
        _record(
            uow,
            order,
            f"{new.initiator}_cancellation_requested",
            actor,
            new.rule,
            {"request_id": row.id, "reason": reason, "decide_by": new.decide_by.isoformat()},
        )
        uow.commit()
        return row


def decide_cancellation(
    rt: Runtime, actor: Actor, request_id: int, *, approve: bool, note: str | None = None
) -> CancellationRequest:
    """The seller decides a buyer's request (CANCEL-2); staff decide a seller's (CANCEL-3)."""
    with rt.uow() as uow:
        row = cancellation_request_for(uow.session, actor, request_id, lock=True)
        if row.initiator == "buyer":
            actor.require("seller")
        else:
            actor.require_staff("moderator", "support_agent")
        order = uow.session.get(Order, row.order_id, with_for_update=True)
        assert order is not None
        facts = load_facts(uow.session, order)
        if row.initiator == "buyer":
            status, outcome = rules.decide_buyer_request(
                request_facts(row), facts, approve, uow.now, rt.policy
            )
        else:
            status, outcome = rules.decide_seller_request(
                request_facts(row), facts, approve, uow.now, rt.policy
            )
        _close(uow, row, order, status, actor, note)
        if outcome is not None:
            apply(uow, order, outcome, actor)
        uow.commit()
        return row


def _close(
    uow: UnitOfWork,
    row: CancellationRequest,
    order: Order,
    status: str,
    actor: Actor,
    note: str | None,
    at: datetime | None = None,
) -> None:
    row.status = status
    row.decided_at = at or uow.now
    row.decided_by = actor.label
    row.decision_note = note
    rule = "CANCEL-2" if row.initiator == "buyer" else "CANCEL-3"
    _record(
        uow,
        order,
        f"cancellation_request_{status}",
        actor,
        rule,
        {"request_id": row.id, "initiator": row.initiator, "note": note},
        at=at,
    )


def auto_reject(uow: UnitOfWork, row: CancellationRequest, actor: Actor) -> str:
    """CANCEL-2: used by the deadline sweep, acting at the request's deadline."""
    status = rules.auto_reject_buyer_request(request_facts(row), row.decide_by)
    order = uow.session.get(Order, row.order_id)
    assert order is not None
    _close(uow, row, order, status, actor, "not decided by the seller in time", at=row.decide_by)
    return f"cancellation request {row.id} on {order.posting_number} auto-rejected, CANCEL-2"


def list_requests(
    rt: Runtime,
    actor: Actor,
    *,
    status: str | None = None,
    initiator: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[CancellationRequest]:
    query = select(CancellationRequest)
    if actor.kind == "seller":
        query = query.where(CancellationRequest.seller_id == actor.id)
    elif actor.kind == "buyer":
        query = query.where(CancellationRequest.buyer_id == actor.id)
    elif not actor.is_staff:
        raise NotFound("not found")
    if status:
        query = query.where(CancellationRequest.status == status)
    if initiator:
        if initiator not in ("buyer", "seller"):
            raise InvalidInput("initiator is buyer or seller")
        query = query.where(CancellationRequest.initiator == initiator)
    if cursor:
        query = query.where(CancellationRequest.id < decode_cursor(cursor))
    limit = max(1, min(limit, 500))
    with rt.reader() as uow:
        rows = list(
            uow.session.execute(
                query.order_by(CancellationRequest.id.desc()).limit(limit + 1)
            ).scalars()
        )
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, encode_cursor(rows[-1].id) if more and rows else None)


def request_address_change(
    rt: Runtime, actor: Actor, posting_number: str, new_address: str
) -> AddressChangeRequest:
    """ORDER-3: the seller submits the change; the platform reviews it."""
    actor.require("seller")
    with rt.uow() as uow:
        order = order_for(uow.session, actor, posting_number, lock=True)
        pending = uow.session.execute(
            select(AddressChangeRequest.id).where(
                AddressChangeRequest.order_id == order.id, AddressChangeRequest.status == "pending"
            )
        ).first()
        rules.check_address_change(
            load_facts(uow.session, order), new_address, rt.policy, pending is not None
        )
        row = AddressChangeRequest(
            order_id=order.id,
            seller_id=order.seller_id,
            new_address=new_address.strip(),
            old_address=order.address,
            status="pending",
            created_at=uow.now,
        )
        uow.session.add(row)
        uow.session.flush()
        _record(
            uow,
            order,
            "address_change_requested",
            actor,
            "ORDER-3",
            {"request_id": row.id, "new_address": row.new_address},
        )
        uow.commit()
        return row


def decide_address_change(
    rt: Runtime, actor: Actor, request_id: int, *, approve: bool, note: str | None = None
) -> AddressChangeRequest:
    """ORDER-3 / K-8: approval applies the address and uses the free change; rejection does not."""
    actor.require_staff("moderator", "support_agent")
    with rt.uow() as uow:
        row = address_change_for(uow.session, actor, request_id, lock=True)
        order = uow.session.get(Order, row.order_id, with_for_update=True)
        assert order is not None
        if row.status != "pending":
            raise Conflict(f"address change {request_id} is already {row.status}", rule="ORDER-3")
        if approve:
            rules.check_address_change(
                load_facts(uow.session, order), row.new_address, rt.policy, pending=False
            )
            order.address = row.new_address
            order.address_changes_used += 1
            uow.outbox(
                "buyer_notice",
                {
                    "buyer_id": order.buyer_id,
                    "posting_number": order.posting_number,
                    "kind": "address_changed",
                },
                seller_id=order.seller_id,
            )
        row.status = "approved" if approve else "rejected"
        row.decided_at = uow.now
        row.decided_by = actor.id
        row.note = note
        _record(
            uow,
            order,
            f"address_change_{row.status}",
            actor,
            "ORDER-3",
            {"request_id": row.id, "note": note},
        )
        uow.commit()
        return row


def list_address_changes(
    rt: Runtime, actor: Actor, status: str | None = None, limit: int = 100
) -> list[AddressChangeRequest]:
    query = select(AddressChangeRequest)
    if actor.kind == "seller":
        query = query.where(AddressChangeRequest.seller_id == actor.id)
    elif not actor.is_staff:
        raise NotFound("not found")
    if status:
        query = query.where(AddressChangeRequest.status == status)
    with rt.reader() as uow:
        return list(
            uow.session.execute(
                query.order_by(AddressChangeRequest.id.desc()).limit(min(limit, 500))
            ).scalars()
        )
