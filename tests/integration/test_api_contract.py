"""The API's promises: problem+json, idempotency, isolation, sandbox-only clock, no half writes."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sellerdesk.api.app import create_app
from sellerdesk.store.tables import CancellationRequest, Event, Order
from tests.conftest import make_runtime, order_body
from tests.integration.flows import order, paid


def _count(rt, table) -> int:
    with rt.reader() as uow:
        return uow.session.execute(select(func.count()).select_from(table)).scalar_one()


def test_malformed_json_is_a_problem_not_a_trace(client, world):
    response = client.post(
        "/api/v1/orders",
        headers={**world.buyer(), "content-type": "application/json"},
        content=b"{not json",
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "the request body is not valid JSON"


def test_wrong_types_name_the_field(client, world, rt):
    body = order_body(world)
    body["items"][0]["quantity"] = "many"
    response = client.post("/api/v1/orders", headers=world.buyer(), json=body)
    assert response.status_code == 422
    assert any(e["field"] == "items.0.quantity" for e in response.json()["errors"])
    assert _count(rt, Order) == 0


def test_unknown_key_in_body_refused(client, world):
    body = order_body(world)
    body["discount"] = "100"
    response = client.post("/api/v1/orders", headers=world.buyer(), json=body)
    assert response.status_code == 422


def test_unknown_order_is_404_problem(client, world):
    response = client.get("/api/v1/orders/99999999-0001-1", headers=world.seller())
    assert response.status_code == 404
    assert response.json()["type"].endswith("/not-found")


def test_missing_credentials_401_with_next_step(client):
    response = client.get("/api/v1/orders")
    assert response.status_code == 401
    assert "Api-Key" in response.json()["next_step"]


def test_wrong_api_key_401(client, world):
    response = client.get("/api/v1/orders", headers={"Client-Id": "200000", "Api-Key": "nope"})
    assert response.status_code == 401


def test_K_16_isolation_other_seller_and_buyer_get_404(client, world):
    number = paid(client, world, seller=0, buyer=0)
    assert client.get(f"/api/v1/orders/{number}", headers=world.seller(1)).status_code == 404
    assert client.get(f"/api/v1/orders/{number}", headers=world.buyer(1)).status_code == 404
    ship = client.post(
        f"/api/v1/orders/{number}/ship", headers=world.seller(1), json={"tracking_number": "X"}
    )
    assert ship.status_code == 404
    listed = client.get("/api/v1/orders", headers=world.seller(1)).json()
    assert listed["items"] == []
    events = client.get(f"/api/v1/orders/{number}/events", headers=world.buyer(1))
    assert events.status_code == 404


def test_illegal_transition_names_allowed_states(client, world):
    number = paid(client, world)
    client.post(
        f"/api/v1/orders/{number}/ship", headers=world.seller(), json={"tracking_number": "RU1"}
    )
    client.post(f"/api/v1/orders/{number}/deliver", headers=world.staff_headers("admin"))
    response = client.post(f"/api/v1/orders/{number}/cancel", headers=world.buyer())
    assert response.status_code == 409
    body = response.json()
    assert body["rule"] == "CANCEL-1"
    assert body["facts"]["status"] == "delivered"


def test_idempotency_key_replays_without_second_effect(client, world, rt):
    headers = {**world.buyer(), "Idempotency-Key": "order-abc"}
    first = client.post("/api/v1/orders", headers=headers, json=order_body(world))
    second = client.post("/api/v1/orders", headers=headers, json=order_body(world))
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert _count(rt, Order) == 1


def test_idempotency_key_with_other_body_is_422(client, world, rt):
    headers = {**world.buyer(), "Idempotency-Key": "order-xyz"}
    client.post("/api/v1/orders", headers=headers, json=order_body(world))
    other = order_body(world, delivery="express")
    response = client.post("/api/v1/orders", headers=headers, json=other)
    assert response.status_code == 422
    assert response.json()["type"].endswith("/idempotency-key-reused")
    assert _count(rt, Order) == 1


def test_idempotency_keys_are_per_caller(client, world, rt):
    client.post(
        "/api/v1/orders",
        headers={**world.buyer(0), "Idempotency-Key": "k"},
        json=order_body(world, buyer=0),
    )
    response = client.post(
        "/api/v1/orders",
        headers={**world.buyer(1), "Idempotency-Key": "k"},
        json=order_body(world, buyer=1),
    )
    assert response.status_code == 201
    assert _count(rt, Order) == 2


def test_failed_request_writes_nothing(client, world, rt):
    number = paid(client, world)
    events_before = _count(rt, Event)
    response = client.post(
        f"/api/v1/orders/{number}/cancellation-requests",
        headers=world.seller(),
        json={"reason": "stock_out", "evidence": [424242]},
    )
    assert response.status_code == 404
    assert _count(rt, CancellationRequest) == 0
    assert _count(rt, Event) == events_before
    assert order(client, world.seller(), number)["auto_cancel_held"] is False


def test_sandbox_clock_refused_outside_sandbox_mode(rt, tmp_path: Path, world):
    production = make_runtime(rt.settings.database_url, tmp_path, sandbox=False)
    with TestClient(create_app(production)) as api:
        response = api.post(
            "/api/v1/sandbox/clock/advance", headers=world.seller(), json={"by": "7d"}
        )
    assert response.status_code == 403
    assert response.json()["type"].endswith("/sandbox-only")


def test_bad_duration_is_a_clear_error(client, world):
    response = client.post(
        "/api/v1/sandbox/clock/advance", headers=world.seller(), json={"by": "a week"}
    )
    assert response.status_code == 422
    assert "7d" in response.json()["next_step"]
    backwards = client.post(
        "/api/v1/sandbox/clock/advance", headers=world.seller(), json={"by": "0s"}
    )
    assert backwards.status_code == 422


def test_list_orders_filters_and_cursor_pagination(client, world):
    numbers = [paid(client, world) for _ in range(5)]
    client.post(f"/api/v1/orders/{numbers[0]}/cancel", headers=world.buyer())
    page = client.get("/api/v1/orders?limit=2", headers=world.seller()).json()
    seen = [o["posting_number"] for o in page["items"]]
    while page["next_cursor"]:
        page = client.get(
            f"/api/v1/orders?limit=2&cursor={page['next_cursor']}", headers=world.seller()
        ).json()
        seen += [o["posting_number"] for o in page["items"]]
    assert sorted(seen) == sorted(numbers)
    cancelled = client.get("/api/v1/orders?status=cancelled", headers=world.seller()).json()
    assert [o["posting_number"] for o in cancelled["items"]] == [numbers[0]]
    bad = client.get("/api/v1/orders?status=lost", headers=world.seller())
    assert bad.status_code == 422
    bad_cursor = client.get("/api/v1/orders?cursor=zzz", headers=world.seller())
    assert bad_cursor.status_code == 422


def test_openapi_served(client):
    spec = client.get("/openapi.json").json()
    assert "/api/v1/sandbox/clock/advance" in spec["paths"]
    assert client.get("/docs").status_code == 200
