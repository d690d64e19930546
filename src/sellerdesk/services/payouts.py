"""Payouts (PAYOUT-1, PAYOUT-2): payout account, balance and holds, withdrawals, risk reviews.

The balance is the seller ledger's sum. A withdrawal locks the seller's `seller_balances` row
(SELECT ... FOR UPDATE on PostgreSQL; SQLite writers are serialised by BEGIN IMMEDIATE), reads the
balance and holds under that lock, and writes a negative ledger entry of kind "payout", so
concurrent requests can never spend the same money twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from sellerdesk.access import Actor
from sellerdesk.domain import payouts as rules
from sellerdesk.errors import InvalidInput, NotFound
from sellerdesk.runtime import Runtime
from sellerdesk.store.tables import Event, LedgerEntry, Order
from sellerdesk.store.tables.payouts import PayoutAccount, PayoutReview, SellerBalance, Withdrawal
from sellerdesk.store.uow import UnitOfWork


@dataclass(frozen=True)
class PayoutStatus:
    balance: Decimal
    currency: str
    account: PayoutAccount | None
    withdrawals_today: int
    per_day: int
    holds: list[rules.Hold]
    open_review: PayoutReview | None


def _seller(actor: Actor, seller_id: int | None = None) -> int:
    if actor.kind == "seller" and actor.id is not None:
        return actor.id
    if actor.is_staff and seller_id is not None:
        return seller_id
    raise NotFound("payouts not found")


def _account(session: Session, seller_id: int) -> PayoutAccount | None:
    return session.execute(
        select(PayoutAccount)
        .where(PayoutAccount.seller_id == seller_id, PayoutAccount.retired_at.is_(None))
        .order_by(PayoutAccount.id.desc())
    ).scalar()


def _refunded_orders(session: Session, seller_id: int, since: datetime) -> dict[int, datetime]:
    """K-19 numerator: orders refunded in the window, once each: ledger refunds of shipped orders
    (refunds of never-shipped orders are cancellations), returned postings, `refund.created`
    events of automatic refunds."""
    found: dict[int, datetime] = {}
    for order_id, at in session.execute(
        select(LedgerEntry.order_id, func.min(LedgerEntry.at))
        .join(Order, Order.id == LedgerEntry.order_id)
        .where(
            LedgerEntry.seller_id == seller_id,
            LedgerEntry.kind == "refund",
            LedgerEntry.at > since,
            Order.shipped_at.is_not(None),
        )
        .group_by(LedgerEntry.order_id)
    ).all():
        found[order_id] = at
    # K-5: a cancellation approved after hand-over returns the posting and the buyer's money.
    returned_at = func.max(Event.at)
    for order_id, at in session.execute(
        select(Order.id, returned_at)
        .join(Event, (Event.subject_type == "order") & (Event.subject_id == Order.posting_number))
        .where(Order.seller_id == seller_id, Order.status == "returned")
        .group_by(Order.id)
        .having(returned_at > since)
    ).all():
        found[order_id] = min(at, found.get(order_id, at))
    for event in session.execute(
        select(Event).where(
            Event.seller_id == seller_id, Event.action == "refund.created", Event.at > since
        )
    ).scalars():
        order_id = _order_of(session, event.payload, event.subject_id)
        if order_id is not None and (order_id not in found or event.at < found[order_id]):
            found[order_id] = event.at
    return found


def _order_of(session: Session, payload: dict[str, Any], subject: str) -> int | None:
    if isinstance(payload.get("order_id"), int):
        return int(payload["order_id"])
    number = payload.get("posting_number") or subject
    row = session.execute(
        select(Order.id).where((Order.posting_number == number) | (Order.order_number == number))
    ).first()
    return row[0] if row else None


def facts_of(rt: Runtime, session: Session, seller_id: int, now: datetime) -> rules.PayoutFacts:
    policy = rt.policy
    cal = policy.business_calendar()
    today = cal.local(now).date()
    balance = session.execute(
        select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
            LedgerEntry.seller_id == seller_id
        )
    ).scalar_one()
    account = _account(session, seller_id)
    today_count = session.execute(
        select(func.count(Withdrawal.id)).where(
            Withdrawal.seller_id == seller_id, Withdrawal.local_day == today.isoformat()
        )
    ).scalar_one()
    since = now - policy.payout.refund_rate_window
    delivered = session.execute(
        select(Order.delivered_at).where(Order.seller_id == seller_id, Order.delivered_at > since)
    ).scalars()
    lifted: dict[str, datetime] = {}
    for review in session.execute(
        select(PayoutReview).where(
            PayoutReview.seller_id == seller_id,
            PayoutReview.status == "approved",
            PayoutReview.lifted_until > now,
        )
    ).scalars():
        for reason in review.lifted_reasons:
            assert review.lifted_until is not None
            lifted[reason] = max(lifted.get(reason, review.lifted_until), review.lifted_until)
    return rules.PayoutFacts(
        balance=Decimal(balance).quantize(Decimal("0.01")),
        currency=policy.currency,
        has_account=account is not None,
        withdrawals_today=today_count,
        day_ends_at=cal.end_of_local_day(today),
        account_changed_at=account.created_at
        if account is not None and account.is_change
        else None,
        refunded=tuple(_refunded_orders(session, seller_id, since).values()),
        delivered=tuple(t for t in delivered if t is not None),
        lifted=lifted,
    )


def status(rt: Runtime, actor: Actor, seller_id: int | None = None) -> PayoutStatus:
    """PAYOUT-1: balance, today's count, and every hold with its reason and projected release."""
    seller_id = _seller(actor, seller_id)
    with rt.reader() as uow:
        facts = facts_of(rt, uow.session, seller_id, uow.now)
        review = uow.session.execute(
            select(PayoutReview).where(
                PayoutReview.seller_id == seller_id, PayoutReview.status == "pending"
            )
        ).scalar()
        return PayoutStatus(
            facts.balance,
            facts.currency,
            _account(uow.session, seller_id),
            facts.withdrawals_today,
            rt.policy.payout.per_day,
            rules.holds(facts, uow.now, rt.policy),
            review,
        )


