"""Withdrawals and risk holds (PAYOUT-1, PAYOUT-2, K-19).

A withdrawal is blocked by any of three holds, each explained with its projected release: the
daily count (per Moscow calendar day), a recent payout-account change, or a recent refund rate above
the limit. An approved risk review lifts the holds it covered until their projected release.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sellerdesk.errors import Conflict, InvalidInput, RuleViolation
from sellerdesk.policy import Policy

REASONS = ("daily_limit", "account_change", "refund_rate")


@dataclass(frozen=True)
class PayoutFacts:
    balance: Decimal
    currency: str
    has_account: bool
    withdrawals_today: int
    day_ends_at: datetime  # Moscow midnight ending today (K-19)
    account_changed_at: datetime | None  # the latest change of payout account, not the first one
    refunded: tuple[datetime, ...]  # one time per refunded order, within the refund window
    delivered: tuple[datetime, ...]  # delivered_at of orders delivered within the window
    lifted: dict[str, datetime] = field(default_factory=dict)  # reason -> lifted until


@dataclass(frozen=True)
class Hold:
    reason: str
    rule: str
    message: str
    release_at: datetime | None  # projected, assuming nothing new happens
    lifted_until: datetime | None = None
    facts: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "reason": self.reason,
            "rule": self.rule,
            "message": self.message,
            "release_at": self.release_at.isoformat() if self.release_at else None,
            "lifted_until": self.lifted_until.isoformat() if self.lifted_until else None,
            **self.facts,
        }


def refund_rate(
    refunded: tuple[datetime, ...], delivered: tuple[datetime, ...], at: datetime, window: timedelta
) -> tuple[int, int]:
    """K-19: (refunded, delivered) orders in the window ending at `at` (K-1: t is inside while
    at < t + window)."""
    start = at - window
    return (
        sum(1 for t in refunded if start < t <= at),
        sum(1 for t in delivered if start < t <= at),
    )


def _rate_blocks(refunds: int, deliveries: int, policy: Policy) -> bool:
    # K-13: not judged below the minimum sample; "exceeds" is strictly greater.
    if deliveries < policy.cancel.min_orders_for_rate:
        return False
    return refunds / deliveries > policy.payout.refund_rate_block


def _rate_release(facts: PayoutFacts, now: datetime, policy: Policy) -> datetime | None:
    """The first moment the rate stops blocking if nothing new happens: each refund or delivery
    leaves the window `window` after it happened, so only those moments can change the verdict."""
    window = policy.payout.refund_rate_window
    moments = sorted({t + window for t in (*facts.refunded, *facts.delivered) if t + window > now})
    for moment in moments:
        if not _rate_blocks(*refund_rate(facts.refunded, facts.delivered, moment, window), policy):
            return moment
    return None


def holds(facts: PayoutFacts, now: datetime, policy: Policy) -> list[Hold]:
    """PAYOUT-1: every hold that applies now, each with its reason and projected release."""
    payout = policy.payout
    found: list[Hold] = []
    if facts.withdrawals_today >= payout.per_day:
        found.append(
            Hold(
                "daily_limit",
                "PAYOUT-1",
                f"{facts.withdrawals_today} withdrawals already made today; at most "
                f"{payout.per_day} per day (Moscow time)",
                facts.day_ends_at,
                facts={"withdrawals_today": facts.withdrawals_today, "per_day": payout.per_day},
            )
        )
    if facts.account_changed_at is not None:
        free_at = facts.account_changed_at + payout.account_change_cooldown
        if now < free_at:
            hours = int(payout.account_change_cooldown.total_seconds() // 3600)
            found.append(
                Hold(
                    "account_change",
                    "PAYOUT-1",
                    f"the payout account was changed at {facts.account_changed_at.isoformat()}; "
                    f"withdrawals resume {hours}h after a change",
                    free_at,
                    facts={"account_changed_at": facts.account_changed_at.isoformat()},
                )
            )
    refunds, deliveries = refund_rate(
        facts.refunded, facts.delivered, now, payout.refund_rate_window
    )
    if _rate_blocks(refunds, deliveries, policy):
        days = payout.refund_rate_window // timedelta(days=1)
        found.append(
            Hold(
                "refund_rate",
                "PAYOUT-1",
                f"recent refund rate {refunds / deliveries:.1%} ({refunds} refunded / "
                f"{deliveries} delivered orders in {days} days) is above "
                f"{payout.refund_rate_block:.0%}",
                _rate_release(facts, now, policy),
                facts={
                    "refunded": refunds,
                    "delivered": deliveries,
                    "refund_rate": round(refunds / deliveries, 4),
                    "limit": payout.refund_rate_block,
                },
            )
        )
    return [_with_lift(hold, facts, now) for hold in found]


def _with_lift(hold: Hold, facts: PayoutFacts, now: datetime) -> Hold:
    until = facts.lifted.get(hold.reason)
    if until is not None and now < until:
        return Hold(hold.reason, hold.rule, hold.message, hold.release_at, until, hold.facts)
    return hold


def blocking(found: list[Hold]) -> list[Hold]:
    return [hold for hold in found if hold.lifted_until is None]


def check_withdrawal(amount: Decimal, facts: PayoutFacts, now: datetime, policy: Policy) -> None:
    """PAYOUT-1 and the balance: refuse with every reason at once, or return to pay out."""
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput("the amount is a positive sum with at most 2 decimals")
    if amount < policy.payout.minimum_withdrawal:
        raise InvalidInput(
            f"the smallest withdrawal is {policy.payout.minimum_withdrawal} {facts.currency}",
            rule="PAYOUT-1",
        )
    if not facts.has_account:
        raise RuleViolation(
            "there is no payout account to send the money to",
            rule="PAYOUT-1",
            next_step="Add a payout account first (POST /api/v1/payouts/account).",
        )
    active = blocking(holds(facts, now, policy))
    if active:
        releases = [h.release_at for h in active if h.release_at is not None]
        raise RuleViolation(
            "withdrawal blocked: " + "; ".join(h.message for h in active),
            rule="PAYOUT-1",
            next_step="Wait until " + max(releases).isoformat()
            if len(releases) == len(active)
            else "Support cannot lift this block. File a review with "
            f"{policy.payout.statement_months} months of bank statements and an explanation "
            "letter (POST /api/v1/payouts/reviews); the risk team decides within "
            f"{int(policy.payout.review_within.total_seconds() // 3600)}h.",
            facts={"holds": [h.as_dict() for h in active]},
        )
    if amount > facts.balance:
        raise Conflict(
            f"the amount {amount} is more than the available balance {facts.balance}",
            facts={"available": str(facts.balance), "requested": str(amount)},
        )


def statement_months(today: date, count: int) -> list[str]:
    """PAYOUT-2: the `count` full calendar months before `today`'s month, oldest first."""
    year, month = today.year, today.month
    found: list[str] = []
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        found.append(f"{year:04d}-{month:02d}")
    return list(reversed(found))


def check_review(
    months_given: list[str], today: date, current: list[Hold], policy: Policy
) -> list[str]:
    """PAYOUT-2: a review needs a hold to review and a statement for each required month; returns
    the required months."""
    if not blocking(current):
        raise RuleViolation(
            "there is no withdrawal hold to review",
            rule="PAYOUT-2",
            next_step="Withdraw as usual; a review is only for blocked withdrawals.",
        )
    required = statement_months(today, policy.payout.statement_months)
    missing = [m for m in required if m not in months_given]
    if missing:
        raise RuleViolation(
            f"bank statements are missing for {', '.join(missing)}",
            rule="PAYOUT-2",
            next_step=f"Attach a bank statement for each of {', '.join(required)} and the "
            "explanation letter.",
            facts={"required_months": required, "missing_months": missing},
        )
    return required


def lift(current: list[Hold]) -> tuple[list[str], datetime | None]:
    """An approved review lifts the holds blocking now, until their projected release."""
    active = blocking(current)
    releases = [h.release_at for h in active if h.release_at is not None]
    return [h.reason for h in active], (max(releases) if releases else None)
