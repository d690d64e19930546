"""Policy sections for CHAT and GUARD (chat, proactive templates, the guard's escalation).

Proactive categories are data: each names a condition the domain knows how to check
(`domain/chat_proactive.py`) and its limits, so another marketplace's rules (MARKET-1, MARKET-2)
are a preset, not code.
"""

from __future__ import annotations

from datetime import timedelta

from pydantic import model_validator

from sellerdesk.policy.base import Section
from sellerdesk.policy.types import Duration, Rate, rule

# Conditions a proactive category may name (CHAT-4, MARKET-1, MARKET-2); see domain/chat_proactive.
CONDITIONS = (
    "shipped",  # the posting was handed to the carrier
    "logistics_delay",  # a real logistics delay event exists on the posting
    "return_page",  # links only to the platform's official return page
    "unpaid",  # the order is unpaid (within `window` of its creation)
    "fulfilment_problem",  # unshipped, with a genuine reason (stock-out, address or price error)
    "no_buyer_message",  # the buyer has not written in this order's conversation yet
)


class ProactiveCategory(Section):
    """One permitted category of proactive (seller-initiated) template (CHAT-3, CHAT-4)."""

    enabled: bool = rule("CHAT-4", True, "This marketplace allows the category")
    condition: str = rule("CHAT-4", "shipped", "What must hold on the order to send it")
    window: Duration | None = rule(
        "CHAT-4",
        None,
        "Allowed only within this time of the condition's start (creation, shipment)",
    )
    max_per_order: int = rule(
        "CHAT-4", 0, "Messages of this category per order; 0 = no limit", ge=0
    )
    min_gap: Duration = rule("CHAT-4", timedelta(0), "Least time between two of them on one order")
    requires_tracking_number: bool = rule("CHAT-4", False, "Text must carry the tracking number")
    requires_posting_number: bool = rule("CHAT-4", False, "Text must carry the posting number")
    reasons: tuple[str, ...] = rule("CHAT-4", (), "Reasons the seller must give (one of)")
    requires_permission: str | None = rule(
        "MARKET-1", None, "A permission the seller must hold (granted by staff)"
    )

    @model_validator(mode="after")
    def _known_condition(self) -> ProactiveCategory:
        if self.condition not in CONDITIONS:
            raise ValueError(f"condition must be one of {', '.join(CONDITIONS)}")
        return self


class ProactiveCategories(Section):
    """The categories the product knows; a preset enables, disables and tunes them (CHAT-4)."""

    shipment_notice: ProactiveCategory = ProactiveCategory(
        condition="shipped", requires_tracking_number=True
    )
    delay_notice: ProactiveCategory = ProactiveCategory(condition="logistics_delay")
    return_guide: ProactiveCategory = ProactiveCategory(condition="return_page")
    unpaid_reminder: ProactiveCategory = ProactiveCategory(
        condition="unpaid", window=timedelta(hours=48)
    )
    fulfilment_problem: ProactiveCategory = ProactiveCategory(
        condition="fulfilment_problem",
        max_per_order=2,
        min_gap=timedelta(hours=24),
        reasons=("stock_out", "address_error", "price_error"),
    )
    # MARKET-1 (Wildberries): one care message within 72h after shipment, with the permission.
    care_message: ProactiveCategory = ProactiveCategory(
        enabled=False,
        condition="shipped",
        window=timedelta(hours=72),
        max_per_order=1,
        requires_permission="care",
    )
    # MARKET-2 (Yandex Market): an order confirmation summary before any buyer message.
    order_confirmation: ProactiveCategory = ProactiveCategory(
        enabled=False, condition="no_buyer_message", max_per_order=1, requires_posting_number=True
    )

    def named(self, name: str) -> ProactiveCategory | None:
        """The category called `name`, or None when the product has no such category."""
        found = getattr(self, name, None) if name in type(self).model_fields else None
        return found if isinstance(found, ProactiveCategory) else None

    def enabled_names(self) -> list[str]:
        return [n for n in type(self).model_fields if getattr(self, n).enabled]


