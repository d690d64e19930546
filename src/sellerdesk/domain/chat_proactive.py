"""Proactive contact (CHAT-3, CHAT-4, CANCEL-8, K-9, MARKET-1, MARKET-2): may the seller send
this approved template on this order now?

The categories, their conditions and limits are policy data (`[chat.proactive.*]`); this module
interprets them. Every refusal names its rule and what the seller can do instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import NoReturn

from sellerdesk.errors import RuleViolation
from sellerdesk.policy import Policy
from sellerdesk.policy.chat import ProactiveCategory

SHIPPED = frozenset({"delivering", "delivered"})
UNSHIPPED = frozenset({"awaiting_packaging", "awaiting_deliver"})
CLOSED = frozenset({"cancelled", "returned"})
PLACEHOLDERS = ("{posting_number}", "{tracking_number}")

_LINK = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+|\b(?:[a-z0-9-]+\.)+(?:ru|com|net|org|me|io|cn|su|рф)\b[^\s<>\"']*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class OrderChatFacts:
    """What the proactive rules need to know about one order and its conversation."""

    posting_number: str
    status: str
    created_at: datetime
    shipped_at: datetime | None
    tracking_number: str | None
    delay_reported: bool
    buyer_has_written: bool
    sent_before: tuple[datetime, ...]  # earlier messages of the same category on this order
    permissions: frozenset[str]


def render(template_text: str, facts: OrderChatFacts) -> str:
    """Fill the placeholders the platform knows; other braces stay as written."""
    return template_text.replace("{posting_number}", facts.posting_number).replace(
        "{tracking_number}", facts.tracking_number or ""
    )


def links_in(text: str) -> list[str]:
    """Link-like strings in a text, without a trailing punctuation mark."""
    return [m.group(0).rstrip(".,;:!?)»\"'") for m in _LINK.finditer(text)]


def _bare(link: str) -> str:
    link = re.sub(r"^https?://", "", link.strip(), flags=re.IGNORECASE)
    link = re.sub(r"^www\.", "", link, flags=re.IGNORECASE)
    return link.rstrip("/").lower()


def category_of(name: str, policy: Policy) -> ProactiveCategory:
    """CHAT-3: only a category this marketplace permits."""
    category = policy.chat.proactive.named(name)
    if category is None or not category.enabled:
        allowed = policy.chat.proactive.enabled_names()
        raise RuleViolation(
            f"“{name}” is not a proactive category this marketplace permits.",
            rule="CHAT-3",
            next_step=f"Use one of: {', '.join(allowed) or 'none on this marketplace'}.",
            facts={"category": name, "permitted": allowed},
        )
    return category


def check_template_text(name: str, text: str, policy: Policy) -> None:
    """CHAT-4 conditions on the template text itself, checked at submission and at send."""
    category = category_of(name, policy)
    if category.condition == "return_page":
        _only_return_page(text, policy)
    if category.requires_tracking_number and "{tracking_number}" not in text:
        raise RuleViolation(
            f"A {name} template must carry the tracking number.",
            rule="CHAT-4",
            next_step="Put {tracking_number} where the tracking number goes; the platform fills it in.",
            facts={"category": name},
        )
    if category.requires_posting_number and "{posting_number}" not in text:
        raise RuleViolation(
            f"A {name} template must carry the posting number.",
            rule="MARKET-2",
            next_step="Put {posting_number} in the summary; the platform fills it in.",
            facts={"category": name},
        )


def _only_return_page(text: str, policy: Policy) -> None:
    page = _bare(policy.chat.return_page_url)
    links = links_in(text)
    others = [link for link in links if _bare(link) != page]
    if others or not links:
        raise RuleViolation(
            "A return guide must link to the platform's official return page and nothing else.",
            rule="CHAT-4",
            next_step=f"Link only {policy.chat.return_page_url}.",
            facts={"return_page": policy.chat.return_page_url, "other_links": others},
        )


def check_send(
    name: str,
    facts: OrderChatFacts,
    text: str,
    reason: str | None,
    now: datetime,
    policy: Policy,
) -> ProactiveCategory:
    """CHAT-3/CHAT-4: the category's condition holds on this order now and its limits allow one
    more; `text` is the rendered template. Raises RuleViolation naming the failed condition."""
    category = category_of(name, policy)
    if category.requires_permission and category.requires_permission not in facts.permissions:
        raise RuleViolation(
            f"Sending a {name} needs the “{category.requires_permission}” permission.",
            rule="MARKET-1",
            next_step="Ask the platform to grant the permission.",
            facts={"category": name, "permission": category.requires_permission},
        )
    if facts.status in CLOSED:
        _refuse(name, f"the order is {facts.status}", facts, "CHAT-3")
    _condition(name, category, facts, now)
    if category.reasons and reason not in category.reasons:
        raise RuleViolation(
            f"A {name} must name a genuine reason.",
            rule="CHAT-4",
            next_step=f"Give one of: {', '.join(category.reasons)}.",
            facts={"category": name, "reason": reason, "reasons": list(category.reasons)},
        )
    if category.requires_tracking_number and (
        not facts.tracking_number or facts.tracking_number not in text
    ):
        _refuse(name, "the text does not carry the posting's tracking number", facts, "CHAT-4")
    if category.requires_posting_number and facts.posting_number not in text:
        _refuse(name, "the text does not carry the posting number", facts, "MARKET-2")
    if category.condition == "return_page":
        _only_return_page(text, policy)
    _limits(name, category, facts, now)
    return category


def _condition(
    name: str, category: ProactiveCategory, facts: OrderChatFacts, now: datetime
) -> None:
    condition = category.condition
    if condition == "shipped":
        if facts.status not in SHIPPED or facts.shipped_at is None:
            _refuse(name, "the posting has not been shipped", facts, "CHAT-4")
        if category.window is not None and now >= facts.shipped_at + category.window:
            hours = int(category.window.total_seconds() // 3600)
            rule = "MARKET-1" if category.requires_permission else "CHAT-4"
            _refuse(name, f"more than {hours}h have passed since shipment", facts, rule)
    elif condition == "logistics_delay":
        if not facts.delay_reported:
            _refuse(name, "no logistics delay has been reported on the posting", facts, "CHAT-4")
    elif condition == "unpaid":
        if facts.status != "unpaid":
            _refuse(name, "the order is not unpaid", facts, "CHAT-4")
        if category.window is not None and now >= facts.created_at + category.window:
            hours = int(category.window.total_seconds() // 3600)
            _refuse(name, f"the order was created more than {hours}h ago", facts, "CHAT-4")
    elif condition == "fulfilment_problem":
        if facts.status not in UNSHIPPED:
            _refuse(name, "the order is not awaiting shipment", facts, "CHAT-4")
    elif condition == "no_buyer_message" and facts.buyer_has_written:
        _refuse(name, "the buyer has already written", facts, "MARKET-2")


def _limits(name: str, category: ProactiveCategory, facts: OrderChatFacts, now: datetime) -> None:
    """CHAT-4 / K-9 / CANCEL-8: at most `max_per_order`, at least `min_gap` apart."""
    rule = "CANCEL-8" if category.condition == "fulfilment_problem" else "CHAT-4"
    if category.requires_permission:
        rule = "MARKET-1"
    after = (
        "File a cancellation request instead (CANCEL-3)."
        if category.condition == "fulfilment_problem"
        else "Wait for the buyer to write; then reply in the chat."
    )
    sent = sorted(facts.sent_before)
    if category.max_per_order and len(sent) >= category.max_per_order:
        raise RuleViolation(
            f"At most {category.max_per_order} {name} message(s) per order; "
            f"{len(sent)} already sent.",
            rule=rule,
            next_step=after,
            facts={"category": name, "sent": len(sent), "max_per_order": category.max_per_order},
        )
    if sent and category.min_gap and now < sent[-1] + category.min_gap:
        next_at = sent[-1] + category.min_gap
        raise RuleViolation(
            f"{name} messages must be at least {int(category.min_gap.total_seconds() // 3600)}h "
            f"apart; the next one is possible from {next_at:%Y-%m-%d %H:%M} UTC.",
            rule=rule,
            next_step="Wait until then, or file a cancellation request (CANCEL-3)."
            if category.condition == "fulfilment_problem"
            else "Wait until then.",
            facts={"category": name, "next_possible_at": next_at.isoformat()},
        )


def _refuse(name: str, why: str, facts: OrderChatFacts, rule: str) -> NoReturn:
    raise RuleViolation(
        f"A {name} cannot be sent on posting {facts.posting_number}: {why}.",
        rule=rule,
        next_step="Send it only when its condition holds, or wait for the buyer to write.",
        facts={"category": name, "posting_number": facts.posting_number, "status": facts.status},
    )