def set_account(
    rt: Runtime, actor: Actor, *, bank_name: str, bik: str, account_number: str, holder: str
) -> PayoutAccount:
    """Add or change the payout account; a change starts the 72h cooldown (PAYOUT-1)."""
    actor.require("seller")
    if not re.fullmatch(r"\d{9}", bik.strip()):
        raise InvalidInput("a BIK has 9 digits")
    if not re.fullmatch(r"\d{20}", account_number.strip()):
        raise InvalidInput("a Russian bank account number has 20 digits")
    with rt.uow() as uow:
        _lock(uow, actor.id)  # type: ignore[arg-type]
        previous = _account(uow.session, actor.id)  # type: ignore[arg-type]
        if previous is not None:
            previous.retired_at = uow.now
        row = PayoutAccount(
            seller_id=actor.id,
            bank_name=bank_name.strip(),
            bik=bik.strip(),
            account_number=account_number.strip(),
            holder=holder.strip(),
            is_change=previous is not None,
            created_at=uow.now,
        )
        uow.session.add(row)
        uow.session.flush()
        uow.record(
            subject_type="payout_account",
            subject_id=row.id,
            action="account_changed" if row.is_change else "account_added",
            actor=actor.label,
            rule="PAYOUT-1" if row.is_change else None,
            seller_id=actor.id,
            payload={"account": "…" + row.account_number[-4:], "bik": row.bik},
        )
        uow.commit()
        return row


def _lock(uow: UnitOfWork, seller_id: int) -> SellerBalance:
    """Create the seller's balance row if needed, then hold its row lock until commit."""
    session = uow.session
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(SellerBalance)
        .values(seller_id=seller_id, withdrawals=0, updated_at=uow.now)
        .on_conflict_do_nothing(index_elements=["seller_id"])
    )
    return session.execute(
        select(SellerBalance).where(SellerBalance.seller_id == seller_id).with_for_update()
    ).scalar_one()


def withdraw(rt: Runtime, actor: Actor, amount: Decimal) -> Withdrawal:
    """PAYOUT-1: pay out to the payout account unless a hold applies or the balance is short."""
    actor.require("seller")
    assert actor.id is not None
    with rt.uow() as uow:
        lock = _lock(uow, actor.id)
        facts = facts_of(rt, uow.session, actor.id, uow.now)
        rules.check_withdrawal(amount, facts, uow.now, rt.policy)
        account = _account(uow.session, actor.id)
        assert account is not None
        entry = LedgerEntry(
            seller_id=actor.id,
            kind="payout",
            amount=-amount,
            currency=facts.currency,
            rule="PAYOUT-1",
            memo=f"withdrawal to account …{account.account_number[-4:]}",
            at=uow.now,
        )
        uow.session.add(entry)
        uow.session.flush()
        row = Withdrawal(
            seller_id=actor.id,
            account_id=account.id,
            amount=amount,
            currency=facts.currency,
            local_day=rt.policy.business_calendar().local(uow.now).date().isoformat(),
            status="paid",
            ledger_entry_id=entry.id,
            requested_at=uow.now,
        )
        uow.session.add(row)
        lock.withdrawals += 1
        lock.updated_at = uow.now
        uow.session.flush()
        uow.record(
            subject_type="withdrawal",
            subject_id=row.id,
            action="withdrawn",
            actor=actor.label,
            rule="PAYOUT-1",
            seller_id=actor.id,
            payload={
                "amount": str(amount),
                "balance_after": str(facts.balance - amount),
                "today": facts.withdrawals_today + 1,
            },
        )
        uow.commit()
        return row


def withdrawals(rt: Runtime, actor: Actor, limit: int = 100) -> list[Withdrawal]:
    seller_id = _seller(actor)
    with rt.reader() as uow:
        return list(
            uow.session.execute(
                select(Withdrawal)
                .where(Withdrawal.seller_id == seller_id)
                .order_by(Withdrawal.id.desc())
                .limit(max(1, min(limit, 500)))
            ).scalars()
        )
