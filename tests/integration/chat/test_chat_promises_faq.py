"""Promises written in chat (CHAT-9, CHAT-10, K-10) and product FAQs (CHAT-13)."""

from __future__ import annotations

from decimal import Decimal

from tests.integration.chat.chat_flows import buyer_opens, events, messages, paid, say, shipped
from tests.integration.flows import ledger

SUPPORT = {"Authorization": "Bearer token-support_agent"}


def _promise(client, world):
    number = shipped(client, world)
    conversation = buyer_opens(client, world, number, "А подарок будет?")
    promise = say(
        client, world.seller(), conversation, "Как договорились, положим в посылку запасной ремешок."
    )
    assert promise.status_code == 201, promise.text
    return number, conversation, promise.json()["id"]


def _report(client, world, conversation, message_id):
    return client.post(
        f"/api/v1/chats/{conversation}/promise-reports",
        headers=world.buyer(),
        json={"message_id": message_id, "note": "Брелока в посылке не было."},
    )


def test_CHAT_9_CHAT_10_K_10_confirmed_broken_gift_promise_costs_15_percent_of_month_commission(
    client, world, rt
):
    _, conversation, message_id = _promise(client, world)
    report = _report(client, world, conversation, message_id)
    assert report.status_code == 201 and report.json()["status"] == "pending"
    commission = ledger(client, world.seller())["totals"]["commission"]
    decided = client.post(
        f"/api/v1/promise-reports/{report.json()['id']}/decision",
        headers=SUPPORT,
        json={"decision": "confirm"},
    ).json()
    expected = (abs(Decimal(commission)) * Decimal("0.15")).quantize(Decimal("0.01"))
    assert Decimal(decided["surcharge"]) == expected and decided["month"] == "2026-03"
    book = ledger(client, world.seller())
    assert Decimal(book["totals"]["surcharge"]) == -expected
    surcharge = next(e for e in book["entries"] if e["kind"] == "surcharge")
    assert surcharge["rule"] == "CHAT-10"
    assert [e.rule for e in events(rt, "chat.promise_confirmed")] == ["CHAT-10"]
    # the promise itself stays in the chat, unchanged (CHAT-9)
    assert any("ремешок" in m["text"] for m in messages(client, world.buyer(), conversation))
    inbox = [
        c
        for c in client.get("/api/v1/chats", headers=world.seller()).json()["items"]
        if c["kind"] == "platform"
    ]
    assert inbox and "confirmed" in messages(client, world.seller(), inbox[0]["id"])[0]["text"]


def test_CHAT_10_rejected_report_costs_nothing_and_is_decided_once(client, world):
    _, conversation, message_id = _promise(client, world)
    report = _report(client, world, conversation, message_id).json()
    rejected = client.post(
        f"/api/v1/promise-reports/{report['id']}/decision",
        headers=SUPPORT,
        json={"decision": "reject"},
    )
    assert rejected.json()["status"] == "rejected"
    assert "surcharge" not in ledger(client, world.seller())["totals"]
    again = client.post(
        f"/api/v1/promise-reports/{report['id']}/decision",
        headers=SUPPORT,
        json={"decision": "confirm"},
    )
    assert again.status_code == 409
    assert _report(client, world, conversation, message_id).status_code == 409


def test_CHAT_10_only_the_buyer_reports_and_only_seller_messages(client, world):
    _, conversation, message_id = _promise(client, world)
    buyer_message = messages(client, world.buyer(), conversation)[-1]["id"]
    assert _report(client, world, conversation, buyer_message).status_code == 404
    seller = client.post(
        f"/api/v1/chats/{conversation}/promise-reports",
        headers=world.seller(),
        json={"message_id": message_id, "note": "x"},
    )
    assert seller.status_code == 403
    decided_by_seller = client.post(
        "/api/v1/promise-reports/1/decision", headers=world.seller(), json={"decision": "confirm"}
    )
    assert decided_by_seller.status_code == 403


FAQ = [
    {"question": "Можно ли мыть кружку в посудомоечной машине?", "answer": "Да, можно."},
    {"question": "Какой объём кружки?", "answer": "350 мл."},
]


def test_CHAT_13_russian_faq_shown_before_a_product_chat(client, world):
    saved = client.put("/api/v1/products/SKU-1/faq", headers=world.seller(), json={"items": FAQ})
    assert saved.status_code == 200 and saved.json()["language"] == "ru"
    shown = client.get(
        f"/api/v1/sellers/{world.sellers[0]}/products/SKU-1/faq", headers=world.buyer()
    )
    assert shown.json()["items"] == FAQ
    chat = client.post(
        "/api/v1/chats", headers=world.buyer(), json={"seller_id": world.sellers[0], "sku": "SKU-1"}
    )
    assert chat.status_code == 201
    assert chat.json()["kind"] == "product" and chat.json()["faq"] == FAQ
    again = client.post(
        "/api/v1/chats", headers=world.buyer(), json={"seller_id": world.sellers[0], "sku": "SKU-1"}
    )
    assert again.status_code == 200 and again.json()["id"] == chat.json()["id"]
    missing = client.get(
        f"/api/v1/sellers/{world.sellers[0]}/products/SKU-9/faq", headers=world.buyer()
    )
    assert missing.status_code == 404


def test_CHAT_13_faq_must_be_russian_and_pass_the_guard(client, world):
    english = client.put(
        "/api/v1/products/SKU-1/faq",
        headers=world.seller(),
        json={"items": [{"question": "Is it dishwasher safe?", "answer": "Yes."}]},
    )
    assert english.status_code == 422 and english.json()["rule"] == "CHAT-13"
    contact = client.put(
        "/api/v1/products/SKU-1/faq",
        headers=world.seller(),
        json={"items": [{"question": "Есть другие цвета?", "answer": "Пишите в телеграм @mugs"}]},
    )
    assert contact.status_code == 409 and contact.json()["rule"] == "GUARD-1"
    by_buyer = client.put("/api/v1/products/SKU-1/faq", headers=world.buyer(), json={"items": FAQ})
    assert by_buyer.status_code == 403


def test_CHAT_10_report_needs_a_shipped_order(client, world):
    number = paid(client, world)
    conversation = buyer_opens(client, world, number)
    message = say(client, world.seller(), conversation, "Положим подарок.").json()["id"]
    response = _report(client, world, conversation, message)
    assert response.status_code == 409 and response.json()["rule"] == "CHAT-10"
