"""KYC items and who sees live support chat (SUPPORT-1, SUPPORT-2).

The INN is verified by its checksum when the seller enters it; documents are verified by staff.
`live_chat` names every condition with whether it holds and how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from sellerdesk.access import Actor
from sellerdesk.domain.support_eligibility import Condition, inn_problem, live_chat_conditions
from sellerdesk.domain.support_texts import language_of
from sellerdesk.errors import InvalidInput, NotFound, RuleViolation
from sellerdesk.runtime import Runtime
from sellerdesk.services.support_files import owned_files
from sellerdesk.store.tables import Order, Seller
from sellerdesk.store.tables.support import AccountManager, KycItem
from sellerdesk.store.uow import UnitOfWork

DOCUMENTS = ("business_licence", "legal_representative_id", "bank_account_proof")


@dataclass(frozen=True)
class LiveChat:
    visible: bool
    conditions: list[Condition]


@dataclass(frozen=True)
class Tiers:
    available: dict[str, bool]
    live_chat: LiveChat


def _item(uow: UnitOfWork, seller_id: int, kind: str) -> KycItem:
    row = uow.session.execute(
        select(KycItem)
        .where(KycItem.seller_id == seller_id, KycItem.kind == kind)
        .with_for_update()
    ).scalar()
    if row is None:
        row = KycItem(seller_id=seller_id, kind=kind, status="submitted", submitted_at=uow.now)
        uow.session.add(row)
    return row


def _record(uow: UnitOfWork, row: KycItem, action: str, actor: Actor) -> None:
    uow.session.flush()
    uow.record(
        subject_type="kyc",
        subject_id=f"{row.seller_id}:{row.kind}",
        action=action,
        actor=actor.label,
        rule="SUPPORT-2",
        seller_id=row.seller_id,
        payload={"kind": row.kind, "status": row.status, "note": row.note},
    )


def submit_inn(rt: Runtime, actor: Actor, inn: str) -> KycItem:
    """SUPPORT-2: an INN with valid check digits is verified at once; a typo is refused."""
    actor.require("seller")
    assert actor.id is not None
    problem = inn_problem(inn)
    if problem:
        raise InvalidInput(
            f"INN {inn.strip()!r} is not valid: {problem}",
            rule="SUPPORT-2",
            next_step="Copy the INN from your tax registration certificate: 10 digits for a "
            "company, 12 for an individual entrepreneur.",
            facts={"inn": inn.strip()},
        )
    with rt.uow() as uow:
        row = _item(uow, actor.id, "inn")
        row.value, row.status, row.submitted_at = inn.strip(), "verified", uow.now
        row.decided_at, row.decided_by, row.note = uow.now, "system", "check digits match"
        _record(uow, row, "inn_verified", actor)
        uow.commit()
        return row


def submit_document(rt: Runtime, actor: Actor, kind: str, file_id: int) -> KycItem:
    """A KYC document (licence, representative's ID, bank proof) waits for staff verification."""
    actor.require("seller")
    assert actor.id is not None
    if kind not in DOCUMENTS or kind not in rt.policy.support.kyc_items:
        raise InvalidInput(f"a KYC document is one of {', '.join(DOCUMENTS)}", rule="SUPPORT-2")
    with rt.uow() as uow:
        owned_files(uow.session, actor, [file_id])
        row = _item(uow, actor.id, kind)
        row.file_id, row.status, row.submitted_at = file_id, "submitted", uow.now
        row.decided_at = row.decided_by = row.note = None
        _record(uow, row, "kyc_submitted", actor)
        uow.commit()
        return row


def decide_document(
    rt: Runtime, actor: Actor, seller_id: int, kind: str, *, verify: bool, note: str | None
) -> KycItem:
    """Staff verify or reject a submitted document."""
    actor.require_staff("support_agent", "risk_reviewer")
    with rt.uow() as uow:
        row = uow.session.execute(
            select(KycItem)
            .where(KycItem.seller_id == seller_id, KycItem.kind == kind)
            .with_for_update()
        ).scalar()
        if row is None:
            raise NotFound(f"KYC item {kind} of seller {seller_id} not found")
        if row.status != "submitted":
            raise RuleViolation(f"the {kind} is already {row.status}", rule="SUPPORT-2")
        row.status = "verified" if verify else "rejected"
        row.decided_at, row.decided_by, row.note = uow.now, actor.label, note
        _record(uow, row, f"kyc_{row.status}", actor)
        uow.commit()
        return row


def kyc_items(rt: Runtime, actor: Actor, seller_id: int | None = None) -> list[KycItem]:
    seller_id = _seller_scope(actor, seller_id)
    with rt.reader() as uow:
        return list(
            uow.session.execute(
                select(KycItem).where(KycItem.seller_id == seller_id).order_by(KycItem.kind)
            ).scalars()
        )


def _seller_scope(actor: Actor, seller_id: int | None) -> int:
    if actor.kind == "seller" and actor.id is not None:
        return actor.id
    if actor.is_staff and seller_id is not None:
        return seller_id
    raise NotFound("seller not found")


def live_chat(rt: Runtime, actor: Actor, seller_id: int | None = None) -> LiveChat:
    """SUPPORT-2: visible only when every condition holds; each failing one says how to fix it."""
    seller_id = _seller_scope(actor, seller_id)
    with rt.reader() as uow:
        seller = uow.session.get(Seller, seller_id)
        if seller is None:
            raise NotFound("seller not found")
        kyc = dict(
            uow.session.execute(
                select(KycItem.kind, KycItem.status).where(KycItem.seller_id == seller_id)
            ).all()
        )
        since = uow.now - rt.policy.support.recent_order_window
        # A valid order: paid within the window and not cancelled since.
        recent = uow.session.execute(
            select(func.count(Order.id)).where(
                Order.seller_id == seller_id,
                Order.paid_at.is_not(None),
                Order.paid_at > since,
                Order.status != "cancelled",
            )
        ).scalar_one()
    conditions = live_chat_conditions(
        kyc=kyc,
        store_status=seller.status,
        recent_orders=recent,
        policy=rt.policy,
        lang=language_of(seller.language, rt.policy.support.languages),
    )
    return LiveChat(all(c.ok for c in conditions), conditions)


def tiers(rt: Runtime, actor: Actor) -> Tiers:
    """SUPPORT-1: which of the four tiers this seller can use now."""
    chat = live_chat(rt, actor)
    with rt.reader() as uow:
        manager = uow.session.get(AccountManager, actor.id)
    available = {
        "knowledge_base": True,
        "live_chat": chat.visible,
        "tickets": True,
        "account_manager": manager is not None,
    }
    return Tiers({t: available.get(t, False) for t in rt.policy.support.tiers}, chat)
