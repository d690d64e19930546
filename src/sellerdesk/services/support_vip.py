"""The VIP line (SUPPORT-8, K-18) and account managers (SUPPORT-1 tier 4).

Eligibility is computed from the ledger (annual sales) and orders (monthly fulfilment); a staff
member approves the request, it never switches on by itself. Approved sellers can get a manager.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from sellerdesk.access import Actor
from sellerdesk.domain.support_eligibility import MonthFulfilment, VipEligibility, vip_eligibility
from sellerdesk.errors import Conflict, InvalidInput, NotFound, RuleViolation
from sellerdesk.runtime import Runtime
from sellerdesk.store.tables import LedgerEntry, Order, Staff
from sellerdesk.store.tables.support import AccountManager, VipGrant
from sellerdesk.store.uow import UnitOfWork


def _months_before(today: date, count: int) -> list[tuple[date, date]]:
    """The `count` complete calendar months before today's month, oldest first: [start, end)."""
    spans = []
    end = today.replace(day=1)
    for _ in range(count):
        start = (end - timedelta(days=1)).replace(day=1)
        spans.append((start, end))
        end = start
    return list(reversed(spans))


def eligibility_of(rt: Runtime, uow: UnitOfWork, seller_id: int) -> VipEligibility:
    """Annual sales = sale entries of the last 365 days; fulfilment per month = delivered / paid
    among orders paid in that month (ORDER-4), Moscow calendar months (K-18)."""
    cal = rt.policy.business_calendar()
    now: datetime = uow.now
    sales = uow.session.execute(
        select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
            LedgerEntry.seller_id == seller_id,
            LedgerEntry.kind == "sale",
            LedgerEntry.at > now - timedelta(days=365),
        )
    ).scalar_one()
    months = []
    for start, end in _months_before(cal.local(now).date(), rt.policy.support.vip_months):
        low = cal.end_of_local_day(start - timedelta(days=1))
        high = cal.end_of_local_day(end - timedelta(days=1))
        accepted, delivered = uow.session.execute(
            select(
                func.count(Order.id),
                func.count(Order.delivered_at),
            ).where(Order.seller_id == seller_id, Order.paid_at >= low, Order.paid_at < high)
        ).one()
        months.append(MonthFulfilment(start.strftime("%Y-%m"), accepted, delivered))
    return vip_eligibility(Decimal(sales), months, rt.policy)


def eligibility(rt: Runtime, actor: Actor, seller_id: int | None = None) -> VipEligibility:
    seller_id = actor.id if actor.kind == "seller" else seller_id
    if seller_id is None or not (actor.kind == "seller" or actor.is_staff):
        raise NotFound("seller not found")
    with rt.reader() as uow:
        return eligibility_of(rt, uow, seller_id)


def _basis(found: VipEligibility) -> dict[str, object]:
    return {
        "annual_sales": str(found.annual_sales),
        "annual_sales_converted": str(found.annual_sales_converted),
        "by_sales": found.by_sales,
        "by_fulfilment": found.by_fulfilment,
        "months": [
            {"month": m.month, "accepted": m.accepted, "delivered": m.delivered}
            for m in found.months
        ],
    }


def request_vip(rt: Runtime, actor: Actor) -> VipGrant:
    """SUPPORT-8: an eligible seller applies; staff decide. Not eligible -> refused with why."""
    actor.require("seller")
    assert actor.id is not None
    with rt.uow() as uow:
        open_one = uow.session.execute(
            select(VipGrant).where(
                VipGrant.seller_id == actor.id, VipGrant.status.in_(("pending", "approved"))
            )
        ).scalar()
        if open_one is not None:
            raise Conflict(f"a VIP request is already {open_one.status}", facts={"id": open_one.id})
        found = eligibility_of(rt, uow, actor.id)
        if not found.eligible:
            raise RuleViolation(
                "not eligible for the VIP line: " + "; ".join(found.reasons),
                rule="SUPPORT-8",
                next_step="Keep fulfilment at or above target for consecutive months, or grow "
                "annual sales to the threshold.",
                facts=_basis(found),
            )
        row = VipGrant(
            seller_id=actor.id, status="pending", basis=_basis(found), requested_at=uow.now
        )
        uow.session.add(row)
        uow.session.flush()
        _record(uow, row, "vip_requested", actor)
        uow.commit()
        return row


def _record(uow: UnitOfWork, row: VipGrant, action: str, actor: Actor) -> None:
    uow.record(
        subject_type="vip",
        subject_id=row.id,
        action=action,
        actor=actor.label,
        rule="SUPPORT-8",
        seller_id=row.seller_id,
        payload={"status": row.status, **row.basis},
    )


def decide_vip(
    rt: Runtime, actor: Actor, grant_id: int, *, approve: bool, note: str | None
) -> VipGrant:
    """Staff approval is what grants the line (SUPPORT-8: never automatic)."""
    actor.require_staff("support_agent")
    with rt.uow() as uow:
        row = uow.session.get(VipGrant, grant_id, with_for_update=True)
        if row is None:
            raise NotFound(f"VIP request {grant_id} not found")
        if row.status != "pending":
            raise RuleViolation(f"the request is already {row.status}", rule="SUPPORT-8")
        row.status = "approved" if approve else "rejected"
        row.decided_at, row.decided_by, row.note = uow.now, actor.label, note
        _record(uow, row, f"vip_{row.status}", actor)
        uow.commit()
        return row


def vip_requests(rt: Runtime, actor: Actor, status: str | None = None) -> list[VipGrant]:
    query = select(VipGrant).order_by(VipGrant.id.desc())
    if actor.kind == "seller":
        query = query.where(VipGrant.seller_id == actor.id)
    elif not actor.is_staff:
        raise NotFound("not found")
    if status:
        query = query.where(VipGrant.status == status)
    with rt.reader() as uow:
        return list(uow.session.execute(query.limit(200)).scalars())


def assign_manager(rt: Runtime, actor: Actor, seller_id: int, staff_id: int) -> AccountManager:
    """SUPPORT-1 tier 4: only sellers with an approved VIP line get an account manager."""
    actor.require_staff("admin")
    with rt.uow() as uow:
        approved = uow.session.execute(
            select(VipGrant.id).where(
                VipGrant.seller_id == seller_id, VipGrant.status == "approved"
            )
        ).first()
        if approved is None:
            raise RuleViolation(
                "account managers are for top sellers with an approved VIP line",
                rule="SUPPORT-1",
                facts={"seller_id": seller_id},
            )
        staff = uow.session.get(Staff, staff_id)
        if staff is None:
            raise InvalidInput(f"staff member {staff_id} not found")
        row = uow.session.get(AccountManager, seller_id)
        if row is None:
            row = AccountManager(seller_id=seller_id)
            uow.session.add(row)
        row.staff_id, row.assigned_at, row.assigned_by = staff_id, uow.now, actor.label
        uow.record(
            subject_type="account_manager",
            subject_id=seller_id,
            action="manager_assigned",
            actor=actor.label,
            rule="SUPPORT-1",
            seller_id=seller_id,
            payload={"staff_id": staff_id},
        )
        uow.commit()
        return row


def manager_of(rt: Runtime, actor: Actor) -> tuple[AccountManager, Staff]:
    actor.require("seller")
    with rt.reader() as uow:
        row = uow.session.get(AccountManager, actor.id)
        staff = uow.session.get(Staff, row.staff_id) if row else None
    if row is None or staff is None:
        raise NotFound(
            "no account manager",
            rule="SUPPORT-1",
            next_step="Account managers look after sellers with an approved VIP line.",
        )
    return row, staff
