"""The policy: every threshold, window and fee, with the rule ID that uses it (DESIGN principle 1).

Sections mirror RULEBOOK.md. Unknown keys are errors (`extra="forbid"`), so a typo in a policy
file stops the program instead of silently falling back to a default.
"""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from pydantic import Field, model_validator

from sellerdesk.clock import BusinessCalendar
from sellerdesk.policy.base import Section
from sellerdesk.policy.chat import ChatPolicy, GuardPolicy
from sellerdesk.policy.disputes import DisputePolicy, RefundPolicy
from sellerdesk.policy.standing import StandingPolicy
from sellerdesk.policy.support import PayoutPolicy, ReviewPolicy, SupportPolicy
from sellerdesk.policy.types import ClockTime, Duration, Money, Rate, rule


class CalendarPolicy(Section):
    timezone: str = rule("K-3", "Europe/Moscow", "Zone of business days and displayed times")
    country: str = rule("K-3", "RU", "Public-holiday calendar (holidays package country code)")
    business_day_start: ClockTime = rule("K-3", time(9, 0), "Start of business hours")
    business_day_end: ClockTime = rule("K-3", time(18, 0), "End of business hours")

    def calendar(self) -> BusinessCalendar:
        return BusinessCalendar(
            self.timezone, self.country, self.business_day_start, self.business_day_end
        )


class ShipWithin(Section):
    standard: Duration = rule("ORDER-1", timedelta(days=6), "Ship-by window, standard delivery")
    express: Duration = rule("ORDER-1", timedelta(days=2), "Ship-by window, express delivery")


class OrderPolicy(Section):
    ship_within: ShipWithin = ShipWithin()
    payment_window: Duration = rule("ORDER-2", timedelta(hours=48), "Unpaid orders cancel after")
    address_changes_max: int = rule("ORDER-3", 1, "Approved free address changes per order", ge=0)
    fulfilment_rate_target: Rate = rule("ORDER-4", 0.95, "Delivered / accepted below this demotes")


class CancelPolicy(Section):
    buyer_direct_states: tuple[str, ...] = rule(
        "CANCEL-1",
        ("unpaid", "awaiting_packaging"),
        "States where the buyer cancels directly (K-5)",
    )
    buyer_request_decide_within: Duration = rule(
        "CANCEL-2", timedelta(days=5), "Seller decides a buyer request within; then auto-rejected"
    )
    seller_request_review_min_days: int = rule(
        "CANCEL-3", 7, "Earliest expected decision, business days", ge=0
    )
    seller_request_review_max_days: int = rule(
        "CANCEL-3", 10, "Decision due by this business day; later shows overdue (K-6)", ge=1
    )
    seller_request_reasons: tuple[str, ...] = rule(
        "CANCEL-3",
        ("stock_out", "address_error", "price_error", "warehouse_problem"),
        "Reasons a seller may give",
    )
    late_shipment_fine: Money = rule("CANCEL-3", Decimal("500"), "Fine per late order (K-7)")
    late_shipment_fine_by_category: dict[str, Money] = rule(
        "CANCEL-3", {}, "Per-category late-shipment fine (K-7)"
    )
    auto_cancel_is_fined: bool = rule(
        "CANCEL-4", False, "Also fine orders auto-cancelled at ship-by"
    )
    seller_cancel_rate_max: Rate = rule("CANCEL-6", 0.03, "Monthly seller cancel rate limit")
    months_to_suspend: int = rule("CANCEL-6", 2, "Consecutive months above -> listings suspended")
    breaches_to_terminate: int = rule("CANCEL-6", 5, "Breaches in total -> deposit frozen")
    security_deposit: Money = rule("CANCEL-6", Decimal("50000"), "Deposit frozen on termination")
    late_shipment_rate_max: Rate = rule("CANCEL-7", 0.05, "Weekly late-shipment rate limit")
    late_shipment_weeks: int = rule("CANCEL-7", 3, "Consecutive weeks above -> watchlist")
    min_orders_for_rate: int = rule("K-13", 20, "Rates are not judged below this many orders")

    @model_validator(mode="after")
    def _review_range(self) -> CancelPolicy:
        if self.seller_request_review_min_days > self.seller_request_review_max_days:
            raise ValueError(
                "seller_request_review_min_days is above seller_request_review_max_days"
            )
        return self


class FeesPolicy(Section):
    commission_default: Rate = rule("CANCEL-5", 0.15, "Sales commission when a category has none")
    commission_by_category: dict[str, Rate] = rule(
        "CANCEL-5", {}, "Sales commission per category (5–20% on Ozon)"
    )
    storage_per_item_day: Money = rule(
        "CANCEL-5", Decimal("0.50"), "Storage fee per item and day held; kept on cancellation"
    )
    listing_per_item: Money = rule(
        "CANCEL-5", Decimal("0"), "Listing fee per item at acceptance; kept on cancellation"
    )

    def commission_rate(self, category: str) -> float:
        return self.commission_by_category.get(category, self.commission_default)


class SandboxPolicy(Section):
    max_advance: Duration = rule("SANDBOX", timedelta(days=400), "Largest single clock advance")


class Policy(Section):
    name: str = "custom"
    extends: str | None = Field(None, description="Preset this file starts from")
    currency: str = "RUB"
    calendar: CalendarPolicy = CalendarPolicy()
    order: OrderPolicy = OrderPolicy()
    cancel: CancelPolicy = CancelPolicy()
    fees: FeesPolicy = FeesPolicy()
    chat: ChatPolicy = ChatPolicy()
    guard: GuardPolicy = GuardPolicy()
    refund: RefundPolicy = RefundPolicy()
    dispute: DisputePolicy = DisputePolicy()
    standing: StandingPolicy = StandingPolicy()
    support: SupportPolicy = SupportPolicy()
    payout: PayoutPolicy = PayoutPolicy()
    review: ReviewPolicy = ReviewPolicy()
    sandbox: SandboxPolicy = SandboxPolicy()

    def business_calendar(self) -> BusinessCalendar:
        return self.calendar.calendar()
