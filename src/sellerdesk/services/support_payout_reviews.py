"""PAYOUT-2: the seller files a review of a withdrawal hold with bank statements and a letter;
the risk team — never support — decides within 72h; the result reaches the seller in the chat
with the platform (and by e-mail)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from sellerdesk.access import Actor, own_or_queue
from sellerdesk.domain import payouts as rules
from sellerdesk.errors import Conflict, Forbidden, InvalidInput, NotFound
from sellerdesk.runtime import Runtime
from sellerdesk.services.chat_notices import post_system_notice
from sellerdesk.services.payouts import facts_of
from sellerdesk.services.support_files import owned_files, recheck
from sellerdesk.store.tables import Seller
from sellerdesk.store.tables.payouts import PayoutReview
from sellerdesk.store.uow import UnitOfWork

RISK = ("risk_reviewer",)


def _review_for(uow: UnitOfWork, actor: Actor, review_id: int, lock: bool = False) -> PayoutReview:
    query = select(PayoutReview).where(PayoutReview.id == review_id)
    if actor.kind == "seller":
        query = query.where(PayoutReview.seller_id == actor.id)
    elif not actor.is_staff and actor.kind != "system":
        query = query.where(False)
    if lock:
        query = query.with_for_update()
    found = uow.session.execute(query).scalar()
    if found is None:
        raise NotFound(f"payout review {review_id} not found")
    return found


def file_review(
    rt: Runtime,
    actor: Actor,
    *,
    statements: list[dict[str, Any]],
    letter_file_id: int,
    explanation: str = "",
) -> PayoutReview:
    """PAYOUT-2: statements for each of the last 3 full months plus the letter, checked as
    evidence files (JPG/PNG/PDF by content, size and count)."""
    actor.require("seller")
    assert actor.id is not None
    with rt.uow() as uow:
        pending = uow.session.execute(
            select(PayoutReview.id).where(
                PayoutReview.seller_id == actor.id, PayoutReview.status == "pending"
            )
        ).first()
        if pending is not None:
            raise Conflict(
                f"payout review {pending[0]} is already waiting for the risk team",
                rule="PAYOUT-2",
                facts={"review_id": pending[0]},
            )
        ids = [int(s["file_id"]) for s in statements] + [letter_file_id]
        if len(set(ids)) != len(ids):
            raise InvalidInput("each statement and the letter are separate files")
        files = owned_files(uow.session, actor, ids)
        recheck(rt, [files[i] for i in ids], rt.policy.payout.review_max_files)
        facts = facts_of(rt, uow.session, actor.id, uow.now)
        current = rules.holds(facts, uow.now, rt.policy)
        today = rt.policy.business_calendar().local(uow.now).date()
        rules.check_review([str(s.get("month", "")) for s in statements], today, current, rt.policy)
        row = PayoutReview(
            seller_id=actor.id,
            status="pending",
            holds=[h.as_dict() for h in rules.blocking(current)],
            statements=[{"file_id": int(s["file_id"]), "month": s["month"]} for s in statements],
            letter_file_id=letter_file_id,
            explanation=explanation.strip(),
            created_at=uow.now,
            decide_by=uow.now + rt.policy.payout.review_within,
            lifted_reasons=[],
        )
        uow.session.add(row)
        uow.session.flush()
        _record(uow, row, "review_filed", actor, decide_by=row.decide_by.isoformat())
        uow.commit()
        return row


def _record(uow: UnitOfWork, row: PayoutReview, action: str, actor: Actor, **payload: Any) -> None:
    uow.record(
        subject_type="payout_review",
        subject_id=row.id,
        action=action,
        actor=actor.label,
        rule="PAYOUT-2",
        seller_id=row.seller_id,
        payload={"status": row.status, **payload},
    )


def decide_review(
    rt: Runtime, actor: Actor, review_id: int, *, approve: bool, note: str | None = None
) -> PayoutReview:
    """PAYOUT-2: only the risk team decides; support staff get 403 with the rule. Approval lifts
    the holds blocking now until their projected release."""
    if actor.is_staff and actor.role not in (*RISK, "admin"):
        raise Forbidden(
            "support cannot lift a withdrawal hold; only the risk team decides a payout review",
            rule="PAYOUT-2",
            next_step="Tell the seller to file a review with bank statements and a letter; the "
            "risk team decides it.",
            facts={"role": actor.role},
        )
    actor.require_staff(*RISK)
    with rt.uow() as uow:
        row = _review_for(uow, actor, review_id, lock=True)
        if row.status != "pending":
            raise Conflict(f"payout review {review_id} is already {row.status}", rule="PAYOUT-2")
        row.status = "approved" if approve else "rejected"
        row.decided_at, row.decided_by, row.decision_note = uow.now, actor.label, note
        if approve:
            facts = facts_of(rt, uow.session, row.seller_id, uow.now)
            reasons, until = rules.lift(rules.holds(facts, uow.now, rt.policy))
            row.lifted_reasons, row.lifted_until = reasons, until
        _record(
            uow,
            row,
            f"review_{row.status}",
            actor,
            lifted=row.lifted_reasons,
            lifted_until=row.lifted_until.isoformat() if row.lifted_until else None,
        )
        _tell_seller(rt, uow, row)
        uow.commit()
        return row


def _tell_seller(rt: Runtime, uow: UnitOfWork, row: PayoutReview) -> None:
    """The result in the seller's chat with the platform, in Russian and English, and by e-mail."""
    until = (
        rt.policy.business_calendar().local(row.lifted_until).strftime("%Y-%m-%d %H:%M")
        if row.lifted_until
        else ""
    )
    if row.status == "approved":
        texts = {
            "ru": f"Проверка вывода средств №{row.id} одобрена службой рисков: блокировка снята"
            + (f" до {until} (МСК)." if until else ".")
            + " (PAYOUT-2)",
            "en": f"Payout review {row.id} approved by the risk team: the withdrawal hold is "
            "lifted" + (f" until {until} (Moscow)." if until else ".") + " (PAYOUT-2)",
        }
    else:
        texts = {
            "ru": f"Проверка вывода средств №{row.id} отклонена службой рисков"
            + (f": {row.decision_note}" if row.decision_note else "")
            + ". Блокировка действует до даты, указанной на странице выводов. (PAYOUT-2)",
            "en": f"Payout review {row.id} rejected by the risk team"
            + (f": {row.decision_note}" if row.decision_note else "")
            + ". The hold ends on the date shown on the Withdrawals page. (PAYOUT-2)",
        }
    post_system_notice(
        uow,
        seller_id=row.seller_id,
        buyer_id=None,
        order_id=None,
        kind=f"payout_review_{row.status}",
        texts=texts,
    )
    seller = uow.session.get(Seller, row.seller_id)
    if seller is not None:
        lang = "ru" if seller.language == "ru" else "en"
        uow.outbox(
            "email",
            {
                "to": seller.email,
                "subject": f"Payout review {row.id}: {row.status}",
                "body": texts[lang],
            },
            seller_id=row.seller_id,
        )


def reviews(rt: Runtime, actor: Actor, *, status: str | None = None) -> list[PayoutReview]:
    """The seller's own reviews, or the risk team's queue (oldest deadline first)."""
    query = own_or_queue(PayoutReview, actor, status=status)
    with rt.reader() as uow:
        return list(uow.session.execute(query).scalars())


def mark_overdue(uow: UnitOfWork, row: PayoutReview) -> str:
    """Sweep: an undecided review past its deadline shows as overdue in the risk queue."""
    row.overdue_at = row.decide_by
    uow.record(
        subject_type="payout_review",
        subject_id=row.id,
        action="review_overdue",
        actor="system",
        rule="PAYOUT-2",
        seller_id=row.seller_id,
        payload={"decide_by": row.decide_by.isoformat()},
        at=row.decide_by,
    )
    return f"payout review {row.id} of seller {row.seller_id} overdue, PAYOUT-2"
