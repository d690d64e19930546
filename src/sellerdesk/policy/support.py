"""Policy sections for SUPPORT, PAYOUT and REVIEW (support desk, withdrawals, review appeals)."""

from __future__ import annotations

from sellerdesk.policy.base import Section


class SupportPolicy(Section):
    pass


class PayoutPolicy(Section):
    pass


class ReviewPolicy(Section):
    pass
