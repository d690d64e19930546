"""Reviews and review appeals (REVIEW-1, K-17).

The buyer reviews a delivered order; the seller sees the review without the buyer's identity
(CHAT-1) and can only appeal it to the platform — there is no way from here to reach the buyer,
and the chat guard blocks review talk in seller messages (GUARD-3, GUARD-5).
"""

from __future__ import annotations

from sqlalchemy import select

from sellerdesk.access import Actor, order_for, own_or_queue
from sellerdesk.domain import reviews as rules
from sellerdesk.errors import InvalidInput, NotFound
from sellerdesk.runtime import Runtime
from sellerdesk.services.support_files import owned_files, recheck
from sellerdesk.store.tables import Seller
from sellerdesk.store.tables.reviews import Review, ReviewAppeal
from sellerdesk.store.uow import UnitOfWork

MODERATION = ("moderator",)


def review_for(uow: UnitOfWork, actor: Actor, review_id: int, lock: bool = False) -> Review:
    query = select(Review).where(Review.id == review_id)
    if actor.kind == "seller":
        query = query.where(Review.seller_id == actor.id)
    elif actor.kind == "buyer":
        query = query.where(Review.buyer_id == actor.id)
    elif not actor.is_staff and actor.kind != "system":
        query = query.where(False)
    if lock:
        query = query.with_for_update()
    found = uow.session.execute(query).scalar()
    if found is None:
        raise NotFound(f"review {review_id} not found")
    return found


def _record(uow: UnitOfWork, subject: str, ident: int, action: str, actor: str, seller_id: int,
            **payload: object) -> None:  # fmt: skip
    uow.record(subject_type=subject, subject_id=ident, action=action, actor=actor,
               rule="REVIEW-1", seller_id=seller_id, payload=dict(payload))  # fmt: skip


def write_review(
    rt: Runtime, actor: Actor, posting_number: str, *, rating: int, text: str
) -> Review:
    """REVIEW-1: the buyer reviews a delivered order once, rating 1–5."""
    actor.require("buyer")
    with rt.uow() as uow:
        order = order_for(uow.session, actor, posting_number, lock=True)
        existing = uow.session.execute(select(Review.id).where(Review.order_id == order.id)).first()
        rules.check_review(order.status, rating, existing is not None, rt.policy)
        row = Review(
            order_id=order.id,
            seller_id=order.seller_id,
            buyer_id=order.buyer_id,
            rating=rating,
            text=text.strip()[:5000],
            status="published",
            created_at=uow.now,
        )
        uow.session.add(row)
        uow.session.flush()
        _record(uow, "review", row.id, "review_written", actor.label, order.seller_id,
                rating=rating, negative=rules.is_negative(rating, rt.policy))  # fmt: skip
        uow.commit()
        return row


def list_reviews(rt: Runtime, actor: Actor, *, negative: bool | None = None) -> list[Review]:
    """The seller's reviews (or the buyer's own); staff see all."""
    query = select(Review)
    if actor.kind == "seller":
        query = query.where(Review.seller_id == actor.id)
    elif actor.kind == "buyer":
        query = query.where(Review.buyer_id == actor.id)
    elif not actor.is_staff:
        raise NotFound("not found")
    if negative is not None:
        bound = rt.policy.review.negative_max_rating
        query = query.where(Review.rating <= bound if negative else Review.rating > bound)
    with rt.reader() as uow:
        return list(uow.session.execute(query.order_by(Review.id.desc()).limit(200)).scalars())


