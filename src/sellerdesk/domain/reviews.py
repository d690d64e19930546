"""Reviews and review appeals (REVIEW-1, K-17).

A buyer reviews a delivered order once (rating 1–5). A seller may appeal a negative review (K-17:
rating 1–3) with evidence; a moderator decides within 3–5 business days (K-2: business calendar).
The seller may not contact the buyer about a review: appeals go to the platform, never to the buyer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sellerdesk.clock import BusinessCalendar
from sellerdesk.errors import InvalidInput, RuleViolation
from sellerdesk.policy import Policy

APPEAL_DECISIONS = {"uphold": "upheld", "reject": "rejected"}


def check_review(order_status: str, rating: int, already_reviewed: bool, policy: Policy) -> None:
    """REVIEW-1: one review per delivered order, rating within the policy's scale."""
    low, high = policy.review.ratings
    if not low <= rating <= high:
        raise InvalidInput(f"a rating is a whole number from {low} to {high}", rule="REVIEW-1")
    if order_status != "delivered":
        raise RuleViolation(
            f"only a delivered order can be reviewed; this one is {order_status}",
            rule="REVIEW-1",
            facts={"status": order_status},
        )
    if already_reviewed:
        raise RuleViolation("this order already has a review", rule="REVIEW-1")


def is_negative(rating: int, policy: Policy) -> bool:
    """K-17: a negative review has a rating from 1 to `negative_max_rating` (3)."""
    return rating <= policy.review.negative_max_rating


@dataclass(frozen=True)
class AppealWindow:
    expected_from: datetime
    decide_by: datetime


def open_appeal(
    rating: int,
    review_status: str,
    already_appealed: bool,
    reason: str,
    evidence_count: int,
    now: datetime,
    policy: Policy,
    cal: BusinessCalendar,
) -> AppealWindow:
    """REVIEW-1: one appeal per negative published review, with a reason and evidence; decided
    between the 3rd and the 5th business day (end of day, Moscow)."""
    if not is_negative(rating, policy):
        raise RuleViolation(
            f"only negative reviews (rating {policy.review.ratings[0]}–"
            f"{policy.review.negative_max_rating}) can be appealed; this one is {rating}",
            rule="K-17",
            facts={"rating": rating, "negative_max_rating": policy.review.negative_max_rating},
        )
    if review_status != "published":
        raise RuleViolation(f"the review is {review_status}", rule="REVIEW-1")
    if already_appealed:
        raise RuleViolation(
            "this review was already appealed; an appeal is decided once",
            rule="REVIEW-1",
        )
    if not reason.strip():
        raise InvalidInput("say why the review breaks the rules", rule="REVIEW-1")
    if evidence_count < 1:
        raise InvalidInput(
            "attach evidence (JPG, PNG or PDF) that supports the appeal",
            rule="REVIEW-1",
            next_step="Attach order photos, tracking pages or chat excerpts.",
        )
    review = policy.review
    return AppealWindow(
        cal.add_business_days(now, review.appeal_decide_min_days),
        cal.add_business_days(now, review.appeal_decide_within_days),
    )


def decide(status: str, decision: str) -> str:
    """A moderator upholds (the review is removed) or rejects (it stays) a pending appeal."""
    if decision not in APPEAL_DECISIONS:
        raise InvalidInput("the decision is uphold or reject")
    if status != "pending":
        raise RuleViolation(
            f"the appeal is already {status}; the decision is final", rule="REVIEW-1"
        )
    return APPEAL_DECISIONS[decision]
