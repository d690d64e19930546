"""The polled order read answered below the framework (auth cache on) gives exactly what the
route gives, and never more: isolation, problems and a revoked key's limits hold."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sellerdesk.runtime import Runtime
from tests.conftest import World
from tests.integration.flows import paid


def test_fast_read_matches_the_route_and_keeps_isolation(
    rt: Runtime, client: TestClient, world: World
) -> None:
    number = paid(client, world)
    routed = client.get(f"/api/v1/orders/{number}", headers=world.seller())
    rt.settings.auth_cache_seconds = 60
    try:
        client.get(f"/api/v1/orders/{number}", headers=world.seller(1))  # both now cached
        fast = client.get(f"/api/v1/orders/{number}", headers=world.seller())
        assert fast.status_code == 200 and fast.content == routed.content
        assert fast.headers["content-type"] == routed.headers["content-type"]
        assert fast.headers["content-length"] == routed.headers["content-length"]
        # another seller's order and an unknown one still answer the route's problem
        other = client.get(f"/api/v1/orders/{number}", headers=world.seller(1))
        assert other.status_code == 404
        assert other.headers["content-type"] == "application/problem+json"
        missing = client.get("/api/v1/orders/99999999-9999-1", headers=world.seller())
        assert missing.status_code == 404 and missing.json()["status"] == 404
        # the buyer sees its own order the same way
        buyer = client.get(f"/api/v1/orders/{number}", headers=world.buyer())
        assert client.get(f"/api/v1/orders/{number}", headers=world.buyer()).content == (
            buyer.content
        )
        assert buyer.json()["posting_number"] == number
        # a changed order is read fresh (only credentials are cached, never orders)
        packed = client.post(f"/api/v1/orders/{number}/pack", headers=world.seller())
        assert packed.status_code == 200
        again = client.get(f"/api/v1/orders/{number}", headers=world.seller())
        assert again.json()["status"] == "awaiting_deliver"
        # no credentials: the route's 401
        assert client.get(f"/api/v1/orders/{number}").status_code == 401
    finally:
        rt.settings.auth_cache_seconds = 0
        from sellerdesk.api import deps

        deps._CACHE.clear()
