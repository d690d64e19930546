"""Policy sections for STANDING (metrics, health score, points, sanctions)."""

from __future__ import annotations

from sellerdesk.policy.base import Section


class StandingPolicy(Section):
    pass
