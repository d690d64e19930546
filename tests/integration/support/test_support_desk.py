"""Knowledge base, live-chat visibility and KYC, tiers, VIP line and account managers:
SUPPORT-1, SUPPORT-2, SUPPORT-8, SUPPORT-10, K-18."""

from __future__ import annotations

from decimal import Decimal

from sellerdesk.access import Actor
from sellerdesk.services import orders
from sellerdesk.services.support_kb import load_kb, seed_articles
from sellerdesk.store.tables import Event
from tests.integration.support.support_flows import make_order, pdf_page, upload


def test_SUPPORT_1_kb_seeded_with_an_article_per_rule_in_ru_and_en(client, world, rt):
    seeds = seed_articles()
    slugs = {(a.slug, a.language) for a in seeds}
    for rule in (
        "chat-1",
        "guard-9",
        "cancel-8",
        "dispute-9",
        "support-10",
        "payout-2",
        "review-1",
    ):
        assert (rule, "ru") in slugs and (rule, "en") in slugs
    assert load_kb(rt) == len(seeds)
    assert load_kb(rt) == 0  # idempotent
    article = client.get("/api/v1/kb/articles/payout-2?lang=ru", headers=world.seller()).json()
    assert article["rules"] == ["PAYOUT-2"] and "72 часов" in article["body"]


def test_SUPPORT_1_kb_search_understands_word_forms_and_ranks(client, world, rt):
    russian = client.get(
        "/api/v1/kb/search", params={"q": "вывода средств", "lang": "ru"}, headers=world.seller()
    ).json()
    assert russian[0]["slug"] == "payout-1" and russian[0]["language"] == "ru"
    assert russian[0]["rank"] >= russian[-1]["rank"]
    english = client.get(
        "/api/v1/kb/search", params={"q": "withdrawals blocked"}, headers=world.seller()
    ).json()
    assert english[0]["slug"] == "payout-1" and english[0]["language"] == "en"
    forms = client.get(
        "/api/v1/kb/search", params={"q": "обращения", "lang": "ru"}, headers=world.seller()
    ).json()
    assert "support-3" in [h["slug"] for h in forms]  # "обращение", "обращений"...
    phrase = client.get(
        "/api/v1/kb/search",
        params={"q": '"tracking number" -customs', "lang": "en"},
        headers=world.seller(),
    ).json()
    assert phrase and all(h["slug"] != "dispute-3" for h in phrase)
    bad = client.get("/api/v1/kb/search", params={"q": "x", "lang": "zh"}, headers=world.seller())
    assert bad.status_code == 422 and bad.json()["rule"] == "SUPPORT-10"


def test_SUPPORT_2_live_chat_hidden_until_every_condition_holds_each_says_how_to_fix(
    client, world, rt
):
    seller = world.seller()
    chat = client.get("/api/v1/support/live-chat", headers=seller).json()
    assert chat["visible"] is False
    failing = {c["name"]: c for c in chat["conditions"] if not c["ok"]}
    assert set(failing) == {
        "kyc:business_licence",
        "kyc:legal_representative_id",
        "kyc:bank_account_proof",
        "kyc:inn",
        "recent_order",
    }
    assert all(c["rule"] == "SUPPORT-2" and c["how_to_fix"] for c in failing.values())
    assert "12" in failing["kyc:inn"]["how_to_fix"]
    typo = client.post("/api/v1/support/kyc/inn", headers=seller, json={"inn": "7707083894"})
    assert typo.status_code == 422 and typo.json()["rule"] == "SUPPORT-2"
    assert "check digit" in typo.json()["detail"]
    inn = client.post("/api/v1/support/kyc/inn", headers=seller, json={"inn": "7707083893"})
    assert inn.json()["status"] == "verified"
    staff = world.staff_headers("support_agent")
    for kind in ("business_licence", "legal_representative_id", "bank_account_proof"):
        file_id = upload(client, seller, pdf_page(kind), f"{kind}.pdf")
        submitted = client.post(
            "/api/v1/support/kyc/documents", headers=seller, json={"kind": kind, "file_id": file_id}
        ).json()
        assert submitted["status"] == "submitted"
        verified = client.post(
            f"/api/v1/support/kyc/{world.sellers[0]}/{kind}/decision",
            headers=staff,
            json={"decision": "approve"},
        )
        assert verified.json()["status"] == "verified"
    still = client.get("/api/v1/support/live-chat", headers=seller).json()
    assert [c["name"] for c in still["conditions"] if not c["ok"]] == ["recent_order"]
    make_order(rt, world)
    assert client.get("/api/v1/support/live-chat", headers=seller).json()["visible"] is True
    tiers = client.get("/api/v1/support/tiers", headers=seller).json()
    assert tiers["available"] == {
        "knowledge_base": True,
        "live_chat": True,
        "tickets": True,
        "account_manager": False,
    }


