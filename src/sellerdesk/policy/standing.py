"""Policy sections for STANDING (metrics, health score, points, sanctions).

The thresholds of the rules that lead to sanctions live with those rules and are not repeated
here: CANCEL-6/CANCEL-7 and the K-13 minimum sample in `cancel`, ORDER-4's target in `order`,
CHAT-7's response target in `chat`, GUARD-8's warning ladder in `guard`.

Account health (STANDING-3) is a weighted mean of component scores, each 0-100:

    score = 100 * clamp(1 - badness / (health_zero_at * allowance), 0, 1)

where `badness` is how bad the metric is (a cancel, late or refund rate; 1 - rate for the
fulfilment and response rates; the warnings in the window) and `allowance` its limit (the rate
limit; 1 - target; `guard.warnings_to_restrict`). A perfect metric scores 100, one exactly at
its limit scores 100 * (1 - 1 / health_zero_at) (50 with the preset), and one at `health_zero_at`
times the limit scores 0. Points score 100 * points / points_max. A component whose window holds
fewer than `cancel.min_orders_for_rate` orders (K-13) is left out and the other weights are
rescaled, so health = sum(weight * score) / sum(weight) over the components judged.
"""

from __future__ import annotations

from datetime import timedelta

from pydantic import model_validator

from sellerdesk.policy.base import Section
from sellerdesk.policy.types import Duration, Rate, rule


class HealthWeights(Section):
    seller_cancel: float = rule("STANDING-3", 0.25, "Weight of the seller cancellation rate", ge=0)
    late_shipment: float = rule("STANDING-3", 0.20, "Weight of the late-shipment rate", ge=0)
    fulfilment: float = rule("STANDING-3", 0.20, "Weight of the fulfilment rate", ge=0)
    response: float = rule("STANDING-3", 0.10, "Weight of the chat response rate", ge=0)
    refund: float = rule("STANDING-3", 0.10, "Weight of the refund rate", ge=0)
    warnings: float = rule("STANDING-3", 0.05, "Weight of guard warnings in the window", ge=0)
    points: float = rule("STANDING-3", 0.10, "Weight of the seller points", ge=0)

    def as_dict(self) -> dict[str, float]:
        return {name: float(getattr(self, name)) for name in type(self).model_fields}


class StandingPolicy(Section):
    points_max: int = rule("STANDING-1", 1000, "Seller points at the start (the maximum)", gt=0)
    window: Duration = rule(
        "STANDING-2",
        timedelta(days=30),
        "Rolling window (whole Moscow days, today included) of fulfilment, response, refund rates",
    )
    dispute_window: Duration = rule(
        "STANDING-2", timedelta(days=90), "Rolling window of the dispute win rate"
    )
    health_weights: HealthWeights = HealthWeights()
    health_zero_at: float = rule(
        "STANDING-3", 2.0, "A metric at this multiple of its limit scores 0", gt=1
    )
    refund_rate_allowance: Rate = rule(
        "STANDING-3", 0.05, "Refund rate that scores like a metric at its limit"
    )
    alert_at: Rate = rule(
        "STANDING-2", 0.8, "Share of a limit at which the seller is alerted (once per period)"
    )
    warning_for: Duration = rule(
        "STANDING-4", timedelta(days=30), "How long a warning stays active (0s = until lifted)"
    )
    listing_suspension_for: Duration = rule(
        "STANDING-4", timedelta(0), "Listing suspension length (0s = until staff lift it)"
    )
    watchlist_for: Duration = rule(
        "CANCEL-7", timedelta(days=28), "Watchlist (reduced exposure) length (0s = until lifted)"
    )
    traffic_demotion_for: Duration = rule(
        "ORDER-4", timedelta(days=7), "Traffic demotion length; re-imposed while still below"
    )

    @model_validator(mode="after")
    def _whole_days(self) -> StandingPolicy:
        for name in ("window", "dispute_window"):
            value: timedelta = getattr(self, name)
            if value < timedelta(days=1) or value % timedelta(days=1):
                raise ValueError(f"{name} must be a whole number of days, e.g. '30d'")
        if sum(self.health_weights.as_dict().values()) <= 0:
            raise ValueError("health_weights must not all be zero")
        return self

    @property
    def window_days(self) -> int:
        return self.window.days

    @property
    def dispute_window_days(self) -> int:
        return self.dispute_window.days


def until(length: timedelta) -> timedelta | None:
    """A sanction length from the policy: 0s means the sanction lasts until lifted."""
    return length if length > timedelta(0) else None