def appeal(
    rt: Runtime, actor: Actor, review_id: int, *, reason: str, evidence: list[int]
) -> ReviewAppeal:
    """REVIEW-1: the seller appeals a negative review (K-17) with evidence files; a moderator
    decides by the 5th business day."""
    actor.require("seller")
    with rt.uow() as uow:
        review = review_for(uow, actor, review_id, lock=True)
        existing = uow.session.execute(
            select(ReviewAppeal.id).where(ReviewAppeal.review_id == review.id)
        ).first()
        if len(set(evidence)) != len(evidence):
            raise InvalidInput("each evidence file once")
        window = rules.open_appeal(
            review.rating,
            review.status,
            existing is not None,
            reason,
            len(evidence),
            uow.now,
            rt.policy,
            rt.policy.business_calendar(),
        )
        files = owned_files(uow.session, actor, evidence)
        recheck(rt, [files[i] for i in evidence], rt.policy.review.appeal_max_files)
        row = ReviewAppeal(
            review_id=review.id,
            seller_id=review.seller_id,
            reason=reason.strip(),
            evidence=list(evidence),
            status="pending",
            created_at=uow.now,
            expected_from=window.expected_from,
            decide_by=window.decide_by,
        )
        uow.session.add(row)
        uow.session.flush()
        _record(uow, "review_appeal", row.id, "appeal_filed", actor.label, review.seller_id,
                review_id=review.id, decide_by=row.decide_by.isoformat())  # fmt: skip
        uow.commit()
        return row


def appeal_for(uow: UnitOfWork, actor: Actor, appeal_id: int, lock: bool = False) -> ReviewAppeal:
    query = select(ReviewAppeal).where(ReviewAppeal.id == appeal_id)
    if actor.kind == "seller":
        query = query.where(ReviewAppeal.seller_id == actor.id)
    elif not actor.is_staff:
        query = query.where(False)
    if lock:
        query = query.with_for_update()
    found = uow.session.execute(query).scalar()
    if found is None:
        raise NotFound(f"review appeal {appeal_id} not found")
    return found


def decide_appeal(
    rt: Runtime, actor: Actor, appeal_id: int, *, decision: str, note: str | None = None
) -> ReviewAppeal:
    """A moderator upholds the appeal (the review is removed) or rejects it; final either way."""
    actor.require_staff(*MODERATION)
    with rt.uow() as uow:
        row = appeal_for(uow, actor, appeal_id, lock=True)
        row.status = rules.decide(row.status, decision)
        row.decided_at, row.decided_by, row.decision_note = uow.now, actor.label, note
        review = uow.session.get(Review, row.review_id, with_for_update=True)
        assert review is not None
        if row.status == "upheld":
            review.status, review.removed_at = "removed", uow.now
        _record(uow, "review_appeal", row.id, f"appeal_{row.status}", actor.label, row.seller_id,
                review_id=review.id, on_time=uow.now < row.decide_by)  # fmt: skip
        seller = uow.session.get(Seller, row.seller_id)
        if seller is not None:
            uow.outbox(
                "email",
                {
                    "to": seller.email,
                    "subject": f"Review appeal {row.id}: {row.status}",
                    "body": f"Your appeal against review {review.id} was {row.status}."
                    + (f"\n{note}" if note else "")
                    + "\nThe decision is final (REVIEW-1).",
                },
                seller_id=row.seller_id,
            )
        uow.commit()
        return row


def appeals(rt: Runtime, actor: Actor, *, status: str | None = None) -> list[ReviewAppeal]:
    """The seller's appeals, or the moderators' queue by deadline."""
    query = own_or_queue(ReviewAppeal, actor, status=status)
    with rt.reader() as uow:
        return list(uow.session.execute(query).scalars())


def mark_overdue(uow: UnitOfWork, row: ReviewAppeal) -> str:
    """Sweep: an appeal undecided by the 5th business day shows as overdue to moderators."""
    row.overdue_at = row.decide_by
    uow.record(subject_type="review_appeal", subject_id=row.id, action="appeal_overdue",
               actor="system", rule="REVIEW-1", seller_id=row.seller_id,
               payload={"decide_by": row.decide_by.isoformat()}, at=row.decide_by)  # fmt: skip
    return f"review appeal {row.id} of seller {row.seller_id} overdue, REVIEW-1"
