"""API steps shared by the chat tests: orders in a given state, conversations, messages."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import World
from tests.integration.flows import advance, paid, place


def shipped(client: TestClient, world: World, tracking: str = "RU123456789CN", **kw: Any) -> str:
    number = paid(client, world, **kw)
    seller = world.seller(kw.get("seller", 0))
    assert client.post(f"/api/v1/orders/{number}/pack", headers=seller).status_code == 200
    response = client.post(
        f"/api/v1/orders/{number}/ship", headers=seller, json={"tracking_number": tracking}
    )
    assert response.status_code == 200, response.text
    return number


def delivered(client: TestClient, world: World, **kw: Any) -> str:
    number = shipped(client, world, **kw)
    response = client.post(f"/api/v1/orders/{number}/deliver", headers=world.staff_headers("admin"))
    assert response.status_code == 200, response.text
    return number


def start(client: TestClient, world: World, number: str, buyer: int = 0) -> dict[str, Any]:
    response = client.post(
        "/api/v1/chats", headers=world.buyer(buyer), json={"posting_number": number}
    )
    assert response.status_code in (200, 201), response.text
    result: dict[str, Any] = response.json()
    return result


def say(client: TestClient, headers: dict[str, str], conversation: int, text: str, **extra: Any):
    return client.post(
        f"/api/v1/chats/{conversation}/messages", headers=headers, json={"text": text, **extra}
    )


def buyer_opens(
    client: TestClient, world: World, number: str, text: str = "Здравствуйте! Где мой заказ?"
) -> int:
    """The buyer starts the order's conversation and writes; returns the conversation id."""
    conversation = start(client, world, number)["id"]
    response = say(client, world.buyer(), conversation, text)
    assert response.status_code == 201, response.text
    return int(conversation)


def messages(
    client: TestClient, headers: dict[str, str], conversation: int
) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/chats/{conversation}/messages?limit=200", headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


CHAT_SWEEP_LINES = ("first response missed", "notice to the buyer", "review invitation", "vacation")


def chat_lines(report: dict[str, Any]) -> list[str]:
    """What the chat sweeps did in one clock advance (other capabilities report there too)."""
    return [line for line in report["happened"] if any(k in line for k in CHAT_SWEEP_LINES)]


def events(rt: Any, action: str) -> list[Any]:
    from sqlalchemy import select

    from sellerdesk.store.tables import Event

    with rt.reader() as uow:
        return list(
            uow.session.execute(
                select(Event).where(Event.action == action).order_by(Event.id)
            ).scalars()
        )


__all__ = ["advance", "paid", "place"]
