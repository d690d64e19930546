"""Appeals through the API: DISPUTE-1 window, DISPUTE-5 decision by the sweep, DISPUTE-6 one
appeal, DISPUTE-7 factors, DISPUTE-8 money, K-14 duplicate evidence, outcome in chat and e-mail."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from sellerdesk.jobs.outbox import dispatch_outbox
from sellerdesk.store.tables import Event, LedgerEntry
from tests.integration.disputes.dispute_flows import (
    appeal,
    complain,
    delivered,
    dispute,
    good_evidence,
    ours,
    photo,
    proof_of_delivery,
    stalled,
    stalled_many,
    start_smtp,
    tracking_page,
)
from tests.integration.flows import advance


@pytest.fixture
def smtp(rt):
    controller, inbox, port = start_smtp()
    rt.settings.smtp_port = port
    yield inbox
    controller.stop()


def _ledger(rt, kind):
    with rt.reader() as uow:
        return list(
            uow.session.execute(select(LedgerEntry).where(LedgerEntry.kind == kind)).scalars()
        )


def _decided_events(rt):
    with rt.reader() as uow:
        return list(
            uow.session.execute(select(Event).where(Event.action == "dispute.decided")).scalars()
        )


def test_DISPUTE_1_appeal_window_closes_after_7_days(client, world, rt):
    number, record = stalled(client, world)
    assert not any("closed" in line for line in ours(advance(client, world, "6d23h59m")))

    report = advance(client, world, "1m")

    assert f"dispute {record['id']} closed: appeal window ended, DISPUTE-1" in report["happened"]
    closed = dispute(client, world.seller(), record["id"])
    assert closed["status"] == "closed" and closed["outcome_rule"] == "DISPUTE-1"
    assert [r["outcome"] for r in closed["refunds"]] == ["kept", "kept"]
    assert closed["history"][-1]["action"] == "dispute.closed"
    late = appeal(client, world, record["id"], good_evidence(number))
    assert late.status_code == 409 and late.json()["rule"] == "DISPUTE-1"


def test_DISPUTE_5_appeal_decided_by_the_sweep_at_72h_won_returns_the_refund_DISPUTE_8(
    client, world, rt, smtp
):
    number, record = stalled(client, world)

    filed = appeal(client, world, record["id"], good_evidence(number), comment="delivered")

    assert filed.status_code == 201, filed.text
    body = filed.json()
    assert body["status"] == "submitted" and body["grounds"] == "tracking_stall"
    submitted = datetime.fromisoformat(body["submitted_at"])
    # Filed 7 March 2026: 72h extended by 8 March (a Sunday holiday) and 9 March (K-2).
    assert datetime.fromisoformat(body["decide_by"]) == submitted + timedelta(hours=72 + 48)
    assert all(f["ok"] for f in body["findings"]), [f for f in body["findings"] if not f["ok"]]
    assert {f["slot"] for f in body["files"]} == {"tracking_page", "proof_of_delivery"}
    assert dispute(client, world.seller(), record["id"])["status"] == "appealed"
    assert not any("decided" in line for line in ours(advance(client, world, "119h59m")))

    report = advance(client, world, "1m")

    assert f"dispute {record['id']} decided: won, DISPUTE-5" in report["happened"]
    decided = dispute(client, world.seller(), record["id"])
    assert decided["status"] == "won" and decided["returned_amount"] == "2100.00"
    factors = {f["name"]: f for f in decided["appeal"]["decision"]["factors"]}
    assert factors["completeness"]["contribution"] == 0.6
    assert factors["integrated_carrier"]["contribution"] == 0.1
    assert factors["dispute_type"]["contribution"] == -0.1
    assert set(factors) >= {"refund_rate", "health_score", "shipped_on_time", "high_risk_category"}
    reversals = _ledger(rt, "refund_reversal")
    assert sorted(e.amount for e in reversals) == [Decimal("900.00"), Decimal("1200.00")]
    assert {e.rule for e in reversals} == {"DISPUTE-8"}
    (event,) = _decided_events(rt)
    assert event.payload["outcome"] == "won" and event.seller_id == world.sellers[0]
    # The outcome reaches the seller in chat (platform inbox) and by e-mail (SMTP).
    with rt.reader() as uow:
        chat = [m for m in _platform_notices(uow, world.sellers[0])]
    assert any(f"dispute {record['id']}" in m for m in chat)
    dispatch_outbox(rt)
    subjects = [str(m["Subject"]) for m in smtp.messages]
    assert f"Appeal won: dispute {record['id']}, posting {number} (DISPUTE-7)" in subjects
    assert any("Automatic refund 2100.00 RUB" in s for s in subjects)


def _platform_notices(uow, seller_id):
    from sellerdesk.store.tables.chat import ChatMessage

    return [
        m.texts.get("en", "")
        for m in uow.session.execute(
            select(ChatMessage).where(ChatMessage.author == "system")
        ).scalars()
        if getattr(m, "notice_kind", None) == "dispute_outcome"
    ]


def test_DISPUTE_6_one_appeal_per_dispute_and_its_outcome_is_final(client, world):
    number, record = stalled(client, world)
    assert appeal(client, world, record["id"], good_evidence(number)).status_code == 201

    again = appeal(client, world, record["id"], good_evidence(number))

    assert again.status_code == 409 and again.json()["rule"] == "DISPUTE-6"


def test_DISPUTE_3_incomplete_evidence_loses_with_every_factor_shown(client, world, rt):
    number, record = stalled(client, world)
    files = {"tracking_page": [("tracking.pdf", tracking_page(number, stamp=False))]}
    body = appeal(client, world, record["id"], files).json()
    assert not all(f["ok"] for f in body["findings"])

    advance(client, world, "5d")

    decided = dispute(client, world.seller(), record["id"])
    assert decided["status"] == "rejected" and decided["outcome_rule"] == "DISPUTE-3"
    assert "proof_of_delivery" in decided["appeal"]["decision"]["gates"][0]
    assert len(decided["appeal"]["decision"]["factors"]) >= 7
    assert _ledger(rt, "refund_reversal") == []
    assert _decided_events(rt)[0].payload["outcome"] == "rejected"


def test_DISPUTE_8_lost_appeal_is_fined_where_the_policy_says(client, world, rt):
    rt.policy = rt.policy.model_copy(
        update={"dispute": rt.policy.dispute.model_copy(update={"loss_fine_when": "always"})}
    )
    number, record = stalled(client, world)
    appeal(client, world, record["id"], {"tracking_page": [("t.pdf", tracking_page(number))]})
    advance(client, world, "5d")

    (fine,) = _ledger(rt, "fine")
    assert fine.amount == Decimal("-500.00") and fine.rule == "DISPUTE-8"
    decided = dispute(client, world.seller(), record["id"])
    assert decided["fine_amount"] == "500.00" and "fine 500" in decided["note"]


def test_REFUND_4_won_appeal_returns_only_the_skus_its_evidence_covers(client, world, rt):
    number, record = stalled(client, world)
    files = {
        "tracking_page": [("tracking.pdf", tracking_page(number, skus="SKU-1"))],
        "proof_of_delivery": [("pod.pdf", proof_of_delivery(number))],
    }
    appeal(client, world, record["id"], files)
    advance(client, world, "5d")

    decided = dispute(client, world.seller(), record["id"])
    assert decided["status"] == "won" and decided["returned_amount"] == "900.00"
    assert {r["sku"]: r["outcome"] for r in decided["refunds"]} == {
        "SKU-1": "returned",
        "SKU-2": "kept",
    }
    assert "SKU(s) SKU-2 not covered" in decided["note"]


def test_REFUND_3_late_not_received_appeal_is_rejected_by_default(client, world):
    number = delivered(client, world)
    advance(client, world, "3d")
    record = complain(client, world, number, "not_received").json()
    appeal(client, world, record["id"], good_evidence(number))
    advance(client, world, "5d")

    decided = dispute(client, world.seller(), record["id"])
    assert decided["status"] == "rejected"
    late = next(
        f for f in decided["appeal"]["decision"]["factors"] if f["name"] == "late_not_received"
    )
    assert late["rule"] == "REFUND-3" and late["contribution"] == -1.0


def test_K_14_identical_evidence_while_an_appeal_is_open_rejects_unreviewed_and_throttles(
    client, world, rt
):
    (first_number, first), (second_number, second), (third_number, third) = stalled_many(
        client, world, 3
    )
    shared = photo("navy")
    first_files = good_evidence(first_number) | {"packing_photos": [("box.jpg", shared)]}
    assert appeal(client, world, first["id"], first_files).json()["status"] == "submitted"

    reused = good_evidence(second_number) | {"packing_photos": [("box-again.jpg", shared)]}
    rejected = appeal(client, world, second["id"], reused)

    assert rejected.status_code == 201
    body = rejected.json()
    assert body["status"] == "rejected" and body["reviewed"] is False
    assert body["reject_rule"] == "K-14"
    throttled_until = datetime.fromisoformat(body["throttled_until"])
    assert throttled_until == datetime.fromisoformat(body["submitted_at"]) + timedelta(hours=24)
    shown = dispute(client, world.seller(), second["id"])
    assert shown["status"] == "rejected" and shown["outcome_rule"] == "K-14"
    assert shown["note"].startswith("Rejected without review (K-14)")
    event = next(e for e in _decided_events(rt) if e.payload["dispute_id"] == second["id"])
    assert event.payload["reviewed"] is False and event.rule == "K-14"

    # While throttled, even fresh evidence is rejected without review.
    throttled = appeal(client, world, third["id"], good_evidence(third_number)).json()
    assert throttled["status"] == "rejected" and throttled["decision"]["reason"] == "throttled"
    # The first appeal is unaffected and decided on its merits.
    advance(client, world, "5d")
    assert dispute(client, world.seller(), first["id"])["status"] == "won"


def test_K_14_throttle_ends_after_24h(client, world):
    (first_number, first), (second_number, second), (later_number, later) = stalled_many(
        client, world, 3
    )
    shared = photo("teal")
    appeal(
        client,
        world,
        first["id"],
        good_evidence(first_number) | {"packing_photos": [("a.jpg", shared)]},
    )
    appeal(
        client,
        world,
        second["id"],
        good_evidence(second_number) | {"packing_photos": [("b.jpg", shared)]},
    )
    advance(client, world, "24h")

    accepted = appeal(client, world, later["id"], good_evidence(later_number)).json()

    assert accepted["status"] == "submitted"


def test_K_16_other_seller_sees_nothing_and_buyer_may_not_appeal(client, world):
    number, record = stalled(client, world)
    assert (
        client.get(f"/api/v1/disputes/{record['id']}", headers=world.seller(1)).status_code == 404
    )
    buyer_view = client.get(f"/api/v1/disputes/{record['id']}", headers=world.buyer())
    assert buyer_view.status_code == 200
    response = client.post(
        f"/api/v1/disputes/{record['id']}/appeal",
        headers=world.buyer(),
        data={"confirm": "true"},
        files=[("tracking_page", ("t.pdf", tracking_page(number)))],
    )
    assert response.status_code == 403
    other = appeal(client, world, record["id"], good_evidence(number), seller=1)
    assert other.status_code == 404
    stranger = client.post(
        f"/api/v1/disputes/{record['id']}/appeal/check",
        headers=world.buyer(1),
        data={"confirm": "true"},
        files=[("tracking_page", ("t.pdf", tracking_page(number)))],
    )
    assert stranger.status_code == 404


def test_DISPUTE_5_appeal_needs_the_seller_to_confirm_the_information(client, world):
    number, record = stalled(client, world)
    response = appeal(client, world, record["id"], good_evidence(number), confirm=False)
    assert response.status_code == 422 and response.json()["rule"] == "DISPUTE-5"
    assert dispute(client, world.seller(), record["id"])["status"] == "open"


def test_DISPUTE_8_lost_appeal_with_refund_rate_above_average_is_fined_under_ozon(
    client, world, rt
):
    found = stalled_many(client, world, 21)  # 21 shipped postings, all refunded: rate 100%
    number, record = found[0]
    appeal(client, world, record["id"], {"tracking_page": [("t.pdf", tracking_page(number))]})
    advance(client, world, "5d")

    decided = dispute(client, world.seller(), record["id"])
    factor = next(f for f in decided["appeal"]["decision"]["factors"] if f["name"] == "refund_rate")
    assert factor["contribution"] == -0.1
    assert factor["says"].startswith("refund rate 100.0% (21 of 21 shipped postings in 30 days)")
    assert decided["status"] == "rejected" and decided["fine_amount"] == "500.00"
    (fine,) = _ledger(rt, "fine")
    assert fine.amount == Decimal("-500.00") and fine.rule == "DISPUTE-8"