def test_SUPPORT_2_twelve_digit_inn_of_an_entrepreneur_is_checked_too(client, world, rt):
    good = client.post(
        "/api/v1/support/kyc/inn", headers=world.seller(), json={"inn": "500100732259"}
    )
    assert good.status_code == 200 and good.json()["value"] == "500100732259"
    bad = client.post(
        "/api/v1/support/kyc/inn", headers=world.seller(), json={"inn": "500100732258"}
    )
    assert bad.status_code == 422


def test_SUPPORT_8_vip_line_computed_then_granted_only_by_staff_K_18(client, world, rt):
    buyer = Actor("buyer", world.buyers[0])
    big = orders.place_order(
        rt,
        buyer,
        seller_id=world.sellers[0],
        buyer_id=world.buyers[0],
        lines=[orders.NewLine("SKU-9", "Crane", 1, Decimal("45000000.00"), "home")],
        delivery_type="standard",
        address="Москва",
    )
    orders.pay_order(rt, buyer, big.posting_number)
    found = client.get("/api/v1/support/vip/eligibility", headers=world.seller()).json()
    assert found["eligible"] and found["by_sales"]
    assert Decimal(found["annual_sales_converted"]) == Decimal("500000.00")  # 90 RUB per USD
    refused = client.post("/api/v1/support/vip/requests", headers=world.seller(1))
    assert refused.status_code == 409 and refused.json()["rule"] == "SUPPORT-8"
    request = client.post("/api/v1/support/vip/requests", headers=world.seller()).json()
    assert request["status"] == "pending"  # never automatic
    assert (
        client.post(
            f"/api/v1/support/vip/requests/{request['id']}/decision",
            headers=world.seller(),
            json={"decision": "approve"},
        ).status_code
        == 403
    )
    approved = client.post(
        f"/api/v1/support/vip/requests/{request['id']}/decision",
        headers=world.staff_headers("support_agent"),
        json={"decision": "approve"},
    ).json()
    assert approved["status"] == "approved"
    manager = client.post(
        "/api/v1/support/account-managers",
        headers=world.staff_headers("admin"),
        json={"seller_id": world.sellers[0], "staff_id": world.staff["support_agent"]},
    )
    assert manager.status_code == 201, manager.text
    mine = client.get("/api/v1/support/account-manager", headers=world.seller()).json()
    assert mine["email"] == "support_agent@example.com"
    no_manager = client.post(
        "/api/v1/support/account-managers",
        headers=world.staff_headers("admin"),
        json={"seller_id": world.sellers[1], "staff_id": world.staff["support_agent"]},
    )
    assert no_manager.status_code == 409 and no_manager.json()["rule"] == "SUPPORT-1"
    ticket = client.post(
        "/api/v1/support/tickets",
        headers=world.seller(),
        json={"title": "[ACCOUNT] hello", "body": "Issue: question"},
    ).json()
    assert ticket["vip"] is True
    with rt.reader() as uow:
        actions = [e.action for e in uow.session.query(Event).filter_by(rule="SUPPORT-8")]
    assert actions == ["vip_requested", "vip_approved"]
