"""The guard's public value types and the internal hit record detectors return.

Immutable named tuples rather than frozen dataclasses: importing `dataclasses` and
building the classes costs every `sellerdesk scan --jsonl` process ~50M instructions
at start-up, about what it then spends scanning 150 messages.
"""

from __future__ import annotations

from typing import NamedTuple

RULES: dict[str, str] = {
    "off_platform_contact": "GUARD-1",
    "marketing": "GUARD-2",
    "review_manipulation": "GUARD-3",
    "cancel_pressure": "GUARD-4",
    "abuse_threat": "GUARD-5",
    "off_platform_payment": "GUARD-6",
}
CONTACT = "off_platform_contact"
MARKETING = "marketing"
REVIEW = "review_manipulation"
CANCEL = "cancel_pressure"
ABUSE = "abuse_threat"
PAYMENT = "off_platform_payment"


class GuardConfig(NamedTuple):
    """What the guard allows; built from the policy file (see `stream.config_from_policy_file`)."""

    allowed_domains: tuple[str, ...] = ("ozon.ru",)  # GUARD-1; subdomains allowed
    max_chars: int = 4000  # callers enforce the length; scan() works on any length


class Violation(NamedTuple):
    """One rule broken by one span of the original text."""

    category: str
    rule: str
    span: tuple[int, int]  # [start, end) code-point indices into the original text
    matched: str  # original[start:end]


class Verdict(NamedTuple):
    """All violations found in one message; the message is blocked if there is any."""

    violations: tuple[Violation, ...]

    @property
    def blocked(self) -> bool:
        return bool(self.violations)

    @property
    def categories(self) -> frozenset[str]:
        return frozenset(v.category for v in self.violations)


class Hit(NamedTuple):
    """A detector's finding, in normalised-text coordinates.

    `detail` marks contact details (phone, e-mail, handle, messenger id, link) that
    GUARD-9 masks in buyer messages, as opposed to a channel name or a phrase.
    """

    category: str
    start: int
    end: int
    detail: bool = False
