"""Policy sections for REFUND and DISPUTE (automatic refunds, appeals, evidence, scoring)."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, PlainSerializer, model_validator

from sellerdesk.policy.base import Section
from sellerdesk.policy.types import Duration, Money, Rate, rule

# REFUND-1: every automatic-refund trigger the product knows.
REFUND_TRIGGERS = (
    "tracking_stall",
    "not_delivered_by_date",
    "not_received",
    "wrong_item",
    "not_as_described",
    "damaged",
)
EVIDENCE_FORMATS = ("jpg", "png", "pdf")

_MIB = 1024 * 1024
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(MB|MiB|KB|KiB|B)?\s*$", re.I)


def _bytes(value: Any) -> int:
    """'5MB' -> 5 * 1024 * 1024 (K-15: a megabyte is 1024 * 1024 bytes); an int is bytes."""
    if isinstance(value, bool):
        raise ValueError("a size is a string such as '5MB' or a number of bytes")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and (found := _SIZE.match(value)):
        unit = (found.group(2) or "B").upper()
        scale = _MIB if unit.startswith("M") else 1024 if unit.startswith("K") else 1
        return int(Decimal(found.group(1)) * scale)
    raise ValueError("a size is a string such as '5MB' or a number of bytes")


def _show_bytes(size: int) -> str:
    return f"{size // _MIB}MB" if size % _MIB == 0 else str(size)


ByteSize = Annotated[int, BeforeValidator(_bytes), PlainSerializer(_show_bytes, return_type=str)]


class RefundPolicy(Section):
    triggers: tuple[str, ...] = rule(
        "REFUND-1", REFUND_TRIGGERS, "Automatic-refund triggers in force"
    )
    tracking_stall: Duration = rule(
        "REFUND-1", timedelta(days=5), "Refund when carrier tracking has not moved for this long"
    )
    damage_photos_min: int = rule(
        "REFUND-1", 1, "Photos a buyer must attach to a damage complaint", ge=0
    )
    not_received_window: Duration = rule(
        "REFUND-3", timedelta(hours=48), "'Not received' within this of delivery -> REFUND-1"
    )
    late_not_received_appealable: bool = rule(
        "REFUND-3", True, "A late 'not received' refund may still be appealed (rarely won)"
    )

    @model_validator(mode="after")
    def _known_triggers(self) -> RefundPolicy:
        unknown = sorted(set(self.triggers) - set(REFUND_TRIGGERS))
        if unknown:
            raise ValueError(f"unknown trigger(s) {unknown}; known: {', '.join(REFUND_TRIGGERS)}")
        return self


class ScoringWeights(Section):
    """DISPUTE-7: what each factor adds to (or takes from) an appeal's score."""

    completeness: float = rule(
        "DISPUTE-7", 0.6, "Times the share of evidence checks passed (DISPUTE-3/4)"
    )
    refund_rate_above_average: float = rule(
        "DISPUTE-7", -0.1, "Seller refund rate above the category average: stricter"
    )
    health_below_threshold: float = rule(
        "DISPUTE-7", -0.15, "Account health below the threshold leans to the buyer"
    )
    integrated_carrier: float = rule(
        "DISPUTE-7", 0.1, "Carrier integrated with the platform: evidence trusted more"
    )
    shipped_on_time: float = rule("DISPUTE-7", 0.05, "Shipped before the shipment date")
    shipped_late: float = rule("DISPUTE-7", -0.05, "Shipped after the shipment date")
    high_risk_category: float = rule(
        "DISPUTE-7", -0.1, "A disputed SKU is in a high-risk category: stricter"
    )
    late_not_received: float = rule(
        "REFUND-3", -1.0, "Late 'not received' complaint: decided for the buyer by default"
    )


class DisputePolicy(Section):
    appeal_window: Duration = rule(
        "DISPUTE-1", timedelta(days=7), "Calendar time after the refund to file an appeal"
    )
    formats: tuple[Literal["jpg", "png", "pdf"], ...] = rule(
        "DISPUTE-2", EVIDENCE_FORMATS, "Evidence file types, decided by content"
    )
    max_file: ByteSize = rule("DISPUTE-2", 5 * _MIB, "Largest evidence file (K-15: 1MB = 1 MiB)")
    max_files: int = rule("DISPUTE-2", 5, "Evidence files per appeal", ge=1)
    incomplete_evidence_loses: bool = rule(
        "DISPUTE-3", True, "An appeal missing a required evidence slot is rejected"
    )
    decide_within: Duration = rule(
        "DISPUTE-5", timedelta(hours=72), "Appeals are decided by this long after filing"
    )
    extend_over_holidays: bool = rule(
        "DISPUTE-5", True, "Each public-holiday date inside decide_within adds 24h (K-2)"
    )
    duplicate_throttle: Duration = rule(
        "K-14", timedelta(hours=24), "After identical evidence, appeals are rejected for this long"
    )
    win_threshold: float = rule("DISPUTE-7", 0.5, "Score at or above which an appeal is won")
    weights: ScoringWeights = ScoringWeights()
    type_weights: dict[str, float] = rule(
        "DISPUTE-7",
        {
            "tracking_stall": -0.1,
            "not_delivered_by_date": -0.1,
            "not_received": -0.1,
            "wrong_item": 0.0,
            "not_as_described": 0.0,
            "damaged": 0.05,
        },
        "Per dispute type: 'not received' wins less often than 'damaged'",
    )
    category_refund_rate_avg: Rate = rule(
        "DISPUTE-7", 0.035, "Category average refund rate a seller is compared with"
    )
    category_refund_rate_avg_by_category: dict[str, Rate] = rule(
        "DISPUTE-7", {}, "Per-category average refund rate"
    )
    refund_rate_window: Duration = rule(
        "DISPUTE-7", timedelta(days=30), "Refund rate: refunded / shipped postings over this"
    )
    health_lean_buyer_below: float = rule(
        "DISPUTE-7", 90.0, "Account health score below this leans to the buyer", ge=0, le=100
    )
    high_risk_categories: tuple[str, ...] = rule(
        "DISPUTE-7",
        ("electronics_accessories", "jewellery", "custom_clothing"),
        "Categories judged more strictly",
    )
    integrated_carriers: tuple[str, ...] = rule(
        "DISPUTE-7", ("ozon_logistics", "cdek", "dpd_russia"), "Carriers with direct data feeds"
    )
    loss_fine: Money = rule("DISPUTE-8", Decimal("0"), "Fine when an appeal is lost")
    loss_fine_when: Literal["never", "always", "refund_rate_above_average"] = rule(
        "DISPUTE-8", "never", "When a lost appeal is fined"
    )

    @model_validator(mode="after")
    def _known_types(self) -> DisputePolicy:
        unknown = sorted(set(self.type_weights) - set(REFUND_TRIGGERS))
        if unknown:
            raise ValueError(f"type_weights: unknown dispute type(s) {unknown}")
        if self.max_file <= 0:
            raise ValueError("max_file must be positive")
        return self

    def category_average(self, category: str) -> float:
        return self.category_refund_rate_avg_by_category.get(
            category, self.category_refund_rate_avg
        )
