"""The standing API: the seller's page (STANDING-1..4) and staff risk list, impose, lift."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from sellerdesk.jobs.outbox import dispatch_outbox
from sellerdesk.runtime import Runtime
from sellerdesk.store.tables import Event
from tests.conftest import World
from tests.integration.standing.conftest import Inbox
from tests.integration.standing.shop import accepted, settle

STANDING = "/api/v1/sellers/me/standing"


def events(rt: Runtime, action: str) -> list[Event]:
    with rt.reader() as uow:
        return list(uow.session.execute(select(Event).where(Event.action == action)).scalars())


def impose(client: TestClient, world: World, role: str = "risk_reviewer", **body: object):
    payload = {"kind": "watchlist", "reason": "manual review of complaints"} | body
    return client.post(
        f"/api/v1/staff/standing/sellers/{world.sellers[0]}/sanctions",
        headers=world.staff_headers(role),
        json=payload,
    )


def test_STANDING_3_new_seller_sees_full_points_and_not_enough_orders(
    client: TestClient, world: World
) -> None:
    body = client.get(STANDING, headers=world.seller()).json()
    assert body["points"] == {"value": 1000, "max": 1000, "history": []}
    assert body["evaluated_at"] is None
    assert body["health"]["score"] == 100.0
    assert body["metrics"]["seller_cancel_rate"]["note"] == "not enough orders yet"
    assert body["active_sanctions"] == [] and body["past_sanctions"] == []


def test_STANDING_2_seller_page_has_metrics_health_components_and_forecasts(
    rt: Runtime, client: TestClient, world: World
) -> None:
    accepted(rt, world, 40)
    settle(rt)
    body = client.get(STANDING, headers=world.seller()).json()
    assert body["metrics"]["seller_cancel_rate"]["denominator"] == 40
    assert set(body["health"]["components"]) == {
        "seller_cancel", "late_shipment", "fulfilment", "response", "refund", "warnings", "points",
    }
    assert body["health"]["components"]["seller_cancel"]["score"] == 100.0
    assert body["forecasts"][0]["message"].startswith("2 more seller cancellations this month")
    # another seller's page is its own
    other = client.get(STANDING, headers=world.seller(1)).json()
    assert other["seller_id"] == world.sellers[1] and other["evaluated_at"] is None


def test_K_16_standing_is_for_sellers_and_staff(client: TestClient, world: World) -> None:
    assert client.get(STANDING, headers=world.buyer()).status_code == 403
    detail = f"/api/v1/staff/standing/sellers/{world.sellers[0]}"
    assert client.get(detail, headers=world.seller(1)).status_code == 404
    assert client.get(detail, headers=world.staff_headers("support_agent")).status_code == 200
    assert client.get("/api/v1/staff/standing/sellers", headers=world.seller()).status_code == 403


def test_STANDING_4_staff_impose_a_sanction_with_a_reason_audited(
    rt: Runtime, client: TestClient, world: World, smtp: Inbox
) -> None:
    response = impose(client, world, duration="7d")
    assert response.status_code == 201, response.text
    sanction = response.json()
    assert sanction["imposed_by"] == f"staff:{world.staff['risk_reviewer']}"
    assert sanction["rule"] == "STANDING-4" and sanction["status"] == "active"
    [event] = events(rt, "standing.sanction_imposed")
    assert event.actor == f"staff:{world.staff['risk_reviewer']}"
    assert event.payload["reason"] == "manual review of complaints"
    body = client.get(STANDING, headers=world.seller()).json()
    assert [s["id"] for s in body["active_sanctions"]] == [sanction["id"]]
    dispatch_outbox(rt)
    assert any("watchlist" in str(m["Subject"]) for m in smtp.messages)


def test_K_16_only_risk_reviewers_impose_or_lift(client: TestClient, world: World) -> None:
    assert impose(client, world, role="support_agent").status_code == 403
    response = client.post(
        f"/api/v1/staff/standing/sellers/{world.sellers[0]}/sanctions",
        headers=world.seller(), json={"kind": "warning", "reason": "x"},
    )
    assert response.status_code == 403
    sanction = impose(client, world).json()
    lift = client.post(f"/api/v1/staff/standing/sanctions/{sanction['id']}/lift",
                       headers=world.staff_headers("moderator"), json={"reason": "ok"})
    assert lift.status_code == 403


def test_STANDING_4_impose_validates_kind_and_duration(client: TestClient, world: World) -> None:
    assert impose(client, world, kind="banishment").status_code == 422
    assert impose(client, world, duration="soon").status_code == 422
    assert impose(client, world, reason="").status_code == 422


def test_STANDING_4_staff_lift_with_a_reason_then_it_is_past(
    rt: Runtime, client: TestClient, world: World
) -> None:
    sanction = impose(client, world).json()
    url = f"/api/v1/staff/standing/sanctions/{sanction['id']}/lift"
    headers = world.staff_headers("risk_reviewer")
    assert client.post(url, headers=headers, json={"reason": " "}).status_code == 422
    lifted = client.post(url, headers=headers, json={"reason": "complaints were fake"})
    assert lifted.status_code == 200, lifted.text
    assert lifted.json()["status"] == "lifted"
    assert lifted.json()["lift_reason"] == "complaints were fake"
    [event] = events(rt, "standing.sanction_lifted")
    assert event.payload["reason"] == "complaints were fake"
    body = client.get(STANDING, headers=world.seller()).json()
    assert body["active_sanctions"] == []
    assert body["past_sanctions"][0]["lifted_by"] == f"staff:{world.staff['risk_reviewer']}"
    again = client.post(url, headers=headers, json={"reason": "again"})
    assert again.status_code == 409
    assert again.json()["rule"] == "STANDING-4"


def test_STANDING_3_staff_list_sellers_by_risk(
    rt: Runtime, client: TestClient, world: World
) -> None:
    accepted(rt, world, 20)  # seller 0 with orders
    with rt.uow() as uow:  # seller 1 with guard warnings: lower health
        for _ in range(2):
            uow.record(subject_type="chat", subject_id="c", action="guard.warning",
                       actor="system", seller_id=world.sellers[1], payload={})
        uow.commit()
    settle(rt)
    response = client.get("/api/v1/staff/standing/sellers?limit=1",
                          headers=world.staff_headers("risk_reviewer"))
    assert response.status_code == 200
    page = response.json()
    assert [r["seller_id"] for r in page["items"]] == [world.sellers[1]]
    rest = client.get(f"/api/v1/staff/standing/sellers?cursor={page['next_cursor']}",
                      headers=world.staff_headers("risk_reviewer")).json()
    assert [r["seller_id"] for r in rest["items"]] == [world.sellers[0]]
    assert rest["next_cursor"] is None


def test_GUARD_8_frozen_store_takes_no_new_orders_until_the_freeze_ends(
    client: TestClient, world: World
) -> None:
    from tests.integration.flows import advance, order_body, place

    frozen = impose(client, world, kind="store_freeze", duration="72h",
                    reason="repeated off-platform contact")
    assert frozen.status_code == 201, frozen.text
    refused = client.post("/api/v1/orders", headers=world.buyer(),
                          json=order_body(world, 0, 0))
    assert refused.status_code == 409
    problem = refused.json()
    assert problem["rule"] == frozen.json()["rule"] and "store freeze" in problem["detail"]
    place(client, world, seller=1)  # other sellers are not affected
    advance(client, world, "72h")
    place(client, world, seller=0)  # the freeze ended
