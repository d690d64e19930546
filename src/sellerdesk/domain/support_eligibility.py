"""Who may use which support tier: live chat (SUPPORT-2, with the INN checksum) and the VIP line
(SUPPORT-8, K-18). Each condition says whether it holds and, when it does not, how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from sellerdesk.domain.support_texts import say
from sellerdesk.policy import Policy

_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int:
    return sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_problem(inn: str) -> str | None:
    """Why an INN is not valid (None when it is): 10 digits for a company, 12 for an individual
    entrepreneur, each with its check digits (Russian Federal Tax Service algorithm)."""
    value = inn.strip()
    if not value.isdigit() or not value.isascii():
        return "an INN has digits only"
    digits = [int(c) for c in value]
    if len(digits) == 10:
        if _check_digit(digits, _INN10) != digits[9]:
            return "the check digit (10th) does not match; the INN has a typo"
        return None
    if len(digits) == 12:
        if _check_digit(digits, _INN11) != digits[10] or _check_digit(digits, _INN12) != digits[11]:
            return "the check digits (11th and 12th) do not match; the INN has a typo"
        return None
    return f"an INN has 10 digits (company) or 12 (individual entrepreneur), not {len(digits)}"


@dataclass(frozen=True)
class Condition:
    name: str
    ok: bool
    rule: str
    message: str
    how_to_fix: str | None


def live_chat_conditions(
    *,
    kyc: dict[str, str],
    store_status: str,
    recent_orders: int,
    policy: Policy,
    lang: str,
) -> list[Condition]:
    """SUPPORT-2: every KYC item verified, store active, a valid order within the window."""
    found: list[Condition] = []
    for item in policy.support.kyc_items:
        status = kyc.get(item, "missing")
        ok = status == "verified"
        found.append(
            Condition(
                f"kyc:{item}",
                ok,
                "SUPPORT-2",
                say(lang, f"kyc_{'ok' if ok else status}", item=say(lang, f"item_{item}")),
                None if ok else say(lang, f"fix_kyc_{item}"),
            )
        )
    active = store_status == "active"
    found.append(
        Condition(
            "store_active",
            active,
            "SUPPORT-2",
            say(lang, "store_ok" if active else "store_not_active", status=store_status),
            None if active else say(lang, "fix_store"),
        )
    )
    days = policy.support.recent_order_window // timedelta(days=1)
    has_order = recent_orders > 0
    found.append(
        Condition(
            "recent_order",
            has_order,
            "SUPPORT-2",
            say(lang, "orders_ok" if has_order else "orders_none", days=days, count=recent_orders),
            None if has_order else say(lang, "fix_orders", days=days),
        )
    )
    return found


@dataclass(frozen=True)
class MonthFulfilment:
    month: str  # YYYY-MM (platform zone)
    accepted: int
    delivered: int

    @property
    def rate(self) -> float | None:
        return self.delivered / self.accepted if self.accepted else None


@dataclass(frozen=True)
class VipEligibility:
    eligible: bool
    annual_sales: Decimal  # policy currency
    annual_sales_converted: Decimal  # vip_currency (K-18)
    by_sales: bool
    by_fulfilment: bool
    months: list[MonthFulfilment] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def vip_eligibility(
    annual_sales: Decimal, months: list[MonthFulfilment], policy: Policy
) -> VipEligibility:
    """SUPPORT-8 / K-18: sales converted with the policy's rate reach the threshold, or each of the
    last `vip_months` complete calendar months has fulfilment at or above target (K-13 sample)."""
    support = policy.support
    converted = (annual_sales / support.vip_exchange_rate).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    by_sales = converted >= support.vip_annual_sales
    minimum = policy.cancel.min_orders_for_rate
    reasons: list[str] = []
    if not by_sales:
        reasons.append(
            f"annual sales {converted} {support.vip_currency} are below "
            f"{support.vip_annual_sales} {support.vip_currency}"
        )
    counted = months[-support.vip_months :]
    by_fulfilment = len(counted) == support.vip_months
    for month in counted:
        rate = month.rate
        if month.accepted < minimum or rate is None:
            by_fulfilment = False
            reasons.append(
                f"{month.month}: {month.accepted} accepted orders, fewer than the {minimum} "
                "needed to judge a rate (K-13)"
            )
        elif rate < support.vip_fulfilment:
            by_fulfilment = False
            reasons.append(
                f"{month.month}: fulfilment {rate:.1%} below {support.vip_fulfilment:.0%}"
            )
    return VipEligibility(
        by_sales or by_fulfilment,
        annual_sales,
        converted,
        by_sales,
        by_fulfilment,
        counted,
        [] if (by_sales or by_fulfilment) else reasons,
    )
