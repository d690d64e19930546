"""Withdrawals and risk holds through the API: PAYOUT-1, PAYOUT-2, K-19."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from sellerdesk.store.tables import Event, LedgerEntry
from sellerdesk.store.tables.chat import ChatMessage
from tests.conftest import START
from tests.integration.flows import advance
from tests.integration.support.support_flows import make_order, pdf_page, upload

ACCOUNT = {
    "bank_name": "Sberbank",
    "bik": "044525225",
    "account_number": "40702810938000000001",
    "holder": "OOO Romashka",
}


def _funded(client, world, rt, orders: int = 1):
    for _ in range(orders):
        make_order(rt, world)
    response = client.put("/api/v1/payouts/account", headers=world.seller(), json=ACCOUNT)
    assert response.status_code == 200, response.text


def _withdraw(client, world, amount="100.00"):
    return client.post(
        "/api/v1/payouts/withdrawals", headers=world.seller(), json={"amount": amount}
    )


def test_PAYOUT_1_withdrawal_is_a_negative_payout_entry_in_the_ledger(client, world, rt):
    _funded(client, world, rt)
    status = client.get("/api/v1/payouts", headers=world.seller()).json()
    assert Decimal(status["balance"]) == Decimal("1000.00") and status["can_withdraw"]
    response = _withdraw(client, world, "250.50")
    assert response.status_code == 201, response.text
    with rt.reader() as uow:
        entry = uow.session.query(LedgerEntry).filter_by(kind="payout").one()
    assert entry.amount == Decimal("-250.50") and entry.rule == "PAYOUT-1"
    after = client.get("/api/v1/payouts", headers=world.seller()).json()
    assert Decimal(after["balance"]) == Decimal("749.50")
    over = _withdraw(client, world, "749.51")
    assert over.status_code == 409 and over.json()["facts"]["available"] == "749.50"


def test_PAYOUT_1_daily_limit_per_moscow_day_with_release_at_midnight_K_19(client, world, rt):
    _funded(client, world, rt)
    for _ in range(3):
        assert _withdraw(client, world, "10.00").status_code == 201
    blocked = _withdraw(client, world, "10.00")
    problem = blocked.json()
    assert blocked.status_code == 409 and problem["rule"] == "PAYOUT-1"
    hold = problem["facts"]["holds"][0]
    assert hold["reason"] == "daily_limit"
    # Monday 12:00 Moscow: the Moscow day ends at 21:00 UTC
    assert datetime.fromisoformat(hold["release_at"]) == datetime.fromisoformat(
        "2026-03-02T21:00:00+00:00"
    )
    status = client.get("/api/v1/payouts", headers=world.seller()).json()
    assert not status["can_withdraw"] and status["holds"][0]["reason"] == "daily_limit"
    advance(client, world, "11h59m")
    assert _withdraw(client, world, "10.00").status_code == 409
    advance(client, world, "1m")
    after = _withdraw(client, world, "10.00")
    assert after.status_code == 201, after.text


def test_PAYOUT_1_account_change_blocks_for_72h(client, world, rt):
    _funded(client, world, rt)
    changed = client.put(
        "/api/v1/payouts/account",
        headers=world.seller(),
        json={**ACCOUNT, "account_number": "40702810938000000002"},
    ).json()
    assert changed["is_change"]
    blocked = _withdraw(client, world).json()
    hold = blocked["facts"]["holds"][0]
    assert hold["reason"] == "account_change"
    assert datetime.fromisoformat(hold["release_at"]) == START + timedelta(hours=72)
    advance(client, world, "71h59m")
    assert _withdraw(client, world).status_code == 409
    advance(client, world, "1m")
    assert _withdraw(client, world).status_code == 201


def test_PAYOUT_1_recent_refund_rate_above_15_percent_blocks_with_projected_release(
    client, world, rt
):
    _funded(client, world, rt)
    for _ in range(22):
        make_order(rt, world, to="delivered")
    advance(client, world, "1d")
    for _ in range(4):
        make_order(rt, world, to="returned")  # refunded after hand-over
    blocked = _withdraw(client, world).json()
    assert blocked["status"] == 409, blocked
    hold = blocked["facts"]["holds"][0]
    assert hold["reason"] == "refund_rate"
    assert (hold["refunded"], hold["delivered"]) == (4, 22)  # 18.2% > 15%
    # When the 22 deliveries leave the 7-day window the rate is no longer judged (K-13).
    assert datetime.fromisoformat(hold["release_at"]) == START + timedelta(days=7)
    advance(client, world, "6d")
    assert _withdraw(client, world).status_code == 201


def _file_review(client, world, months=("2025-12", "2026-01", "2026-02")):
    statements = [
        {"file_id": upload(client, world.seller(), pdf_page(m), f"statement-{m}.pdf"), "month": m}
        for m in months
    ]
    letter = upload(client, world.seller(), pdf_page("letter"), "letter.pdf")
    return client.post(
        "/api/v1/payouts/reviews",
        headers=world.seller(),
        json={
            "statements": statements,
            "letter_file_id": letter,
            "explanation": "We changed banks.",
        },
    )


def test_PAYOUT_2_support_cannot_lift_a_hold_risk_review_decides_and_result_in_chat(
    client, world, rt
):
    _funded(client, world, rt)
    client.put(
        "/api/v1/payouts/account",
        headers=world.seller(),
        json={**ACCOUNT, "account_number": "40702810938000000002"},
    )
    incomplete = _file_review(client, world, months=("2026-01", "2026-02"))
    assert incomplete.status_code == 409 and incomplete.json()["rule"] == "PAYOUT-2"
    assert incomplete.json()["facts"]["missing_months"] == ["2025-12"]
    filed = _file_review(client, world)
    assert filed.status_code == 201, filed.text
    review = filed.json()
    assert datetime.fromisoformat(review["decide_by"]) == START + timedelta(hours=72)
    assert review["holds"][0]["reason"] == "account_change"
    support = client.post(
        f"/api/v1/payouts/reviews/{review['id']}/decision",
        headers=world.staff_headers("support_agent"),
        json={"decision": "approve"},
    )
    assert support.status_code == 403 and support.json()["rule"] == "PAYOUT-2"
    assert _withdraw(client, world).status_code == 409
    decided = client.post(
        f"/api/v1/payouts/reviews/{review['id']}/decision",
        headers=world.staff_headers("risk_reviewer"),
        json={"decision": "approve", "note": "statements match"},
    ).json()
    assert decided["status"] == "approved" and decided["lifted_reasons"] == ["account_change"]
    assert _withdraw(client, world).status_code == 201
    with rt.reader() as uow:
        notice = (
            uow.session.query(ChatMessage)
            .filter_by(seller_id=world.sellers[0], notice_kind="payout_review_approved")
            .one()
        )
        actions = [e.action for e in uow.session.query(Event).filter_by(rule="PAYOUT-2")]
    assert "PAYOUT-2" in notice.texts["en"] and "одобрена" in notice.texts["ru"]
    assert actions == ["review_filed", "review_approved"]


def test_PAYOUT_2_review_undecided_by_72h_shows_overdue(client, world, rt):
    _funded(client, world, rt)
    client.put(
        "/api/v1/payouts/account",
        headers=world.seller(),
        json={**ACCOUNT, "account_number": "40702810938000000002"},
    )
    review = _file_review(client, world).json()
    assert advance(client, world, "71h")["total"] == 0
    report = advance(client, world, "1h")
    assert (
        f"payout review {review['id']} of seller {world.sellers[0]} overdue, PAYOUT-2"
        in report["happened"]
    )
    queue = client.get("/api/v1/payouts/reviews", headers=world.staff_headers("risk_reviewer"))
    assert queue.json()[0]["overdue_at"] is not None


def test_PAYOUT_2_nothing_to_review_without_a_hold(client, world, rt):
    _funded(client, world, rt)
    response = _file_review(client, world)
    assert response.status_code == 409 and response.json()["rule"] == "PAYOUT-2"
