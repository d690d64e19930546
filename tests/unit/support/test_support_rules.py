"""Pure support-desk rules: tickets, SLA clock, INN, VIP, payouts holds, reviews, KB queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from sellerdesk.domain import payouts, reviews
from sellerdesk.domain import support_tickets as tickets
from sellerdesk.domain.support_eligibility import (
    MonthFulfilment,
    inn_problem,
    live_chat_conditions,
    vip_eligibility,
)
from sellerdesk.domain.support_kb import fts5_query, parse_kb_markdown, search_text
from sellerdesk.errors import Conflict, InvalidInput, RuleViolation
from sellerdesk.policy import load_policy

POLICY = load_policy("ozon")
CAL = POLICY.business_calendar()
MONDAY_NOON = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # 12:00 Moscow


def _draft(title="[PAYMENT] sale missing", **fields):
    shot = tickets.Attachment(1, "screenshot", True)
    return tickets.Draft(title, "Issue: x", {"order_number": "1-1", "sku": "A", **fields}, (shot,))


# ---- tickets --------------------------------------------------------------------------------


def test_SUPPORT_3_complete_payment_ticket_has_nothing_missing():
    assert tickets.check_ticket(_draft(), POLICY) == []


@pytest.mark.parametrize("prefix", ["LOGISTIC", "PAYMENT", "LISTING", "ACCOUNT"])
def test_SUPPORT_3_each_category_prefix_is_recognised(prefix):
    assert tickets.category_of(f"[{prefix}] something", POLICY) == prefix
    assert tickets.category_of(f"【{prefix.lower()}】 something", POLICY) == prefix


def test_SUPPORT_3_unknown_prefix_is_missing_and_lists_the_prefixes():
    missing = tickets.check_ticket(_draft(title="[OTHER] x"), POLICY)
    assert [m.item for m in missing] == ["title_prefix"]


def test_SUPPORT_3_untimestamped_screenshot_is_missing():
    draft = tickets.Draft(
        "[LISTING] hidden", "x", {"sku": "A"}, (tickets.Attachment(7, "screenshot", False),)
    )
    assert [m.item for m in tickets.check_ticket(draft, POLICY)] == ["screenshot_timestamp:7"]


def test_SUPPORT_7_carrier_and_tracking_must_be_in_the_title_spacing_ignored():
    fields = {"carrier": "Ozon Logistics", "tracking_number": "RU 1234"}
    draft = _draft(title="[LOGISTIC] ozonlogistics ru1234 stuck", **fields)
    assert tickets.check_ticket(draft, POLICY) == []


def test_SUPPORT_10_mostly_chinese_text_is_returned():
    draft = tickets.Draft(
        "[ACCOUNT] 账户", "账户被冻结了怎么办", {}, (tickets.Attachment(1, "screenshot"),)
    )
    assert [m.rule for m in tickets.check_ticket(draft, POLICY)] == ["SUPPORT-10"]


def test_SUPPORT_6_duplicate_key_prefers_order_then_title():
    assert tickets.duplicate_key("PAYMENT", {"order_number": "1-1"}, "[PAYMENT] a") == (
        tickets.duplicate_key("PAYMENT", {"order_number": "1-1"}, "[PAYMENT] other words")
    )
    assert tickets.duplicate_key("ACCOUNT", {}, "[ACCOUNT] KYC stuck!") == tickets.duplicate_key(
        "ACCOUNT", {}, "[ACCOUNT]  kyc  STUCK"
    )


def test_SUPPORT_5_state_table_refuses_unknown_moves_with_the_rule():
    with pytest.raises(RuleViolation) as err:
        tickets.transition("resolve", "waiting_for_seller", "staff")
    assert err.value.rule == "SUPPORT-5"
    with pytest.raises(RuleViolation):
        tickets.transition("request_info", "open", "seller")
    assert tickets.transition("reply", "waiting_for_seller", "seller").clock == "resume"


def test_SUPPORT_5_resolve_clock_counts_business_hours_K_3():
    clock = tickets.start_clock(MONDAY_NOON, POLICY, CAL, emergency=False)
    assert CAL.business_hours_between(MONDAY_NOON, clock.resolve_by) == timedelta(hours=48)


def test_SUPPORT_5_pause_keeps_the_remaining_business_time_and_resume_restores_it():
    clock = tickets.start_clock(MONDAY_NOON, POLICY, CAL, emergency=False)
    paused = tickets.pause_clock(clock, MONDAY_NOON + timedelta(hours=3), CAL)  # 15:00 Moscow
    assert paused.resolve_by is None and paused.remaining == timedelta(hours=45)
    friday = datetime(2026, 3, 6, 6, 0, tzinfo=UTC)  # 09:00 Moscow
    resumed = tickets.resume_clock(paused, friday, CAL)
    assert CAL.business_hours_between(friday, resumed.resolve_by) == timedelta(hours=45)


def test_SUPPORT_9_emergency_clock_is_two_calendar_hours():
    clock = tickets.start_clock(MONDAY_NOON, POLICY, CAL, emergency=True)
    assert clock.resolve_by == MONDAY_NOON + timedelta(hours=2)
    paused = tickets.pause_clock(clock, MONDAY_NOON + timedelta(minutes=30), CAL)
    assert paused.remaining == timedelta(minutes=90)


def test_SUPPORT_5_sla_state_on_time_due_soon_breached_K_1():
    def state(now, resolve_by):
        return tickets.sla_state(
            now, status="open", ack_by=None, acknowledged=True, resolve_by=resolve_by,
            clock="emergency", breached=False, policy=POLICY, cal=CAL,
        )  # fmt: skip

    due = MONDAY_NOON + timedelta(hours=10)
    assert state(MONDAY_NOON, due) == "on_time"
    assert state(due - timedelta(hours=4), due) == "due_soon"
    assert state(due, due) == "breached"  # K-1: due when now >= T


def test_SUPPORT_6_follow_up_only_once_and_only_past_the_deadline():
    kwargs = {"status": "open", "ack_by": None, "acknowledged": True, "policy": POLICY}
    due = MONDAY_NOON + timedelta(hours=1)
    with pytest.raises(RuleViolation):
        tickets.check_follow_up(MONDAY_NOON, follow_ups=0, resolve_by=due, **kwargs)
    tickets.check_follow_up(due, follow_ups=0, resolve_by=due, **kwargs)
    with pytest.raises(RuleViolation) as err:
        tickets.check_follow_up(due, follow_ups=1, resolve_by=due, **kwargs)
    assert err.value.rule == "SUPPORT-6"


# ---- live chat, INN, VIP --------------------------------------------------------------------


@pytest.mark.parametrize("inn", ["7707083893", "7736207543", "500100732259"])
def test_SUPPORT_2_valid_inns(inn):
    assert inn_problem(inn) is None


@pytest.mark.parametrize(
    "inn", ["7707083894", "500100732258", "12345", "77070838930", "77O7083893"]
)
def test_SUPPORT_2_invalid_inns(inn):
    assert inn_problem(inn)


def test_SUPPORT_2_conditions_in_the_sellers_language_SUPPORT_10():
    found = live_chat_conditions(
        kyc={}, store_status="pending_verification", recent_orders=0, policy=POLICY, lang="ru"
    )
    assert not any(c.ok for c in found)
    assert "ИНН" in found[3].message and "Настройки" in (found[3].how_to_fix or "")


def _months(*rates_and_counts):
    return [
        MonthFulfilment(f"2026-0{i + 1}", n, round(n * r))
        for i, (r, n) in enumerate(rates_and_counts)
    ]


def test_SUPPORT_8_fulfilment_at_target_in_each_of_3_months_K_18():
    found = vip_eligibility(Decimal("0"), _months((0.95, 40), (1.0, 20), (0.96, 25)), POLICY)
    assert found.eligible and found.by_fulfilment and not found.by_sales


def test_SUPPORT_8_one_month_below_target_or_too_few_orders_K_13():
    assert not vip_eligibility(
        Decimal("0"), _months((0.95, 40), (0.9, 20), (1, 25)), POLICY
    ).eligible
    thin = vip_eligibility(Decimal("0"), _months((1, 40), (1, 5), (1, 25)), POLICY)
    assert not thin.eligible and "K-13" in thin.reasons[-1]


def test_SUPPORT_8_annual_sales_converted_with_the_policy_rate_K_18():
    assert vip_eligibility(Decimal("45000000"), [], POLICY).by_sales
    assert not vip_eligibility(Decimal("44999999"), [], POLICY).by_sales


# ---- payouts -----------------------------------------------------------------------------------


def _facts(**changes):
    base = {
        "balance": Decimal("1000.00"),
        "currency": "RUB",
        "has_account": True,
        "withdrawals_today": 0,
        "day_ends_at": datetime(2026, 3, 2, 21, 0, tzinfo=UTC),
        "account_changed_at": None,
        "refunded": (),
        "delivered": (),
    }
    return payouts.PayoutFacts(**{**base, **changes})


def test_PAYOUT_1_every_hold_with_its_release_and_support_cannot_skip_them():
    facts = _facts(withdrawals_today=3, account_changed_at=MONDAY_NOON - timedelta(hours=1))
    found = payouts.holds(facts, MONDAY_NOON, POLICY)
    assert [(h.reason, h.release_at) for h in found] == [
        ("daily_limit", datetime(2026, 3, 2, 21, 0, tzinfo=UTC)),
        ("account_change", MONDAY_NOON + timedelta(hours=71)),
    ]
    with pytest.raises(RuleViolation) as err:
        payouts.check_withdrawal(Decimal("1"), facts, MONDAY_NOON, POLICY)
    assert err.value.rule == "PAYOUT-1" and len(err.value.facts["holds"]) == 2


def test_PAYOUT_1_refund_rate_strictly_above_15_percent_K_19():
    delivered = tuple(MONDAY_NOON - timedelta(hours=i) for i in range(20))
    at_limit = _facts(refunded=delivered[:3], delivered=delivered)  # 3/20 = 15%
    assert payouts.holds(at_limit, MONDAY_NOON, POLICY) == []
    above = _facts(refunded=delivered[:4], delivered=delivered)
    assert [h.reason for h in payouts.holds(above, MONDAY_NOON, POLICY)] == ["refund_rate"]


def test_PAYOUT_1_refund_rate_release_is_when_enough_refunds_leave_the_window():
    delivered = tuple(MONDAY_NOON - timedelta(days=1) for _ in range(40))
    early_refunds = tuple(MONDAY_NOON - timedelta(days=6) for _ in range(4))
    late_refunds = tuple(MONDAY_NOON - timedelta(hours=1) for _ in range(3))
    facts = _facts(refunded=early_refunds + late_refunds, delivered=delivered)  # 7/40 > 15%
    (hold,) = payouts.holds(facts, MONDAY_NOON, POLICY)
    assert hold.release_at == MONDAY_NOON + timedelta(days=1)  # then 3/40 = 7.5%


def test_PAYOUT_1_not_judged_below_the_minimum_sample_K_13():
    few = tuple(MONDAY_NOON - timedelta(hours=1) for _ in range(5))
    assert payouts.holds(_facts(refunded=few, delivered=few), MONDAY_NOON, POLICY) == []


def test_PAYOUT_1_lifted_hold_does_not_block_until_its_end():
    facts = _facts(withdrawals_today=3, lifted={"daily_limit": MONDAY_NOON + timedelta(hours=2)})
    payouts.check_withdrawal(Decimal("10"), facts, MONDAY_NOON, POLICY)
    with pytest.raises(RuleViolation):
        payouts.check_withdrawal(Decimal("10"), facts, MONDAY_NOON + timedelta(hours=2), POLICY)


def test_PAYOUT_1_amounts_are_exact_and_within_the_balance():
    with pytest.raises(InvalidInput):
        payouts.check_withdrawal(Decimal("0.001"), _facts(), MONDAY_NOON, POLICY)
    with pytest.raises(Conflict):
        payouts.check_withdrawal(Decimal("1000.01"), _facts(), MONDAY_NOON, POLICY)
    payouts.check_withdrawal(Decimal("1000.00"), _facts(), MONDAY_NOON, POLICY)


def test_PAYOUT_2_statements_for_the_three_full_months_before_filing():
    assert payouts.statement_months(date(2026, 1, 15), 3) == ["2025-10", "2025-11", "2025-12"]
    blocked = payouts.holds(_facts(withdrawals_today=3), MONDAY_NOON, POLICY)
    with pytest.raises(RuleViolation) as err:
        payouts.check_review(["2026-01", "2026-02"], date(2026, 3, 2), blocked, POLICY)
    assert err.value.facts["missing_months"] == ["2025-12"]


# ---- reviews and KB ---------------------------------------------------------------------------


def test_K_17_negative_means_rating_1_to_3():
    assert [reviews.is_negative(r, POLICY) for r in range(1, 6)] == [True, True, True, False, False]


def test_REVIEW_1_appeal_window_is_3_to_5_business_days():
    friday = datetime(2026, 3, 6, 9, 0, tzinfo=UTC)
    window = reviews.open_appeal(2, "published", False, "fake", 1, friday, POLICY, CAL)
    # 9 March 2026 is a public holiday (8 March moved): Tue 10, Wed 11, Thu 12 ... Mon 16
    assert CAL.local(window.expected_from).date() == date(2026, 3, 12)
    assert CAL.local(window.decide_by).date() == date(2026, 3, 16)


def test_SUPPORT_1_russian_word_forms_share_a_stem():
    assert search_text("выплаты") == search_text("выплату") == search_text("выплат")
    assert search_text("Обращения") == search_text("обращение")


def test_SUPPORT_1_web_search_syntax_becomes_a_safe_fts5_query():
    assert fts5_query('"tracking number" -customs or refund') == (
        '(("tracking number") OR ("refund")) NOT "customs"'
    )
    assert fts5_query('NEAR( " ') == '("near")'  # FTS5 operators are only ever words
    assert fts5_query('" - ') is None
    assert fts5_query("AND") == '("and")'


def test_SUPPORT_1_kb_markdown_splits_into_articles_named_by_rule():
    text = "# X\n\n## PAYOUT-1 · Why\nBody one.\n\n## PAYOUT-2 · How\nBody two.\n"
    found = parse_kb_markdown(text, "en", "payout")
    assert [(a.slug, a.rules, a.body) for a in found] == [
        ("payout-1", ("PAYOUT-1",), "Body one."),
        ("payout-2", ("PAYOUT-2",), "Body two."),
    ]
