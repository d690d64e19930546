"""Automatic refunds through the API: REFUND-1 (tracking stall, expected date, complaints),
REFUND-2 (the dispute names rule and facts), REFUND-3 (48h window), REFUND-4 (per SKU), K-20."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from sellerdesk.store.tables import Event, LedgerEntry, StoredFile
from tests.conftest import START
from tests.integration.disputes.dispute_flows import (
    complain,
    delivered,
    dispute,
    disputes_of,
    ours,
    photo,
    shipped,
    track,
)
from tests.integration.flows import advance, order


def _events(rt, action, subject_type="dispute"):
    with rt.reader() as uow:
        return list(
            uow.session.execute(
                select(Event).where(Event.action == action, Event.subject_type == subject_type)
            ).scalars()
        )


def _ledger(rt, kind):
    with rt.reader() as uow:
        return list(
            uow.session.execute(select(LedgerEntry).where(LedgerEntry.kind == kind)).scalars()
        )


def test_REFUND_1_tracking_stall_refunds_after_5_days_and_names_the_facts(client, world, rt):
    number = shipped(client, world)
    track(client, world, number, "in_transit", location="Москва")
    assert not ours(advance(client, world, "4d23h59m"))

    report = advance(client, world, "1m")

    assert any(
        f"posting {number} refunded 2100.00 (tracking_stall)" in line for line in report["happened"]
    )
    found = disputes_of(client, world.seller())
    assert len(found) == 1
    record = found[0]
    assert record["type"] == "tracking_stall" and record["trigger_rule"] == "REFUND-1"
    assert record["facts"].startswith(
        "carrier status not updated for 5 days since 2026-03-02 12:00 MSK"
    )
    assert record["status"] == "open" and record["appealable"] is True
    refunded_at = START + timedelta(days=5)
    assert datetime.fromisoformat(record["appeal_until"]) == refunded_at + timedelta(days=7)
    assert "Appealable until 2026-03-14 12:00 MSK (DISPUTE-1)" in record["note"]
    refunds = _ledger(rt, "refund")
    assert sorted(e.amount for e in refunds) == [Decimal("-1200.00"), Decimal("-900.00")]
    assert {e.rule for e in refunds} == {"REFUND-1"}
    created = _events(rt, "refund.created")
    assert {(e.payload["sku"], e.payload["amount"]) for e in created} == {
        ("SKU-1", "900.00"),
        ("SKU-2", "1200.00"),
    }
    assert all(
        e.seller_id == world.sellers[0]
        and e.payload["posting_number"] == number
        and e.payload["trigger_rule"] == "REFUND-1"
        for e in created
    )
    # Refunded before delivery: the order stays with the carrier.
    assert order(client, world.seller(), number)["status"] == "delivering"


def test_REFUND_1_each_tracking_event_restarts_the_stall_timer(client, world):
    number = shipped(client, world)
    track(client, world, number, "in_transit")
    advance(client, world, "4d")
    moved = track(client, world, number, "sorting", location="Казань")
    assert datetime.fromisoformat(moved["stall_due_at"]) == START + timedelta(days=9)

    assert not ours(advance(client, world, "4d23h"))
    assert disputes_of(client, world.seller()) == []
    advance(client, world, "1h")
    assert len(disputes_of(client, world.seller())) == 1


def test_REFUND_1_K_20_no_delivery_confirmation_before_moscow_midnight_of_expected_date(
    client, world
):
    number = shipped(client, world)
    watch = track(client, world, number, "in_transit", expected_delivery_date="2026-03-04")
    # K-20: the carrier must confirm before Moscow midnight ending 4 March = 21:00 UTC.
    assert watch["delivery_due_at"].startswith("2026-03-04T21:00:00")
    advance(client, world, "2d11h59m")  # 2026-03-04 20:59 UTC
    assert disputes_of(client, world.seller()) == []

    report = advance(client, world, "1m")

    assert any("not_delivered_by_date" in line for line in report["happened"])
    (record,) = disputes_of(client, world.seller())
    assert record["type"] == "not_delivered_by_date"
    assert "expected date 2026-03-04" in record["facts"] and "K-20" in record["facts"]


def test_REFUND_1_delivery_confirmed_by_the_carrier_stops_every_timer(client, world, rt):
    number = shipped(client, world)
    track(client, world, number, "in_transit", expected_delivery_date="2026-03-04")
    advance(client, world, "1d")
    tracking = track(client, world, number, "delivered", location="Москва")

    assert tracking["state"] == "delivered" and tracking["stall_due_at"] is None
    assert order(client, world.seller(), number)["status"] == "delivered"
    advance(client, world, "10d")
    assert disputes_of(client, world.seller()) == []
    timeline = client.get(f"/api/v1/orders/{number}/events", headers=world.seller()).json()
    assert [e["action"] for e in timeline][-2:] == ["tracking_update", "deliver"]


def test_REFUND_1_buyer_cannot_report_tracking_and_tracking_is_readable_by_the_buyer(client, world):
    number = shipped(client, world)
    refused = client.post(
        f"/api/v1/orders/{number}/tracking-events",
        headers=world.buyer(),
        json={"carrier": "CDEK", "status": "delivered"},
    )
    assert refused.status_code == 403
    other = client.post(
        f"/api/v1/orders/{number}/tracking-events",
        headers=world.seller(1),
        json={"carrier": "CDEK", "status": "delivered"},
    )
    assert other.status_code == 404  # K-16
    track(client, world, number, "accepted")
    seen = client.get(f"/api/v1/orders/{number}/tracking", headers=world.buyer()).json()
    assert seen["state"] == "watching" and seen["events"][0]["status"] == "accepted"
    future = client.post(
        f"/api/v1/orders/{number}/tracking-events",
        headers=world.seller(),
        json={"carrier": "CDEK", "status": "sorting", "occurred_at": "2027-01-01T00:00:00Z"},
    )
    assert future.status_code == 422 and future.json()["rule"] == "REFUND-1"


def test_REFUND_3_not_received_within_48h_of_delivery_refunds_under_REFUND_1(client, world):
    number = delivered(client, world)
    advance(client, world, "47h")

    response = complain(client, world, number, "not_received")

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["trigger_rule"] == "REFUND-1" and body["for_buyer_by_default"] is False
    assert "47 hours after delivery" in body["facts"] and "within 48 hours" in body["facts"]
    assert body["amount"] == "2100.00"
    # A full refund after delivery returns the order.
    assert order(client, world.buyer(), number)["status"] == "returned"


def test_REFUND_3_late_not_received_is_decided_for_the_buyer_by_default_and_says_so(
    client, world, rt
):
    number = delivered(client, world)
    advance(client, world, "3d")

    body = complain(client, world, number, "not_received").json()

    assert body["trigger_rule"] == "REFUND-3" and body["for_buyer_by_default"] is True
    assert "later than 48 hours: decided for the buyer by default" in body["facts"]
    assert body["note"].startswith("Decided for the buyer by default (REFUND-3)")
    assert body["appealable"] is True
    assert {e.rule for e in _ledger(rt, "refund")} == {"REFUND-3"}


def test_REFUND_4_complaint_about_one_sku_refunds_only_that_sku(client, world, rt):
    number = delivered(client, world)

    first = complain(client, world, number, "wrong_item", skus=["SKU-2"])

    assert first.status_code == 201, first.text
    body = first.json()
    assert body["skus"] == ["SKU-2"] and body["amount"] == "1200.00"
    assert [(r["sku"], r["quantity"], r["partial"]) for r in body["refunds"]] == [
        ("SKU-2", 1, True)
    ]
    assert order(client, world.buyer(), number)["status"] == "delivered"
    again = complain(client, world, number, "not_as_described", skus=["SKU-2"])
    assert again.status_code == 409 and again.json()["rule"] == "REFUND-4"
    one_mug = complain(client, world, number, "not_as_described", skus={"SKU-1": 1})
    assert one_mug.json()["amount"] == "450.00"
    assert order(client, world.buyer(), number)["status"] == "delivered"
    last = complain(client, world, number, "not_as_described", skus={"SKU-1": 1})
    assert last.status_code == 201
    # Now every unit is refunded: the order is returned.
    assert order(client, world.buyer(), number)["status"] == "returned"
    refunds = client.get(f"/api/v1/orders/{number}/refunds", headers=world.seller()).json()
    assert [(r["sku"], r["amount"]) for r in refunds] == [
        ("SKU-2", "1200.00"),
        ("SKU-1", "450.00"),
        ("SKU-1", "450.00"),
    ]
    events = _events(rt, "refund.created")
    assert all(e.payload["partial_rule"] == "REFUND-4" for e in events)


def test_REFUND_1_damage_complaint_needs_photos_checked_by_content(client, world, rt):
    number = delivered(client, world)
    without = complain(client, world, number, "damaged")
    assert without.status_code == 409 and without.json()["rule"] == "REFUND-1"
    fake = complain(
        client, world, number, "damaged", photos=[("broken.jpg", b"MZ" + b"\x00" * 500)]
    )
    assert fake.status_code == 409 and fake.json()["rule"] == "DISPUTE-2"

    response = complain(
        client, world, number, "damaged", skus=["SKU-1"], photos=[("broken.jpg", photo("gray"))]
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["type"] == "damaged" and len(body["buyer_files"]) == 1
    with rt.reader() as uow:
        stored = uow.session.get(StoredFile, body["buyer_files"][0])
    assert stored.media_type == "image/jpeg" and stored.owner == f"buyer:{world.buyers[0]}"


def test_REFUND_1_complaint_while_the_parcel_travels_points_to_the_automatic_triggers(
    client, world
):
    number = shipped(client, world)
    response = complain(client, world, number, "not_received")
    assert response.status_code == 409
    assert response.json()["rule"] == "REFUND-1"
    assert "refunded automatically if tracking stalls for 5 days" in response.json()["next_step"]
    other = complain(client, world, number, "not_received", buyer=1)
    assert other.status_code == 404  # K-16


def test_REFUND_2_refund_and_dispute_appear_on_the_order_timeline(client, world):
    number = delivered(client, world)
    body = complain(client, world, number, "wrong_item").json()
    timeline = client.get(f"/api/v1/orders/{number}/events", headers=world.seller()).json()
    refund = next(e for e in timeline if e["action"] == "auto_refund")
    assert refund["rule"] == "REFUND-1" and refund["payload"]["dispute_id"] == body["id"]
    assert timeline[-1]["action"] == "refund_returned"
    detail = dispute(client, world.seller(), body["id"])
    assert [h["action"] for h in detail["history"]] == [
        "refund.created",
        "refund.created",
        "dispute.opened",
    ]
    assert detail["evidence_slots"]["wrong_item"] == [
        "packing_photos",
        "product_photos_with_label",
        "packing_list",
    ]
