"""Onboarding: admins create sellers, buyers and staff; secrets are shown once and stored hashed."""

from __future__ import annotations

from sqlalchemy import select

from sellerdesk.store.tables import SellerApiKey


def test_admin_creates_seller_whose_key_works_and_is_stored_hashed(client, world, rt):
    created = client.post("/api/v1/admin/sellers", headers=world.staff_headers("admin"),
                          json={"name": "New Shop", "email": "shop@example.com"})
    assert created.status_code == 201, created.text
    body = created.json()
    headers = {"Client-Id": body["client_id"], "Api-Key": body["secret"]}
    assert client.get("/api/v1/orders", headers=headers).status_code == 200
    with rt.reader() as uow:
        hashes = uow.session.execute(select(SellerApiKey.key_hash)).scalars().all()
    assert body["secret"] not in hashes and len(hashes) == 3


def test_K_16_only_admins_create_sellers(client, world):
    response = client.post("/api/v1/admin/sellers", headers=world.staff_headers("moderator"),
                           json={"name": "x", "email": "x@example.com"})
    assert response.status_code == 403
    response = client.post("/api/v1/admin/sellers", headers=world.seller(),
                           json={"name": "x", "email": "x@example.com"})
    assert response.status_code == 403


def test_seller_rotates_key_and_revokes_the_old_one(client, world):
    rotated = client.post("/api/v1/sellers/me/api-keys", headers=world.seller(),
                          json={"revoke_others": True})
    assert rotated.status_code == 201
    new = {"Client-Id": rotated.json()["client_id"], "Api-Key": rotated.json()["secret"]}
    assert client.get("/api/v1/orders", headers=new).status_code == 200
    assert client.get("/api/v1/orders", headers=world.seller()).status_code == 401


def test_staff_and_buyer_tokens(client, world):
    staff = client.post("/api/v1/admin/staff", headers=world.staff_headers("admin"),
                        json={"name": "Ann", "email": "ann@example.com", "role": "moderator"})
    assert staff.status_code == 201
    bad_role = client.post("/api/v1/admin/staff", headers=world.staff_headers("admin"),
                           json={"name": "Bob", "email": "bob@example.com", "role": "boss"})
    assert bad_role.status_code == 422
    buyer = client.post("/api/v1/admin/buyers", headers=world.staff_headers("admin"),
                        json={"name": "Ivan", "email": "ivan@example.com"})
    token = {"Authorization": f"Bearer {buyer.json()['secret']}"}
    assert client.get("/api/v1/orders", headers=token).json()["items"] == []
    bad_email = client.post("/api/v1/admin/buyers", headers=world.staff_headers("admin"),
                            json={"name": "Ivan", "email": "not-an-email"})
    assert bad_email.status_code == 422


def test_credential_cache_remembers_then_forgets(client, world, rt):
    rt.settings.auth_cache_seconds = 60
    try:
        rotated = client.post("/api/v1/sellers/me/api-keys", headers=world.seller(),
                              json={"revoke_others": True})
        assert rotated.status_code == 201
        # the old key was looked up (and remembered) by the request above
        assert client.get("/api/v1/orders", headers=world.seller()).status_code == 200
    finally:
        rt.settings.auth_cache_seconds = 0
        from sellerdesk.api import deps

        deps._CACHE.clear()
    assert client.get("/api/v1/orders", headers=world.seller()).status_code == 401
