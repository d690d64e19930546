"""Order use cases: place, pay, pack, ship, deliver, buyer cancel, list, timeline.

Each opens one unit of work, loads through an access loader, asks the domain, saves, records the
event and commits. No rule lives here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from sellerdesk.access import Actor, order_for, scope_orders, scope_orders_by
from sellerdesk.domain import orders as rules
from sellerdesk.errors import InvalidInput, NotFound
from sellerdesk.runtime import Runtime
from sellerdesk.services.order_intake import check_seller_takes_orders
from sellerdesk.services.paging import Page, decode_cursor, encode_cursor
from sellerdesk.store import bulk
from sellerdesk.store.tables import (
    Buyer,
    Event,
    LedgerEntry,
    Order,
    OrderItem,
    OutboxMessage,
    Seller,
)
from sellerdesk.store.uow import UnitOfWork


@dataclass(frozen=True)
class NewLine:
    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    category: str


def items_of(
    session: Session, order_ids: list[int], *, plain: bool = False
) -> dict[int, list[Any]]:
    """The orders' lines; `plain` gives read-only rows (no ORM bookkeeping) for sweeps."""
    found: dict[int, list[Any]] = {i: [] for i in order_ids}
    if order_ids:
        table = OrderItem.__table__
        query = (select(*table.columns) if plain else select(OrderItem)).where(
            OrderItem.order_id.in_(order_ids)
        )
        result = session.execute(query)
        for item in result if plain else result.scalars():
            found[item.order_id].append(item)
    return found


def facts_of(order: Order, items: list[OrderItem]) -> rules.OrderFacts:
    lines = tuple(
        rules.Line(i.sku, i.quantity, i.unit_price, i.category, Decimal(i.commission_bp) / 10000)
        for i in items
    )
    return rules.OrderFacts(
        number=order.posting_number,
        status=order.status,
        delivery_type=order.delivery_type,
        currency=order.currency,
        lines=lines,
        paid_at=order.paid_at,
        ship_by=order.ship_by,
        original_ship_by=order.original_ship_by,
        cancel_hold=order.cancel_hold,
        late_fine_charged=order.late_fine_charged,
        address_changes_used=order.address_changes_used,
    )


def load_facts(session: Session, order: Order) -> rules.OrderFacts:
    return facts_of(order, items_of(session, [order.id])[order.id])


def _ledger_rows(order: Order, outcome: rules.Outcome, when: datetime) -> list[dict[str, Any]]:
    return [
        {"seller_id": order.seller_id, "order_id": order.id, "kind": money.kind,
         "amount": money.amount, "currency": order.currency, "rule": money.rule,
         "memo": money.memo, "at": when}
        for money in outcome.ledger
    ]


def apply(
    uow: UnitOfWork, order: Order, outcome: rules.Outcome, actor: Actor, at: datetime | None = None
) -> Event:
    """Write an outcome: field changes, ledger lines and its event, in the caller's transaction."""
    before = order.status
    for name, value in outcome.changes.items():
        setattr(order, name, value)
    order.version += 1
    when = at or uow.now
    for row in _ledger_rows(order, outcome, when):
        uow.session.add(LedgerEntry(**row))
    payload = {"from": before, "to": order.status, **outcome.payload}
    event = uow.record(
        subject_type="order",
        subject_id=order.posting_number,
        action=outcome.action,
        actor=actor.label,
        rule=outcome.rule,
        seller_id=order.seller_id,
        payload=payload,
        at=when,
    )
    if before != order.status:
        uow.outbox(
            "posting_status",
            {
                "posting_number": order.posting_number,
                "from": before,
                "to": order.status,
                "rule": outcome.rule,
            },
            seller_id=order.seller_id,
        )
    return event


