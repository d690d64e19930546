"""DISPUTE-7 factors and their contributions, DISPUTE-3 gates, DISPUTE-8 fine, K-15 sizes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sellerdesk.domain import dispute_scoring as scoring
from sellerdesk.errors import PolicyError
from sellerdesk.policy import load_policy

POLICY = load_policy("ozon")
SLOTS = ("tracking_page", "proof_of_delivery")


def checks(*, slots_ok=(True, True), skus=(("SKU-1", True),), files_ok=4, files_bad=0):
    out = [
        scoring.Check("DISPUTE-3", "slot_filled", s, ok)
        for s, ok in zip(SLOTS, slots_ok, strict=True)
    ]
    out += [scoring.Check("DISPUTE-3", "sku_covered", None, ok, sku) for sku, ok in skus]
    out += [scoring.Check("DISPUTE-4", "timestamp", "tracking_page", True)] * files_ok
    out += [scoring.Check("DISPUTE-4", "timestamp", "tracking_page", False)] * files_bad
    return tuple(out)


def facts(**more):
    base = dict(
        dispute_type="tracking_stall",
        checks=checks(),
        required_slots=SLOTS,
        skus=("SKU-1",),
        categories=("home",),
        carrier="cdek",
        shipped_on_time=True,
    )
    base.update(more)
    return scoring.ScoringFacts(**base)


def contribution(decision, name):
    return next(f.contribution for f in decision.factors if f.name == name)


def test_DISPUTE_7_complete_evidence_from_an_integrated_carrier_wins():
    decision = scoring.decide(facts(), POLICY)
    assert decision.outcome == "won" and decision.rule == "DISPUTE-7"
    assert contribution(decision, "completeness") == 0.6
    assert contribution(decision, "integrated_carrier") == 0.1
    assert contribution(decision, "shipped_on_time") == 0.05
    assert contribution(decision, "dispute_type") == -0.1
    assert decision.score == pytest.approx(0.65)
    assert decision.returned_skus == ("SKU-1",)
    assert {f.rule for f in decision.factors} == {"DISPUTE-7"}


def test_DISPUTE_7_every_factor_is_shown_even_when_neutral():
    decision = scoring.decide(facts(carrier=None, shipped_on_time=None), POLICY)
    assert [f.name for f in decision.factors] == [
        "completeness",
        "refund_rate",
        "health_score",
        "integrated_carrier",
        "shipped_on_time",
        "dispute_type",
        "high_risk_category",
    ]
    assert contribution(decision, "health_score") == 0.0
    assert "not evaluated" in next(f.says for f in decision.factors if f.name == "health_score")


def test_DISPUTE_7_health_below_90_leans_to_the_buyer():
    decision = scoring.decide(facts(health=89.5, carrier="boxberry"), POLICY)
    assert contribution(decision, "health_score") == -0.15
    assert contribution(decision, "integrated_carrier") == 0.0
    assert decision.outcome == "rejected"
    assert scoring.decide(facts(health=90.0), POLICY).outcome == "won"


def test_DISPUTE_7_refund_rate_above_the_category_average_is_stricter():
    above = scoring.decide(facts(refund_rate=0.04, refund_rate_basis="2 of 50"), POLICY)
    assert contribution(above, "refund_rate") == -0.1 and above.refund_rate_above_average
    same = scoring.decide(facts(refund_rate=0.035, refund_rate_basis="7 of 200"), POLICY)
    assert contribution(same, "refund_rate") == 0.0
    unknown = scoring.decide(facts(refund_rate=None, refund_rate_basis="1 of 3"), POLICY)
    assert "K-13" in next(f.says for f in unknown.factors if f.name == "refund_rate")


def test_DISPUTE_7_high_risk_category_and_dispute_type_weights():
    risky = scoring.decide(facts(categories=("jewellery",)), POLICY)
    assert contribution(risky, "high_risk_category") == -0.1
    damaged = scoring.decide(facts(dispute_type="damaged"), POLICY)
    assert contribution(damaged, "dispute_type") == 0.05
    late = scoring.decide(facts(shipped_on_time=False), POLICY)
    assert contribution(late, "shipped_on_time") == -0.05


def test_DISPUTE_7_failed_checks_lower_completeness():
    decision = scoring.decide(facts(checks=checks(files_ok=2, files_bad=2)), POLICY)
    assert contribution(decision, "completeness") == pytest.approx(0.6 * 5 / 7, abs=1e-4)


def test_DISPUTE_3_missing_required_slot_loses_whatever_the_score():
    decision = scoring.decide(facts(checks=checks(slots_ok=(True, False))), POLICY)
    assert decision.outcome == "rejected" and decision.rule == "DISPUTE-3"
    assert decision.gates == (
        "DISPUTE-3: required evidence missing or failing its checks: proof_of_delivery",
    )


def test_REFUND_4_won_appeal_returns_only_covered_skus():
    decision = scoring.decide(
        facts(skus=("SKU-1", "SKU-2"), checks=checks(skus=(("SKU-1", True), ("SKU-2", False)))),
        POLICY,
    )
    assert decision.outcome == "won"
    assert decision.returned_skus == ("SKU-1",) and decision.kept_skus == ("SKU-2",)


def test_REFUND_3_late_not_received_is_decided_for_the_buyer_by_default():
    decision = scoring.decide(facts(dispute_type="not_received", for_buyer_by_default=True), POLICY)
    assert decision.outcome == "rejected"
    late = next(f for f in decision.factors if f.name == "late_not_received")
    assert late.rule == "REFUND-3" and late.contribution == -1.0


def test_DISPUTE_8_fine_only_when_lost_with_refund_rate_above_average():
    lost_high = scoring.decide(
        facts(
            checks=checks(slots_ok=(False, False)), refund_rate=0.2, refund_rate_basis="10 of 50"
        ),
        POLICY,
    )
    assert scoring.loss_fine(lost_high, POLICY) == Decimal("500")
    lost_low = scoring.decide(facts(checks=checks(slots_ok=(False, False))), POLICY)
    assert scoring.loss_fine(lost_low, POLICY) == Decimal("0")
    won = scoring.decide(facts(refund_rate=0.2, refund_rate_basis="10 of 50"), POLICY)
    assert scoring.loss_fine(won, POLICY) == Decimal("0")


def test_DISPUTE_5_summary_lists_each_factor_with_its_sign():
    text = scoring.summary(scoring.decide(facts(), POLICY))
    assert text.startswith("appeal won: score 0.65 (needed 0.50: completeness +0.60")
    assert "dispute_type -0.10" in text


def test_K_15_max_file_5MB_is_5_mebibytes_and_presets_carry_the_rules():
    for preset in ("ozon", "wildberries", "yandex_market"):
        policy = load_policy(preset)
        assert policy.dispute.max_file == 5 * 1024 * 1024
        assert policy.dispute.max_files == 5 and policy.dispute.formats == ("jpg", "png", "pdf")
        assert policy.refund.tracking_stall.days == 5
        assert policy.dispute.category_refund_rate_avg == 0.035
        assert policy.dispute.health_lean_buyer_below == 90


def test_DISPUTE_7_policy_refuses_unknown_dispute_types(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('extends = "ozon"\n[dispute.type_weights]\nlost_in_space = 0.3\n')
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert "dispute" in caught.value.key