class AttachmentPolicy(Section):
    formats: tuple[str, ...] = rule("CHAT-1", ("jpg", "png", "pdf"), "File types, by content")
    max_file_bytes: int = rule("CHAT-1", 5 * 1024 * 1024, "Largest file (K-15 units)", gt=0)
    max_per_message: int = rule("CHAT-1", 5, "Files on one message", gt=0)


class ChatPolicy(Section):
    reply_window: Duration = rule(
        "CHAT-2", timedelta(hours=48), "Seller free text allowed this long after the buyer wrote"
    )
    proactive: ProactiveCategories = ProactiveCategories()
    return_page_url: str = rule(
        "CHAT-4", "https://www.ozon.ru/my/returns", "The platform's official return page"
    )
    template_review_required: bool = rule("CHAT-5", True, "Proactive templates need review")
    template_review_expected: Duration = rule(
        "CHAT-5", timedelta(hours=72), "Expected review time shown to the seller"
    )
    first_response_deadline: Duration = rule(
        "CHAT-7", timedelta(hours=2), "First seller answer due after a buyer opens a conversation"
    )
    first_response_kinds: tuple[str, ...] = rule(
        "CHAT-7", ("order",), "Conversation kinds whose first answer is timed (order-related)"
    )
    response_rate_target: Rate = rule(
        "CHAT-7", 0.95, "Share of buyer-opened conversations answered in time"
    )
    vacation_max_length: Duration = rule(
        "CHAT-8", timedelta(days=60), "Longest vacation the seller may schedule"
    )
    broken_promise_commission_surcharge: Rate = rule(
        "CHAT-10", 0.15, "Share of that calendar month's commission charged (K-10)"
    )
    system_notice_languages: tuple[str, ...] = rule(
        "CHAT-11", ("ru", "en"), "Languages of platform notices to buyers"
    )
    review_invite_after: Duration = rule(
        "CHAT-12", timedelta(hours=48), "The platform invites a review this long after delivery"
    )
    faq_language: str = rule("CHAT-13", "ru", "Language of product FAQs")
    faq_max_items: int = rule("CHAT-13", 30, "Questions in one product FAQ", gt=0)
    max_message_chars: int = rule("CHAT-1", 4000, "Longest chat message, in characters", gt=0)
    attachments: AttachmentPolicy = AttachmentPolicy()


class GuardPolicy(Section):
    allowed_domains: tuple[str, ...] = rule(
        "GUARD-1", ("ozon.ru",), "Link hosts sellers may send (and their subdomains)"
    )
    cancel_pressure_rating_penalty: Rate = rule(
        "GUARD-4", 0.5, "Rating penalty noted on a cancel-pressure block (0.3–0.8)"
    )
    warnings_to_restrict: int = rule("GUARD-8", 3, "Warnings -> traffic restriction", gt=0)
    traffic_restriction_for: Duration = rule(
        "GUARD-8", timedelta(days=30), "Length of that restriction (0s = until staff lift it)"
    )
    warnings_to_suspend: int = rule("GUARD-8", 6, "Warnings -> listing suspension", gt=0)
    off_platform_points: int = rule(
        "GUARD-8", 50, "Points deducted per confirmed off-platform contact", ge=0
    )
    confirmed_to_freeze: int = rule(
        "GUARD-8", 2, "Confirmed off-platform cases -> store freeze", gt=0
    )
    store_freeze: Duration = rule("GUARD-8", timedelta(hours=72), "Length of the store freeze")
    confirmed_to_terminate: int = rule(
        "GUARD-8", 3, "Confirmed off-platform cases -> termination", gt=0
    )

    @model_validator(mode="after")
    def _ladder(self) -> GuardPolicy:
        if self.warnings_to_suspend <= self.warnings_to_restrict:
            raise ValueError("warnings_to_suspend must be above warnings_to_restrict")
        if self.confirmed_to_terminate <= self.confirmed_to_freeze:
            raise ValueError("confirmed_to_terminate must be above confirmed_to_freeze")
        return self
