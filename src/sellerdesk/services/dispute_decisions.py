"""Dispute outcomes: the decision sweep (DISPUTE-5, DISPUTE-7), money (DISPUTE-8), the appeal
window closing (DISPUTE-1), unreviewed rejections (K-14), and the notices in chat and by e-mail.

Sweeps act on a claimed batch as of each row's own due time; what a batch shares (orders,
refunds, carriers, sellers, health scores) is loaded once per batch.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import TextClause, bindparam, select, text
from sqlalchemy.orm import Session

from sellerdesk.access import Actor
from sellerdesk.domain import dispute_scoring as scoring
from sellerdesk.domain import disputes as rules
from sellerdesk.domain.refunds import carrier_key, moscow_text
from sellerdesk.runtime import Runtime
from sellerdesk.services.chat_notices import post_system_notice
from sellerdesk.services.standing_records import health_score
from sellerdesk.store.tables import LedgerEntry, Order, Seller
from sellerdesk.store.tables.base import UTCDateTime
from sellerdesk.store.tables.disputes import Appeal, Dispute, Refund, TrackingWatch
from sellerdesk.store.uow import UnitOfWork

SYSTEM = Actor("system")


def _event(
    uow: UnitOfWork,
    dispute: Dispute,
    action: str,
    rule: str,
    at: datetime,
    payload: dict[str, Any],
    actor: Actor = SYSTEM,
    timeline: str | None = None,
) -> None:
    body = {"dispute_id": dispute.id, "posting_number": dispute.posting_number, **payload}
    uow.record(
        subject_type="dispute",
        subject_id=dispute.id,
        action=action,
        actor=actor.label,
        rule=rule,
        seller_id=dispute.seller_id,
        payload=body,
        at=at,
    )
    if timeline:
        uow.record(
            subject_type="order",
            subject_id=dispute.posting_number,
            action=timeline,
            actor=actor.label,
            rule=rule,
            seller_id=dispute.seller_id,
            payload=body,
            at=at,
        )


def _refunds(session: Session, dispute_ids: list[int]) -> dict[int, list[Refund]]:
    found: dict[int, list[Refund]] = defaultdict(list)
    for row in session.execute(
        select(Refund).where(Refund.dispute_id.in_(dispute_ids)).order_by(Refund.id)
    ).scalars():
        found[row.dispute_id].append(row)
    return found


# --- K-14 ----------------------------------------------------------------------------------


def reject_unreviewed(
    rt: Runtime,
    uow: UnitOfWork,
    dispute: Dispute,
    appeal: Appeal,
    verdict: rules.Unreviewed,
    actor: Actor,
) -> None:
    """K-14: the appeal is recorded and rejected without review; the outcome is final (DISPUTE-6)
    and explained with its rule."""
    step = rules.transition("reject_unreviewed", dispute.status)
    now = uow.now
    appeal.status, appeal.reviewed, appeal.reject_rule = "rejected", False, step.rule
    appeal.decided_at = now
    appeal.throttled_until = verdict.throttle_until
    appeal.decision = {
        "outcome": "rejected",
        "rule": step.rule,
        "reason": verdict.reason,
        "reviewed": False,
        "says": verdict.message,
        "factors": [],
        "gates": [],
    }
    dispute.status, dispute.decided_at = step.target, now
    dispute.outcome_rule, dispute.outcome_note = step.rule, verdict.message
    for refund in _refunds(uow.session, [dispute.id])[dispute.id]:
        refund.outcome = "kept"
    _event(
        uow,
        dispute,
        "dispute.decided",
        step.rule,
        now,
        {
            "appeal_id": appeal.id,
            "outcome": "rejected",
            "reviewed": False,
            "reason": verdict.reason,
            "says": verdict.message,
            "throttled_until": verdict.throttle_until.isoformat()
            if verdict.throttle_until
            else None,
        },
        actor=actor,
        timeline="appeal_decided",
    )
    _chat_notice(uow, dispute, "rejected", verdict.message, step.rule)
    _email(
        uow,
        dispute,
        uow.session.get(Seller, dispute.seller_id),
        "rejected",
        verdict.message,
        step.rule,
    )


# --- DISPUTE-5 decision sweep ----------------------------------------------------------------


@dataclass
class _Batch:
    """What the appeals of one sweep batch share, loaded with one query per table."""

    disputes: dict[int, Dispute]
    orders: dict[int, Order]
    refunds: dict[int, list[Refund]]
    carriers: dict[int, str]
    sellers: dict[int, Seller]
    health: dict[int, float | None]


def _load(session: Session, appeals: list[Appeal]) -> _Batch:
    disputes = {
        d.id: d
        for d in session.execute(
            select(Dispute).where(Dispute.id.in_([a.dispute_id for a in appeals]))
        ).scalars()
    }
    order_ids = [d.order_id for d in disputes.values()]
    orders = {
        o.id: o for o in session.execute(select(Order).where(Order.id.in_(order_ids))).scalars()
    }
    carriers: dict[int, str] = {
        order_id: carrier
        for order_id, carrier in session.execute(
            select(TrackingWatch.order_id, TrackingWatch.carrier).where(
                TrackingWatch.order_id.in_(order_ids)
            )
        ).all()
    }
    seller_ids = sorted({d.seller_id for d in disputes.values()})
    sellers = {
        s.id: s for s in session.execute(select(Seller).where(Seller.id.in_(seller_ids))).scalars()
    }
    health = {sid: health_score(session, sid) for sid in seller_ids}
    return _Batch(disputes, orders, _refunds(session, list(disputes)), carriers, sellers, health)


RATE_CHUNK = 100  # pairs per statement (SQLite allows 500 selects in a compound)
_RATE_BRANCH = (
    "SELECT {i} AS k, "
    "(SELECT count(DISTINCT order_id) FROM refunds WHERE seller_id = :s{i} "
    "AND created_at >= :f{i} AND created_at < :a{i}) AS refunded, "
    "(SELECT count(*) FROM orders WHERE seller_id = :s{i} "
    "AND shipped_at >= :f{i} AND shipped_at < :a{i}) AS shipped"
)


def _rate_statement(size: int) -> TextClause:
    """One UNION ALL branch per (seller, time) pair; times bound as UTCDateTime so SQLite and
    PostgreSQL compare them as stored."""
    sql = " UNION ALL ".join(_RATE_BRANCH.format(i=i) for i in range(size))
    times = [bindparam(f"{p}{i}", type_=UTCDateTime()) for i in range(size) for p in "fa"]
    return text(sql).bindparams(*times)


def _refund_rates(
    session: Session, pairs: set[tuple[int, datetime]], rt: Runtime
) -> dict[tuple[int, datetime], tuple[float | None, str]]:
    """DISPUTE-7: postings refunded / postings shipped by each seller over the policy window
    before each decision time; one statement per RATE_CHUNK (seller, time) pairs."""
    window = rt.policy.dispute.refund_rate_window
    minimum = rt.policy.cancel.min_orders_for_rate
    keyed = sorted(pairs)
    found: dict[tuple[int, datetime], tuple[float | None, str]] = {}
    for start in range(0, len(keyed), RATE_CHUNK):
        chunk = keyed[start : start + RATE_CHUNK]
        params: dict[str, Any] = {}
        for i, (seller_id, at) in enumerate(chunk):
            params.update({f"s{i}": seller_id, f"f{i}": at - window, f"a{i}": at})
        for index, refunded, shipped in session.execute(_rate_statement(len(chunk)), params):
            basis = f"{refunded} of {shipped} shipped postings in {window.days} days"
            if shipped < minimum:
                found[chunk[index]] = (None, f"{basis}, fewer than {minimum}")
            else:
                found[chunk[index]] = (refunded / shipped, basis)
    return found


@dataclass
class _Decided:
    appeal: Appeal
    dispute: Dispute
    refunds: list[Refund]
    decision: scoring.Decision
    fine: Decimal
    says: str


def decide_appeals(rt: Runtime, uow: UnitOfWork, appeals: list[Appeal]) -> list[str]:
    """DISPUTE-5: decide each due appeal by rules and scoring, as of its deadline.

    Everything is read first; chat notices are posted next (they read and flush on their own);
    our writes come last, with no query between them, so they reach the database together."""
    batch = _load(uow.session, appeals)
    rates = _refund_rates(
        uow.session,
        {(batch.disputes[a.dispute_id].seller_id, a.decide_by) for a in appeals},
        rt,
    )
    decided = []
    for appeal in appeals:
        dispute = batch.disputes[appeal.dispute_id]
        order = batch.orders[dispute.order_id]
        refunds = batch.refunds[dispute.id]
        rate, basis = rates[(dispute.seller_id, appeal.decide_by)]
        carrier = batch.carriers.get(order.id)
        facts = scoring.ScoringFacts(
            dispute_type=dispute.type,
            checks=tuple(
                scoring.Check(f["rule"], f["check"], f.get("slot"), bool(f["ok"]), f.get("sku"))
                for f in appeal.findings
            ),
            required_slots=rules.required_slots(appeal.grounds),
            skus=tuple(dispute.skus),
            categories=tuple(sorted({r.category for r in refunds})),
            for_buyer_by_default=dispute.for_buyer_by_default,
            refund_rate=rate,
            refund_rate_basis=basis,
            health=batch.health.get(dispute.seller_id),
            carrier=carrier_key(carrier) if carrier else None,
            shipped_on_time=None
            if order.shipped_at is None or order.original_ship_by is None
            else order.shipped_at < order.original_ship_by,
        )
        decision = scoring.decide(facts, rt.policy)
        fine = scoring.loss_fine(decision, rt.policy)
        says = scoring.summary(decision)
        if decision.kept_skus and decision.outcome == "won":
            says += f"; SKU(s) {', '.join(decision.kept_skus)} not covered: their refund stays"
        if fine:
            says += f"; fine {fine} {dispute.currency} (DISPUTE-8)"
        decided.append(_Decided(appeal, dispute, refunds, decision, fine, says))
    for item in decided:
        _chat_notice(uow, item.dispute, item.decision.outcome, item.says, item.decision.rule)
    for item in decided:
        _settle(uow, item, batch.sellers.get(item.dispute.seller_id))
    return [f"dispute {i.dispute.id} decided: {i.decision.outcome}, DISPUTE-5" for i in decided]


def _settle(uow: UnitOfWork, item: _Decided, seller: Seller | None) -> None:
    """DISPUTE-8: won returns the covered SKUs' refunds to the seller; lost keeps the refund
    with the seller and fines where the policy says."""
    appeal, dispute, decision, fine = item.appeal, item.dispute, item.decision, item.fine
    at = appeal.decide_by
    step = rules.transition(decision.outcome, dispute.status)
    returned = Decimal("0.00")
    for refund in item.refunds:
        refund.outcome = "returned" if refund.sku in decision.returned_skus else "kept"
        if refund.outcome == "returned":
            returned += refund.amount
            uow.session.add(
                LedgerEntry(
                    seller_id=dispute.seller_id,
                    order_id=dispute.order_id,
                    kind="refund_reversal",
                    amount=refund.amount,
                    currency=dispute.currency,
                    rule="DISPUTE-8",
                    memo=f"appeal won: refund of {refund.sku} returned, dispute {dispute.id}",
                    at=at,
                )
            )
    if fine:
        uow.session.add(
            LedgerEntry(
                seller_id=dispute.seller_id,
                order_id=dispute.order_id,
                kind="fine",
                amount=-fine,
                currency=dispute.currency,
                rule="DISPUTE-8",
                memo=f"appeal lost with refund rate above the category average, dispute {dispute.id}",
                at=at,
            )
        )
    appeal.status, appeal.decided_at = decision.outcome, at
    appeal.decision = {
        **decision.as_dict(),
        "reviewed": True,
        "says": item.says,
        "returned": str(returned),
        "fine": str(fine),
    }
    dispute.status, dispute.decided_at = step.target, at
    dispute.returned_amount, dispute.fine_amount = returned, fine
    dispute.outcome_rule, dispute.outcome_note = decision.rule, item.says
    _event(
        uow,
        dispute,
        "dispute.decided",
        "DISPUTE-5",
        at,
        {
            "appeal_id": appeal.id,
            "outcome": decision.outcome,
            "reviewed": True,
            "score": decision.score,
            "threshold": decision.threshold,
            "factors": [f.as_dict() for f in decision.factors],
            "gates": list(decision.gates),
            "returned": str(returned),
            "fine": str(fine),
            "says": item.says,
        },
        timeline="appeal_decided",
    )
    _email(uow, dispute, seller, decision.outcome, item.says, decision.rule)


# --- DISPUTE-1 window ------------------------------------------------------------------------


def close_windows(rt: Runtime, uow: UnitOfWork, disputes: list[Dispute]) -> list[str]:
    """DISPUTE-1: no appeal by the end of the window -> closed; the seller bears the refund."""
    refunds = _refunds(uow.session, [d.id for d in disputes])
    messages = []
    for dispute in disputes:
        step = rules.transition("close_window", dispute.status)
        at = dispute.appeal_until
        assert at is not None
        dispute.status, dispute.decided_at, dispute.outcome_rule = step.target, at, step.rule
        dispute.outcome_note = (
            f"No appeal by {moscow_text(at, rt.policy.business_calendar())}: the appeal window "
            "closed and the refund stands (DISPUTE-1)."
        )
        for refund in refunds[dispute.id]:
            refund.outcome = "kept"
        _event(
            uow,
            dispute,
            "dispute.closed",
            step.rule,
            at,
            {"says": dispute.outcome_note},
            timeline="appeal_window_closed",
        )
        messages.append(f"dispute {dispute.id} closed: appeal window ended, DISPUTE-1")
    return messages


# --- notices ---------------------------------------------------------------------------------


def _texts(dispute: Dispute, outcome: str, says: str, rule: str) -> dict[str, str]:
    won = outcome == "won"
    return {
        "en": f"Appeal on dispute {dispute.id} (posting {dispute.posting_number}) "
        f"{'won' if won else 'rejected'} ({rule}): {says}",
        "ru": f"Апелляция по спору {dispute.id} (отправление {dispute.posting_number}) "
        f"{'удовлетворена' if won else 'отклонена'} ({rule}): {says}",
    }


def _chat_notice(uow: UnitOfWork, dispute: Dispute, outcome: str, says: str, rule: str) -> None:
    """DISPUTE-5: the result reaches the seller in chat (the seller's platform inbox)."""
    post_system_notice(
        uow,
        seller_id=dispute.seller_id,
        buyer_id=None,
        order_id=dispute.order_id,
        kind="dispute_outcome",
        texts=_texts(dispute, outcome, says, rule),
    )


def _email(
    uow: UnitOfWork, dispute: Dispute, seller: Seller | None, outcome: str, says: str, rule: str
) -> None:
    """DISPUTE-5: ... and by e-mail, in the seller's language."""
    if seller is None:
        return
    texts = _texts(dispute, outcome, says, rule)
    uow.outbox(
        "email",
        {
            "to": seller.email,
            "subject": f"Appeal {'won' if outcome == 'won' else 'rejected'}: dispute "
            f"{dispute.id}, posting {dispute.posting_number} ({rule})",
            "body": texts.get(seller.language, texts["en"]) + "\n",
        },
        seller_id=dispute.seller_id,
    )