def apply_many(uow: UnitOfWork, outcomes: list[tuple[Order, rules.Outcome, datetime]],
               actor: Actor) -> None:
    """`apply` for a sweep's batch: the same rows, written with a statement or two per table."""
    updates, ledger, events, outbox = [], [], [], []
    for order, outcome, when in outcomes:
        updates.append({"id": order.id, "version": order.version + 1, **outcome.changes})
        ledger.extend(_ledger_rows(order, outcome, when))
        target = outcome.changes.get("status", order.status)
        events.append({
            "at": when, "recorded_at": uow.now, "seller_id": order.seller_id,
            "subject_type": "order", "subject_id": order.posting_number,
            "actor": actor.label, "action": outcome.action, "rule": outcome.rule,
            "payload": {"from": order.status, "to": target, **outcome.payload},
        })
        if target != order.status:
            outbox.append({
                "topic": "posting_status", "seller_id": order.seller_id, "event_id": None,
                "payload": {"posting_number": order.posting_number, "from": order.status,
                            "to": target, "rule": outcome.rule},
                "created_at": uow.now, "next_attempt_at": uow.now, "attempts": 0,
                "failed": False,
            })
    session = uow.session
    bulk.update_by_id(session, Order.__table__, updates)
    for table, rows in ((LedgerEntry, ledger), (Event, events), (OutboxMessage, outbox)):
        bulk.insert_rows(session, table.__table__, rows)


def place_order(
    rt: Runtime,
    actor: Actor,
    *,
    seller_id: int,
    buyer_id: int,
    lines: list[NewLine],
    delivery_type: str,
    address: str,
    currency: str | None = None,
) -> Order:
    """ORDER-2: a buyer (or a sandbox user for a buyer) places an order with one seller."""
    if actor.kind == "buyer" and actor.id != buyer_id:
        raise NotFound(f"buyer {buyer_id} not found")
    with rt.uow() as uow:
        if uow.session.get(Seller, seller_id) is None:
            raise NotFound(f"seller {seller_id} not found")
        if uow.session.get(Buyer, buyer_id) is None:
            raise NotFound(f"buyer {buyer_id} not found")
        check_seller_takes_orders(uow.session, seller_id, uow.now)
        if not address.strip():
            raise InvalidInput("a delivery address is required", rule="ORDER-1")
        fees = rt.policy.fees
        facts = rules.OrderFacts(
            number="new",
            status="new",
            delivery_type=delivery_type,
            currency=currency or rt.policy.currency,
            lines=tuple(
                rules.Line(
                    n.sku,
                    n.quantity,
                    n.unit_price,
                    n.category,
                    Decimal(str(fees.commission_rate(n.category))),
                )
                for n in lines
            ),
        )
        outcome = rules.place(facts, uow.now, rt.policy)
        order = Order(
            order_number=uuid.uuid4().hex[:20],
            posting_number=uuid.uuid4().hex[:20],
            seller_id=seller_id,
            buyer_id=buyer_id,
            status="unpaid",
            delivery_type=delivery_type,
            currency=facts.currency,
            total=facts.total,
            address=address.strip(),
            address_changes_used=0,
            item_count=facts.item_count,
            created_at=uow.now,
            pay_by=outcome.changes["pay_by"],
            late_shipment=False,
            late_fine_charged=False,
            cancel_hold=False,
            version=1,
        )
        uow.session.add(order)
        uow.session.flush()
        order.order_number = f"{10_000_000 + order.id // 10_000:08d}-{order.id % 10_000:04d}"
        order.posting_number = f"{order.order_number}-1"
        for n in lines:
            uow.session.add(
                OrderItem(
                    order_id=order.id,
                    sku=n.sku,
                    name=n.name,
                    quantity=n.quantity,
                    unit_price=n.unit_price,
                    category=n.category,
                    commission_bp=int(Decimal(str(fees.commission_rate(n.category))) * 10000),
                )
            )
        uow.record(
            subject_type="order",
            subject_id=order.posting_number,
            action="place",
            actor=actor.label,
            rule=outcome.rule,
            seller_id=seller_id,
            payload={"to": "unpaid", **outcome.payload},
        )
        uow.commit()
        return order


def _act(rt: Runtime, actor: Actor, posting_number: str, decide: Any) -> Order:
    with rt.uow() as uow:
        order = order_for(uow.session, actor, posting_number, lock=True)
        outcome = decide(load_facts(uow.session, order), uow.now)
        apply(uow, order, outcome, actor)
        uow.commit()
        return order


def pay_order(rt: Runtime, actor: Actor, posting_number: str) -> Order:
    """ORDER-1: payment starts ship-by (K-4)."""
    actor.require("buyer", "staff")
    return _act(rt, actor, posting_number, lambda f, now: rules.pay(f, now, rt.policy))


def pack_order(rt: Runtime, actor: Actor, posting_number: str) -> Order:
    actor.require("seller")
    return _act(rt, actor, posting_number, lambda f, now: rules.simple("pack", f, now))


