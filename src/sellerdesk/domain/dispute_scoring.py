"""DISPUTE-5 / DISPUTE-7 / DISPUTE-8: an appeal decided by rules and scoring only.

Rules first (gates that decide on their own), then every DISPUTE-7 factor with its contribution
to the score, so the seller sees exactly why the appeal was won or lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sellerdesk.policy import Policy


@dataclass(frozen=True)
class Check:
    """One line of the stored DISPUTE-3/4 checklist."""

    rule: str
    check: str
    slot: str | None
    ok: bool
    sku: str | None = None


@dataclass(frozen=True)
class ScoringFacts:
    dispute_type: str
    checks: tuple[Check, ...]
    required_slots: tuple[str, ...]
    skus: tuple[str, ...]
    categories: tuple[str, ...]
    for_buyer_by_default: bool = False
    refund_rate: float | None = None  # None: too few orders to judge (K-13)
    refund_rate_basis: str = ""  # "4 of 50 shipped postings in 30 days"
    health: float | None = None  # None: unknown, the factor is neutral
    carrier: str | None = None  # normalised carrier name
    shipped_on_time: bool | None = None


@dataclass(frozen=True)
class Factor:
    name: str
    rule: str
    contribution: float
    says: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "rule": self.rule,
            "contribution": self.contribution,
            "says": self.says,
        }


@dataclass(frozen=True)
class Decision:
    outcome: str  # won | rejected
    rule: str
    score: float
    threshold: float
    factors: tuple[Factor, ...]
    gates: tuple[str, ...]
    returned_skus: tuple[str, ...]
    kept_skus: tuple[str, ...]
    refund_rate_above_average: bool = False
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "rule": self.rule,
            "score": self.score,
            "threshold": self.threshold,
            "factors": [f.as_dict() for f in self.factors],
            "gates": list(self.gates),
            "returned_skus": list(self.returned_skus),
            "kept_skus": list(self.kept_skus),
        }


def _pct(value: float) -> str:
    return f"{value:.1%}"


def factors(facts: ScoringFacts, policy: Policy) -> tuple[list[Factor], bool]:
    """Every DISPUTE-7 factor with its contribution; also whether the refund rate is above."""
    rules = policy.dispute
    weights = rules.weights
    out: list[Factor] = []
    passed = sum(1 for c in facts.checks if c.ok)
    total = len(facts.checks)
    share = passed / total if total else 0.0
    out.append(
        Factor(
            "completeness",
            "DISPUTE-7",
            weights.completeness * share,
            f"{passed} of {total} evidence checks passed ({share:.0%})",
        )
    )

    average = min(
        (rules.category_average(c) for c in facts.categories),
        default=rules.category_refund_rate_avg,
    )
    above = facts.refund_rate is not None and facts.refund_rate > average
    if facts.refund_rate is None:
        says = f"refund rate not judged: {facts.refund_rate_basis or 'too few orders'} (K-13)"
    else:
        word = "above" if above else "not above"
        says = (
            f"refund rate {_pct(facts.refund_rate)} ({facts.refund_rate_basis}) {word} the "
            f"category average {_pct(average)}"
        )
    out.append(
        Factor(
            "refund_rate", "DISPUTE-7", weights.refund_rate_above_average if above else 0.0, says
        )
    )

    threshold = rules.health_lean_buyer_below
    if facts.health is None:
        out.append(Factor("health_score", "DISPUTE-7", 0.0, "account health not evaluated yet"))
    else:
        low = facts.health < threshold
        out.append(
            Factor(
                "health_score",
                "DISPUTE-7",
                weights.health_below_threshold if low else 0.0,
                f"account health {facts.health:g} {'below' if low else 'not below'} "
                f"{threshold:g}" + (": leans to the buyer" if low else ""),
            )
        )

    if facts.carrier is None:
        out.append(Factor("integrated_carrier", "DISPUTE-7", 0.0, "no carrier data"))
    else:
        integrated = facts.carrier in rules.integrated_carriers
        out.append(
            Factor(
                "integrated_carrier",
                "DISPUTE-7",
                weights.integrated_carrier if integrated else 0.0,
                f"carrier {facts.carrier} "
                + (
                    "is integrated with the platform"
                    if integrated
                    else "is not integrated with the platform"
                ),
            )
        )

    if facts.shipped_on_time is None:
        out.append(Factor("shipped_on_time", "DISPUTE-7", 0.0, "shipment time unknown"))
    elif facts.shipped_on_time:
        out.append(
            Factor(
                "shipped_on_time",
                "DISPUTE-7",
                weights.shipped_on_time,
                "shipped before the shipment date",
            )
        )
    else:
        out.append(
            Factor(
                "shipped_on_time",
                "DISPUTE-7",
                weights.shipped_late,
                "shipped after the shipment date",
            )
        )

    out.append(
        Factor(
            "dispute_type",
            "DISPUTE-7",
            rules.type_weights.get(facts.dispute_type, 0.0),
            f"dispute type {facts.dispute_type}",
        )
    )

    risky = sorted(set(facts.categories) & set(rules.high_risk_categories))
    out.append(
        Factor(
            "high_risk_category",
            "DISPUTE-7",
            weights.high_risk_category if risky else 0.0,
            f"high-risk category {', '.join(risky)}" if risky else "no high-risk category",
        )
    )

    if facts.for_buyer_by_default:
        out.append(
            Factor(
                "late_not_received",
                "REFUND-3",
                weights.late_not_received,
                "'not received' reported after the window: decided for the buyer by default",
            )
        )
    return [Factor(f.name, f.rule, round(f.contribution, 4), f.says) for f in out], above


def decide(facts: ScoringFacts, policy: Policy) -> Decision:
    """DISPUTE-5: gates (DISPUTE-3 evidence) then the DISPUTE-7 score against the threshold;
    DISPUTE-8: a won appeal returns the SKUs its evidence covers."""
    scored, above = factors(facts, policy)
    score = round(sum(f.contribution for f in scored), 4)
    threshold = policy.dispute.win_threshold
    gates: list[str] = []
    passing = {c.slot for c in facts.checks if c.check == "slot_filled" and c.ok}
    missing = [s for s in facts.required_slots if s not in passing]
    if missing and policy.dispute.incomplete_evidence_loses:
        gates.append(
            f"DISPUTE-3: required evidence missing or failing its checks: {', '.join(missing)}"
        )
    covered = tuple(
        s
        for s in facts.skus
        if any(c.check == "sku_covered" and c.sku == s and c.ok for c in facts.checks)
    )
    kept = tuple(s for s in facts.skus if s not in covered)
    if not covered:
        gates.append("DISPUTE-3: no disputed SKU is covered by the evidence")
    won = not gates and score >= threshold
    return Decision(
        outcome="won" if won else "rejected",
        rule="DISPUTE-3" if gates else "DISPUTE-7",
        score=score,
        threshold=threshold,
        factors=tuple(scored),
        gates=tuple(gates),
        returned_skus=covered if won else (),
        kept_skus=kept if won else tuple(facts.skus),
        refund_rate_above_average=above,
    )


def loss_fine(decision: Decision, policy: Policy) -> Decimal:
    """DISPUTE-8: a lost appeal may be fined, as the policy says."""
    rules = policy.dispute
    if decision.outcome != "rejected" or rules.loss_fine_when == "never":
        return Decimal("0")
    if (
        rules.loss_fine_when == "refund_rate_above_average"
        and not decision.refund_rate_above_average
    ):
        return Decimal("0")
    return rules.loss_fine


def summary(decision: Decision) -> str:
    """One line for e-mails and the dispute page."""
    parts = ", ".join(f"{f.name} {f.contribution:+.2f}" for f in decision.factors)
    verdict = "won" if decision.outcome == "won" else "rejected"
    gates = f"; {'; '.join(decision.gates)}" if decision.gates else ""
    return (
        f"appeal {verdict}: score {decision.score:.2f} (needed {decision.threshold:.2f}: "
        f"{parts}){gates}"
    )
