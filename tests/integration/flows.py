"""Small API helpers shared by integration tests: place, pay, advance."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import World, order_body


def place(
    client: TestClient,
    world: World,
    *,
    seller: int = 0,
    buyer: int = 0,
    delivery: str = "standard",
    items: list[dict[str, Any]] | None = None,
) -> str:
    response = client.post(
        "/api/v1/orders",
        headers=world.buyer(buyer),
        json=order_body(world, seller, buyer, delivery=delivery, items=items),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["posting_number"])


def paid(client: TestClient, world: World, **kwargs: Any) -> str:
    number = place(client, world, **kwargs)
    response = client.post(
        f"/api/v1/orders/{number}/pay", headers=world.buyer(kwargs.get("buyer", 0))
    )
    assert response.status_code == 200, response.text
    return number


def advance(client: TestClient, world: World, by: str) -> dict[str, Any]:
    response = client.post("/api/v1/sandbox/clock/advance", headers=world.seller(), json={"by": by})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def order(client: TestClient, headers: dict[str, str], number: str) -> dict[str, Any]:
    response = client.get(f"/api/v1/orders/{number}", headers=headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def ledger(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get("/api/v1/ledger", headers=headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def order_lines(report: dict[str, Any]) -> list[str]:
    """What an advance did to orders and cancellation requests (other capabilities sweep too)."""
    return [line for line in report["happened"]
            if line.startswith(("posting ", "cancellation request "))]