def ship_order(rt: Runtime, actor: Actor, posting_number: str, tracking_number: str) -> Order:
    """The seller hands the posting to the carrier; late shipments are fined once (K-6)."""
    actor.require("seller")
    return _act(
        rt, actor, posting_number, lambda f, now: rules.ship(f, now, rt.policy, tracking_number)
    )


def deliver_order(rt: Runtime, actor: Actor, posting_number: str) -> Order:
    """Carrier confirmation; in the sandbox staff (or a sandbox user) confirm it."""
    actor.require("staff")
    return _act(rt, actor, posting_number, lambda f, now: rules.simple("deliver", f, now))


def cancel_by_buyer(rt: Runtime, actor: Actor, posting_number: str) -> Order:
    """CANCEL-1: the buyer cancels an unshipped order directly."""
    actor.require("buyer")
    return _act(rt, actor, posting_number, lambda f, now: rules.buyer_cancel(f, now, rt.policy))


class ItemRow(NamedTuple):
    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    category: str
    commission_bp: int


@lru_cache(maxsize=8)
def _order_read(kind: str) -> Select[Any]:
    """The order read for one kind of actor, built once: the order's columns and its lines'
    (one join, plain rows), the posting or order number and the actor's id as parameters."""
    orders, items = Order.__table__, OrderItem.__table__
    query = (
        select(orders, *[items.c[name].label(f"item_{name}") for name in ItemRow._fields])
        .outerjoin(items, items.c.order_id == orders.c.id)
        .where((orders.c.posting_number == bindparam("number"))
               | (orders.c.order_number == bindparam("number")))
        .order_by(items.c.id)
    )
    return scope_orders_by(query, kind)


def get_order(rt: Runtime, actor: Actor, posting_number: str) -> tuple[Any, list[ItemRow]]:
    """One order (a plain row with the order's columns) with its lines, in one query, scoped
    to the actor. The hottest read: no ORM objects, a statement compiled and prepared once."""
    with rt.read_engine.connect() as conn:
        rows = conn.execute(_order_read(actor.kind), {"number": posting_number, "who": actor.id})
        found = rows.all()
        conn.commit()  # ends a SQLite read; nothing to end on PostgreSQL's autocommit
    if not found:
        raise NotFound(f"order {posting_number} not found")
    lines = [
        ItemRow(*(row._mapping[f"item_{name}"] for name in ItemRow._fields))
        for row in found
        if row.item_sku is not None
    ]
    return found[0], lines


def list_orders(
    rt: Runtime,
    actor: Actor,
    *,
    status: str | None = None,
    delivery_type: str | None = None,
    created_from: datetime | None = None,
    created_to: datetime | None = None,
    seller_id: int | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[tuple[Order, list[OrderItem]]]:
    if status is not None and status not in rules.STATES:
        raise InvalidInput(f"status must be one of {', '.join(rules.STATES)}")
    limit = max(1, min(limit, 500))
    query = scope_orders(select(Order), actor)
    if status:
        query = query.where(Order.status == status)
    if delivery_type:
        query = query.where(Order.delivery_type == delivery_type)
    if created_from:
        query = query.where(Order.created_at >= created_from)
    if created_to:
        query = query.where(Order.created_at < created_to)
    if seller_id is not None and actor.is_staff:
        query = query.where(Order.seller_id == seller_id)
    if cursor:
        query = query.where(Order.id < decode_cursor(cursor))
    query = query.order_by(Order.id.desc()).limit(limit + 1)
    with rt.reader() as uow:
        rows = list(uow.session.execute(query).scalars())
        more = len(rows) > limit
        rows = rows[:limit]
        items = items_of(uow.session, [o.id for o in rows])
        return Page(
            [(o, items[o.id]) for o in rows], encode_cursor(rows[-1].id) if more and rows else None
        )


def order_events(rt: Runtime, actor: Actor, posting_number: str) -> list[Event]:
    """The order's timeline (its requests record their events on the order too), oldest first."""
    with rt.reader() as uow:
        order = order_for(uow.session, actor, posting_number)
        query = (
            select(Event)
            .where(Event.subject_type == "order", Event.subject_id == order.posting_number)
            .order_by(Event.id)
        )
        return list(uow.session.execute(query).scalars())
