"""Policy sections for REFUND and DISPUTE (automatic refunds, appeals, evidence)."""

from __future__ import annotations

from sellerdesk.policy.base import Section


class RefundPolicy(Section):
    pass


class DisputePolicy(Section):
    pass
