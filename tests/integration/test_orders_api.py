"""Orders through the API on SQLite and PostgreSQL: ORDER-1..3, CANCEL-1, CANCEL-4, CANCEL-5."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from tests.conftest import START
from tests.integration.flows import advance, ledger, order, order_lines, paid, place


def test_ORDER_1_payment_starts_ship_by_per_delivery_type(client, world):
    standard = paid(client, world)
    express = paid(client, world, delivery="express")
    seller = world.seller()
    assert datetime.fromisoformat(order(client, seller, standard)["ship_by"]) == START + timedelta(
        days=6
    )
    assert datetime.fromisoformat(order(client, seller, express)["ship_by"]) == START + timedelta(
        days=2
    )
    events = client.get(f"/api/v1/orders/{standard}/events", headers=seller).json()
    assert [e["action"] for e in events] == ["place", "pay"]
    assert events[1]["rule"] == "ORDER-1"


def test_ORDER_1_full_lifecycle_to_delivered(client, world):
    number = paid(client, world)
    seller = world.seller()
    assert (
        client.post(f"/api/v1/orders/{number}/pack", headers=seller).json()["status"]
        == "awaiting_deliver"
    )
    shipped = client.post(
        f"/api/v1/orders/{number}/ship", headers=seller, json={"tracking_number": "RU123456789"}
    )
    assert shipped.json()["status"] == "delivering"
    delivered = client.post(
        f"/api/v1/orders/{number}/deliver", headers=world.staff_headers("admin")
    )
    assert delivered.json()["status"] == "delivered"
    assert order(client, world.buyer(), number)["late_shipment"] is False


def test_ORDER_2_unpaid_order_cancelled_when_payment_window_ends(client, world):
    number = place(client, world)
    report = advance(client, world, "47h")
    assert order(client, world.seller(), number)["status"] == "unpaid"
    report = advance(client, world, "1h")
    assert f"posting {number} cancelled: not paid in time, ORDER-2" in report["happened"]
    found = order(client, world.seller(), number)
    assert found["status"] == "cancelled"
    assert found["cancellation"]["rule"] == "ORDER-2"
    assert found["cancellation"]["fault"] == "buyer"


def test_CANCEL_1_buyer_cancels_unshipped_order_not_counted_against_seller(client, world):
    number = paid(client, world)
    response = client.post(f"/api/v1/orders/{number}/cancel", headers=world.buyer())
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "cancelled"
    assert body["cancellation"] == {
        "rule": "CANCEL-1",
        "fault": "buyer",
        "reason": "buyer_cancelled",
        "at": body["cancellation"]["at"],
    }
    assert body["late_shipment"] is False


def test_CANCEL_1_buyer_cannot_cancel_packed_order_directly(client, world):
    number = paid(client, world)
    client.post(f"/api/v1/orders/{number}/pack", headers=world.seller())
    response = client.post(f"/api/v1/orders/{number}/cancel", headers=world.buyer())
    assert response.status_code == 409
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert problem["rule"] == "CANCEL-1"
    assert "request" in problem["next_step"]
    assert order(client, world.buyer(), number)["status"] == "awaiting_deliver"


def test_CANCEL_4_K_1_unshipped_order_auto_cancelled_at_ship_by_with_full_refund(client, world):
    number = paid(client, world)
    first = advance(client, world, "5d23h59m")
    assert order_lines(first) == []
    report = advance(client, world, "1m")
    assert order_lines(report) == [f"posting {number} auto-cancelled, CANCEL-4"]
    found = order(client, world.seller(), number)
    assert found["status"] == "cancelled"
    assert found["late_shipment"] is True
    assert found["cancellation"]["fault"] == "seller"
    entries = ledger(client, world.seller())
    kinds = {e["kind"]: Decimal(e["amount"]) for e in entries["entries"]}
    assert kinds["refund"] == Decimal("-6100.00")  # full refund of 2x450 + 5200
    events = client.get(f"/api/v1/orders/{number}/events", headers=world.seller()).json()
    assert events[-1]["rule"] == "CANCEL-4"
    assert events[-1]["at"].startswith((START + timedelta(days=6)).strftime("%Y-%m-%dT%H:%M"))


def test_CANCEL_4_sweep_is_idempotent(client, world, rt):
    from sellerdesk.jobs.sweeps import run_due

    paid(client, world)
    advance(client, world, "7d")
    assert not [line for line in run_due(rt, rt.clock.now()) if line.startswith("posting")]
    assert len(ledger(client, world.seller())["entries"]) == 3  # sale, refund, storage


def test_CANCEL_5_cancelled_unshipped_order_pays_no_commission_but_keeps_storage(client, world):
    number = paid(client, world)
    advance(client, world, "2d1h")
    client.post(f"/api/v1/orders/{number}/cancel", headers=world.buyer())
    found = ledger(client, world.seller())
    assert "commission" not in found["totals"]
    assert Decimal(found["totals"]["sale"]) == Decimal("6100.00")
    assert Decimal(found["totals"]["refund"]) == Decimal("-6100.00")
    # 3 items x 3 started days x 0.50 RUB, kept after the cancellation
    assert Decimal(found["totals"]["storage_fee"]) == Decimal("-4.50")
    assert Decimal(found["balance"]) == Decimal("-4.50")


def test_CANCEL_5_shipped_order_charges_commission_by_category(client, world):
    number = paid(client, world)
    client.post(
        f"/api/v1/orders/{number}/ship", headers=world.seller(), json={"tracking_number": "RU1"}
    )
    totals = ledger(client, world.seller())["totals"]
    # home 10% of 900 + jewellery 20% of 5200
    assert Decimal(totals["commission"]) == Decimal("-1130.00")


def test_ORDER_3_address_change_once_reviewed_by_staff(client, world):
    number = paid(client, world)
    seller = world.seller()
    created = client.post(
        f"/api/v1/orders/{number}/address-change",
        headers=seller,
        json={"new_address": "Казань, ул. Баумана, 5"},
    )
    assert created.status_code == 201, created.text
    again = client.post(
        f"/api/v1/orders/{number}/address-change",
        headers=seller,
        json={"new_address": "Казань, ул. Баумана, 7"},
    )
    assert again.status_code == 409 and again.json()["rule"] == "ORDER-3"
    decided = client.post(
        f"/api/v1/address-changes/{created.json()['id']}/decision",
        headers=world.staff_headers("moderator"),
        json={"decision": "approve"},
    )
    assert decided.json()["status"] == "approved"
    found = order(client, world.buyer(), number)
    assert found["address"] == "Казань, ул. Баумана, 5"
    assert found["address_changes_used"] == 1
    second = client.post(
        f"/api/v1/orders/{number}/address-change", headers=seller, json={"new_address": "Омск"}
    )
    assert second.status_code == 409
    assert "already used" in second.json()["detail"]


def test_ORDER_3_rejected_change_does_not_use_the_free_change(client, world):
    number = paid(client, world)
    seller = world.seller()
    first = client.post(
        f"/api/v1/orders/{number}/address-change", headers=seller, json={"new_address": "Тула"}
    ).json()
    client.post(
        f"/api/v1/address-changes/{first['id']}/decision",
        headers=world.staff_headers("moderator"),
        json={"decision": "reject"},
    )
    second = client.post(
        f"/api/v1/orders/{number}/address-change", headers=seller, json={"new_address": "Тверь"}
    )
    assert second.status_code == 201


def test_ORDER_3_no_address_change_after_shipment(client, world):
    number = paid(client, world)
    client.post(
        f"/api/v1/orders/{number}/ship", headers=world.seller(), json={"tracking_number": "RU1"}
    )
    response = client.post(
        f"/api/v1/orders/{number}/address-change",
        headers=world.seller(),
        json={"new_address": "Тверь"},
    )
    assert response.status_code == 409 and response.json()["rule"] == "ORDER-3"
