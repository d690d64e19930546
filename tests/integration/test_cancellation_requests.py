"""Cancellation requests through the API: CANCEL-2, CANCEL-3 with K-5, K-6, K-7."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from tests.conftest import START
from tests.integration.flows import advance, ledger, order, order_lines, paid


def _packed(client, world):
    number = paid(client, world)
    client.post(f"/api/v1/orders/{number}/pack", headers=world.seller())
    return number


def _buyer_request(client, world, number):
    response = client.post(
        f"/api/v1/orders/{number}/cancellation-requests",
        headers=world.buyer(),
        json={"reason": "changed_mind"},
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_CANCEL_2_buyer_request_approved_by_seller_cancels_order(client, world):
    number = _packed(client, world)
    request = _buyer_request(client, world, number)
    assert request["rule"] == "CANCEL-2"
    assert datetime.fromisoformat(request["decide_by"]) == START + timedelta(days=5)
    decided = client.post(
        f"/api/v1/cancellation-requests/{request['id']}/decision",
        headers=world.seller(),
        json={"decision": "approve"},
    )
    assert decided.json()["status"] == "approved"
    found = order(client, world.buyer(), number)
    assert found["status"] == "cancelled"
    assert found["cancellation"]["fault"] == "buyer"


def test_CANCEL_2_approved_after_handover_becomes_return_K_5(client, world):
    number = _packed(client, world)
    client.post(
        f"/api/v1/orders/{number}/ship", headers=world.seller(), json={"tracking_number": "RU77"}
    )
    request = _buyer_request(client, world, number)
    client.post(
        f"/api/v1/cancellation-requests/{request['id']}/decision",
        headers=world.seller(),
        json={"decision": "approve"},
    )
    assert order(client, world.buyer(), number)["status"] == "returned"


def test_CANCEL_2_undecided_request_auto_rejected_at_deadline_order_continues(client, world):
    number = _packed(client, world)
    request = _buyer_request(client, world, number)
    assert order_lines(advance(client, world, "4d23h")) == []
    report = advance(client, world, "1h")
    assert (
        f"cancellation request {request['id']} on {number} auto-rejected, CANCEL-2"
        in report["happened"]
    )
    rows = client.get("/api/v1/cancellation-requests", headers=world.buyer()).json()["items"]
    assert rows[0]["status"] == "auto_rejected"
    assert order(client, world.seller(), number)["status"] == "awaiting_deliver"
    late = client.post(
        f"/api/v1/cancellation-requests/{request['id']}/decision",
        headers=world.seller(),
        json={"decision": "approve"},
    )
    assert late.status_code == 409


def test_CANCEL_2_request_on_unpacked_order_points_to_direct_cancel(client, world):
    number = paid(client, world)
    response = client.post(
        f"/api/v1/orders/{number}/cancellation-requests",
        headers=world.buyer(),
        json={"reason": "changed_mind"},
    )
    assert response.status_code == 409
    assert response.json()["rule"] == "CANCEL-1"


def _seller_request(client, world, number, reason="stock_out"):
    response = client.post(
        f"/api/v1/orders/{number}/cancellation-requests",
        headers=world.seller(),
        json={"reason": reason, "comment": "last unit damaged"},
    )
    return response


def test_CANCEL_3_seller_request_due_in_10_business_days(client, world):
    number = paid(client, world)
    response = _seller_request(client, world, number)
    assert response.status_code == 201, response.text
    body = response.json()
    # Monday 2 March 2026 + 10 business days: 9 March is a holiday (observed Women's Day),
    # so the 10th business day is Tuesday 17 March, due at 18:00 Moscow.
    assert datetime.fromisoformat(body["decide_by"]) == datetime.fromisoformat(
        "2026-03-17T18:00:00+03:00"
    )
    assert body["rule"] == "CANCEL-3"
    assert order(client, world.seller(), number)["auto_cancel_held"] is True


def test_CANCEL_3_unknown_reason_refused_with_allowed_list(client, world):
    number = paid(client, world)
    response = _seller_request(client, world, number, reason="too_busy")
    assert response.status_code == 422
    assert response.json()["rule"] == "CANCEL-3"
    assert "stock_out" in response.json()["detail"]


def test_CANCEL_3_K_16_only_staff_decide_and_decision_is_final(client, world):
    number = paid(client, world)
    request = _seller_request(client, world, number).json()
    by_seller = client.post(
        f"/api/v1/cancellation-requests/{request['id']}/decision",
        headers=world.seller(),
        json={"decision": "approve"},
    )
    assert by_seller.status_code == 403
    by_risk = client.post(
        f"/api/v1/cancellation-requests/{request['id']}/decision",
        headers=world.staff_headers("risk_reviewer"),
        json={"decision": "approve"},
    )
    assert by_risk.status_code == 403
    ok = client.post(
        f"/api/v1/cancellation-requests/{request['id']}/decision",
        headers=world.staff_headers("moderator"),
        json={"decision": "approve"},
    )
    assert ok.status_code == 200
    found = order(client, world.seller(), number)
    assert found["status"] == "cancelled" and found["cancellation"]["fault"] == "seller"
    again = client.post(
        f"/api/v1/cancellation-requests/{request['id']}/decision",
        headers=world.staff_headers("moderator"),
        json={"decision": "reject"},
    )
    assert again.status_code == 409 and "final" in again.json()["detail"]


def test_CANCEL_3_K_6_auto_cancel_held_while_pending_then_rejected_must_ship_and_is_fined(
    client, world
):
    number = paid(client, world)
    request = _seller_request(client, world, number).json()
    report = advance(client, world, "8d")  # past the original ship-by
    assert order_lines(report) == []
    assert order(client, world.seller(), number)["status"] == "awaiting_packaging"
    client.post(
        f"/api/v1/cancellation-requests/{request['id']}/decision",
        headers=world.staff_headers("moderator"),
        json={"decision": "reject"},
    )
    found = order(client, world.seller(), number)
    assert found["auto_cancel_held"] is False
    assert datetime.fromisoformat(found["ship_by"]) == START + timedelta(days=8 + 6)
    client.post(
        f"/api/v1/orders/{number}/ship", headers=world.seller(), json={"tracking_number": "RU5"}
    )
    fines = [e for e in ledger(client, world.seller())["entries"] if e["kind"] == "fine"]
    # K-7: the order holds a jewellery line, whose fine in the Ozon preset is 2000 RUB
    assert [Decimal(f["amount"]) for f in fines] == [Decimal("-2000.00")]
    assert fines[0]["rule"] == "CANCEL-3"


def test_CANCEL_3_K_6_rejected_and_still_unshipped_is_auto_cancelled_at_new_ship_by(client, world):
    number = paid(client, world)
    request = _seller_request(client, world, number).json()
    advance(client, world, "1d")
    client.post(
        f"/api/v1/cancellation-requests/{request['id']}/decision",
        headers=world.staff_headers("moderator"),
        json={"decision": "reject"},
    )
    report = advance(client, world, "6d")
    assert f"posting {number} auto-cancelled, CANCEL-4" in report["happened"]


def test_CANCEL_3_K_6_overdue_request_stays_pending_and_shows_overdue(client, world):
    number = paid(client, world)
    _seller_request(client, world, number)
    advance(client, world, "20d")
    rows = client.get(
        "/api/v1/cancellation-requests?status=pending", headers=world.staff_headers("moderator")
    ).json()["items"]
    assert rows[0]["overdue"] is True
    assert order(client, world.seller(), number)["status"] == "awaiting_packaging"


def test_CANCEL_2_second_pending_request_refused(client, world):
    number = _packed(client, world)
    _buyer_request(client, world, number)
    again = client.post(
        f"/api/v1/orders/{number}/cancellation-requests",
        headers=world.buyer(),
        json={"reason": "changed_mind"},
    )
    assert again.status_code == 409
