"""Policy sections for SUPPORT, PAYOUT and REVIEW (support desk, withdrawals, review appeals)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from pydantic import model_validator

from sellerdesk.policy.base import Section
from sellerdesk.policy.types import Duration, Money, Rate, rule

# Every field a ticket form may carry (SUPPORT-3, SUPPORT-7); categories pick what they require.
TICKET_FIELDS = (
    "order_number",
    "sku",
    "screenshots",
    "error_code",
    "carrier",
    "tracking_number",
    "commercial_invoice",
    "packing_list",
)


class TicketCategory(Section):
    required: tuple[str, ...] = rule("SUPPORT-3", (), "Fields a ticket of this category must give")
    title_fields: tuple[str, ...] = rule(
        "SUPPORT-7", (), "Fields that must also appear in the title (carrier, tracking number)"
    )
    cross_border_documents: tuple[str, ...] = rule(
        "SUPPORT-7", (), "Attachments a cross-border problem of this category needs"
    )

    @model_validator(mode="after")
    def _known_fields(self) -> TicketCategory:
        for name in (*self.required, *self.title_fields, *self.cross_border_documents):
            if name not in TICKET_FIELDS:
                raise ValueError(f"unknown ticket field {name!r}; use {', '.join(TICKET_FIELDS)}")
        return self


class TicketCategories(Section):
    """One entry per title prefix of SUPPORT-3: [LOGISTIC], [PAYMENT], [LISTING], [ACCOUNT]."""

    logistic: TicketCategory = TicketCategory(
        required=("order_number", "sku", "screenshots", "carrier", "tracking_number"),
        title_fields=("carrier", "tracking_number"),
        cross_border_documents=("commercial_invoice", "packing_list"),
    )
    payment: TicketCategory = TicketCategory(required=("order_number", "sku", "screenshots"))
    listing: TicketCategory = TicketCategory(required=("sku", "screenshots"))
    account: TicketCategory = TicketCategory(required=("screenshots",))

    def get(self, prefix: str) -> TicketCategory | None:
        """The category of a title prefix such as "LOGISTIC", or None."""
        found = getattr(self, prefix.lower(), None) if prefix.isalpha() else None
        return found if isinstance(found, TicketCategory) else None

    def prefixes(self) -> tuple[str, ...]:
        return tuple(name.upper() for name in type(self).model_fields)


class SupportPolicy(Section):
    tiers: tuple[str, ...] = rule(
        "SUPPORT-1",
        ("knowledge_base", "live_chat", "tickets", "account_manager"),
        "Support tiers, in the order a seller climbs them",
    )
    kyc_items: tuple[str, ...] = rule(
        "SUPPORT-2",
        ("business_licence", "legal_representative_id", "bank_account_proof", "inn"),
        "KYC items that must be verified before live chat is shown",
    )
    recent_order_window: Duration = rule(
        "SUPPORT-2", timedelta(days=7), "Live chat needs a valid order paid within this window"
    )
    categories: TicketCategories = rule(
        "SUPPORT-3", TicketCategories(), "Ticket categories (title prefix) and what each must give"
    )
    ack_within: Duration = rule(
        "SUPPORT-5", timedelta(hours=24), "Acknowledge a ticket within (calendar time, K-2)"
    )
    resolve_within_business_hours: float = rule(
        "SUPPORT-5",
        48.0,
        "Resolve within this many business hours (K-3), paused while waiting",
        gt=0,
    )
    due_soon_within: Duration = rule(
        "SUPPORT-5",
        timedelta(hours=4),
        "Staff queue shows 'due soon' with less time than this left",
    )
    follow_ups_max: int = rule(
        "SUPPORT-6", 1, "Follow-ups (escalations) a seller may send past the deadline", ge=0
    )
    emergency_resolve_within: Duration = rule(
        "SUPPORT-9", timedelta(hours=2), "Deadline of tickets linked to a declared incident"
    )
    incident_kinds: tuple[str, ...] = rule(
        "SUPPORT-9",
        ("platform_outage", "mass_returns", "customs_backlog"),
        "What staff may declare an incident for",
    )
    vip_annual_sales: Money = rule(
        "SUPPORT-8", Decimal("500000"), "Annual sales for the VIP line, in vip_currency"
    )
    vip_currency: str = rule("K-18", "USD", "Currency of the VIP sales threshold")
    vip_exchange_rate: Money = rule(
        "K-18", Decimal("90"), "Units of the policy currency per unit of vip_currency"
    )
    vip_fulfilment: Rate = rule("SUPPORT-8", 0.95, "Monthly fulfilment rate at or above this")
    vip_months: int = rule("SUPPORT-8", 3, "Consecutive calendar months of that fulfilment", ge=1)
    languages: tuple[str, ...] = rule("SUPPORT-10", ("ru", "en"), "Languages support answers in")
    foreign_script_share: Rate = rule(
        "SUPPORT-10", 0.3, "A ticket whose letters are more than this share non-ru/en is returned"
    )


class PayoutPolicy(Section):
    per_day: int = rule("PAYOUT-1", 3, "Withdrawals per Moscow calendar day (K-19)", ge=1)
    account_change_cooldown: Duration = rule(
        "PAYOUT-1", timedelta(hours=72), "No withdrawal this long after a payout-account change"
    )
    refund_rate_block: Rate = rule(
        "PAYOUT-1", 0.15, "Blocked when refunded / delivered orders over the window exceeds this"
    )
    refund_rate_window: Duration = rule(
        "K-19", timedelta(days=7), "Window of the recent refund rate"
    )
    minimum_withdrawal: Money = rule("PAYOUT-1", Decimal("1.00"), "Smallest withdrawal")
    review_within: Duration = rule(
        "PAYOUT-2", timedelta(hours=72), "The risk team decides a review within (calendar time)"
    )
    statement_months: int = rule(
        "PAYOUT-2", 3, "Months of bank statements a review needs (the full months before filing)"
    )
    review_max_files: int = rule(
        "PAYOUT-2", 5, "Files per review (statements and letter), checked as evidence", ge=2
    )


class ReviewPolicy(Section):
    ratings: tuple[int, int] = rule("REVIEW-1", (1, 5), "Lowest and highest rating")
    negative_max_rating: int = rule("K-17", 3, "A review at or below this rating is negative")
    appeal_decide_min_days: int = rule(
        "REVIEW-1", 3, "Earliest expected decision on an appeal, business days", ge=0
    )
    appeal_decide_within_days: int = rule(
        "REVIEW-1", 5, "Moderator decides an appeal by this business day", ge=1
    )
    appeal_max_files: int = rule("REVIEW-1", 5, "Evidence files per appeal", ge=1)

    @model_validator(mode="after")
    def _window(self) -> ReviewPolicy:
        if self.appeal_decide_min_days > self.appeal_decide_within_days:
            raise ValueError("appeal_decide_min_days is above appeal_decide_within_days")
        low, high = self.ratings
        if not 1 <= low <= self.negative_max_rating < high:
            raise ValueError("negative_max_rating must lie inside ratings and below the highest")
        return self
