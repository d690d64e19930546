"""The seller's ledger: entries, totals per kind and the balance."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from sellerdesk.access import Actor
from sellerdesk.errors import NotFound
from sellerdesk.runtime import Runtime
from sellerdesk.services.paging import decode_cursor, encode_cursor
from sellerdesk.store.tables import LedgerEntry


@dataclass(frozen=True)
class Ledger:
    balance: Decimal
    totals: dict[str, Decimal]
    entries: list[LedgerEntry]
    next_cursor: str | None


def seller_ledger(
    rt: Runtime,
    actor: Actor,
    *,
    seller_id: int | None = None,
    order_id: int | None = None,
    kind: str | None = None,
    cursor: str | None = None,
    limit: int = 100,
) -> Ledger:
    """A seller reads its own ledger; staff read any seller's."""
    if actor.kind == "seller":
        seller_id = actor.id
    elif not actor.is_staff or seller_id is None:
        raise NotFound("ledger not found")
    scope = [LedgerEntry.seller_id == seller_id]
    if order_id is not None:
        scope.append(LedgerEntry.order_id == order_id)
    with rt.reader() as uow:
        totals = {
            k: v
            for k, v in uow.session.execute(
                select(LedgerEntry.kind, func.sum(LedgerEntry.amount))
                .where(*scope)
                .group_by(LedgerEntry.kind)
            ).all()
        }
        query = select(LedgerEntry).where(*scope)
        if kind:
            query = query.where(LedgerEntry.kind == kind)
        if cursor:
            query = query.where(LedgerEntry.id < decode_cursor(cursor))
        limit = max(1, min(limit, 1000))
        rows = list(
            uow.session.execute(query.order_by(LedgerEntry.id.desc()).limit(limit + 1)).scalars()
        )
    more = len(rows) > limit
    rows = rows[:limit]
    balance = sum(totals.values(), Decimal("0.00"))
    return Ledger(balance, totals, rows, encode_cursor(rows[-1].id) if more and rows else None)
