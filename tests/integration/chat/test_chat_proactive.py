"""Proactive templates through the API: CHAT-3, CHAT-4, CHAT-5, CANCEL-8 / K-9, MARKET-1,
MARKET-2."""

from __future__ import annotations

from datetime import datetime, timedelta

from sellerdesk.policy import load_policy
from tests.conftest import START
from tests.integration.chat.chat_flows import (
    buyer_opens,
    events,
    messages,
    paid,
    place,
    say,
    shipped,
    start,
)
from tests.integration.flows import advance

MODERATOR = {"Authorization": "Bearer token-moderator"}


def _submit(client, world, category, text, seller=0):
    return client.post(
        "/api/v1/chat-templates",
        headers=world.seller(seller),
        json={"category": category, "title": f"{category} template", "text": text},
    )


def _approved(client, world, category, text, seller=0):
    template = _submit(client, world, category, text, seller)
    assert template.status_code == 201, template.text
    decided = client.post(
        f"/api/v1/chat-templates/{template.json()['id']}/review",
        headers=MODERATOR,
        json={"decision": "approve"},
    )
    assert decided.status_code == 200, decided.text
    return decided.json()["id"]


def _send(client, world, number, template_id, reason=None, seller=0):
    body = {"template_id": template_id} | ({"reason": reason} if reason else {})
    return client.post(
        f"/api/v1/orders/{number}/proactive-messages", headers=world.seller(seller), json=body
    )


SHIPMENT = "Заказ {posting_number} отправлен, трек-номер {tracking_number}."
PROBLEM = "К сожалению, товара нет на складе по заказу {posting_number}. Подскажите, как поступить?"


def test_CHAT_5_template_review_queue_pending_approved_rejected_with_expected_time(
    client, world, rt
):
    submitted = _submit(client, world, "shipment_notice", SHIPMENT).json()
    assert submitted["status"] == "pending"
    expected = datetime.fromisoformat(submitted["review_expected_by"])
    assert expected == START + timedelta(hours=72)
    queue = client.get("/api/v1/chat-templates?status=pending", headers=MODERATOR).json()
    assert [t["id"] for t in queue["items"]] == [submitted["id"]]
    assert client.get("/api/v1/chat-templates", headers=world.seller(1)).json()["items"] == []
    by_seller = client.post(
        f"/api/v1/chat-templates/{submitted['id']}/review",
        headers=world.seller(),
        json={"decision": "approve"},
    )
    assert by_seller.status_code == 403
    rejected = client.post(
        f"/api/v1/chat-templates/{submitted['id']}/review",
        headers=MODERATOR,
        json={"decision": "reject", "note": "too vague"},
    ).json()
    assert rejected["status"] == "rejected" and rejected["review_note"] == "too vague"
    assert [e.rule for e in events(rt, "chat.template_rejected")] == ["CHAT-5"]


def test_CHAT_5_guard_runs_on_templates_at_submission(client, world):
    promo = _submit(
        client, world, "delay_notice", "Извините за задержку! Дарим промокод SALE10 на скидку 10%."
    )
    assert promo.status_code == 409 and promo.json()["rule"] == "GUARD-2"
    link = _submit(client, world, "delay_notice", "Следите за посылкой на cdek-track.example.com")
    assert link.status_code == 409 and link.json()["rule"] == "GUARD-1"
    assert client.get("/api/v1/chat-templates", headers=world.seller()).json()["items"] == []


def test_CHAT_3_unknown_category_refused(client, world):
    response = _submit(client, world, "birthday_greeting", "С днём рождения!")
    assert response.status_code == 409 and response.json()["rule"] == "CHAT-3"


def test_CHAT_5_using_an_unapproved_template_is_a_recorded_violation(client, world, rt):
    number = shipped(client, world)
    template = _submit(client, world, "shipment_notice", SHIPMENT).json()
    response = _send(client, world, number, template["id"])
    assert response.status_code == 409 and response.json()["rule"] == "CHAT-5"
    assert response.json()["facts"]["recorded_as"] == "unapproved_template"
    assert [e.payload["kind"] for e in events(rt, "chat.proactive_violation")] == [
        "unapproved_template"
    ]


def test_CHAT_4_shipment_notice_only_after_shipment_and_with_the_tracking_number(client, world, rt):
    missing = _submit(client, world, "shipment_notice", "Ваш заказ {posting_number} отправлен.")
    assert missing.status_code == 409 and missing.json()["rule"] == "CHAT-4"
    template = _approved(client, world, "shipment_notice", SHIPMENT)
    number = paid(client, world)
    early = _send(client, world, number, template)
    assert early.status_code == 409 and early.json()["rule"] == "CHAT-4"
    assert events(rt, "chat.proactive_violation")[0].payload["kind"] == "proactive_contact"
    number = shipped(client, world, tracking="RU998877665CN")
    sent = _send(client, world, number, template)
    assert sent.status_code == 201, sent.text
    assert "RU998877665CN" in sent.json()["text"] and sent.json()["category"] == "shipment_notice"
    conversation = sent.json()["conversation_id"]
    texts = [m["text"] for m in messages(client, world.buyer(), conversation)]
    assert any("RU998877665CN" in t for t in texts)
    # proactive contact does not open the reply window for free text (CHAT-2)
    assert say(client, world.seller(), conversation, "Ещё вопрос?").status_code == 409


def test_CHAT_4_delay_notice_needs_a_reported_logistics_delay(client, world):
    template = _approved(
        client,
        world,
        "delay_notice",
        "Доставка заказа {posting_number} задерживается, приносим извинения.",
    )
    number = shipped(client, world)
    assert _send(client, world, number, template).status_code == 409
    reported = client.post(
        f"/api/v1/orders/{number}/logistics-events",
        headers=world.staff_headers("support_agent"),
        json={"kind": "delay", "note": "Weather"},
    )
    assert reported.status_code == 201, reported.text
    assert _send(client, world, number, template).status_code == 201


def test_CHAT_4_return_guide_links_only_the_official_return_page(client, world):
    other = _submit(
        client,
        world,
        "return_guide",
        "Возврат: https://www.ozon.ru/my/returns и инструкция https://www.ozon.ru/info/faq",
    )
    assert other.status_code == 409 and other.json()["rule"] == "CHAT-4"
    none = _submit(client, world, "return_guide", "Оформите возврат в приложении.")
    assert none.status_code == 409
    template = _approved(
        client, world, "return_guide", "Оформить возврат: https://www.ozon.ru/my/returns."
    )
    number = shipped(client, world)
    assert _send(client, world, number, template).status_code == 201


def test_CHAT_4_unpaid_reminder_only_while_unpaid_within_48h(client, world):
    template = _approved(
        client, world, "unpaid_reminder", "Заказ {posting_number} ждёт оплаты в приложении Ozon."
    )
    number = place(client, world)
    assert _send(client, world, number, template).status_code == 201
    advance(client, world, "47h")
    assert _send(client, world, number, template).status_code == 201
    late = place(client, world)
    advance(client, world, "48h")
    response = _send(client, world, late, template)
    assert response.status_code in (409,)  # cancelled by ORDER-2 or past the 48h window
    assert response.json()["rule"] in ("CHAT-3", "CHAT-4")


def test_CANCEL_8_K_9_fulfilment_problem_at_most_two_24h_apart_then_file_cancel_3(
    client, world, rt
):
    template = _approved(client, world, "fulfilment_problem", PROBLEM)
    number = paid(client, world)
    no_reason = _send(client, world, number, template)
    assert no_reason.status_code == 409 and no_reason.json()["rule"] == "CHAT-4"
    assert _send(client, world, number, template, "stock_out").status_code == 201
    advance(client, world, "23h59m")
    too_soon = _send(client, world, number, template, "stock_out")
    assert too_soon.status_code == 409 and too_soon.json()["rule"] == "CANCEL-8"
    advance(client, world, "1m")
    assert _send(client, world, number, template, "stock_out").status_code == 201  # reminder
    advance(client, world, "2d")
    third = _send(client, world, number, template, "stock_out")
    assert third.status_code == 409
    assert third.json()["rule"] == "CANCEL-8" and "CANCEL-3" in third.json()["next_step"]
    assert len(events(rt, "chat.proactive_violation")) == 3


def _use(rt, preset):
    rt.policy = load_policy(preset)


def test_MARKET_1_wildberries_one_care_message_within_72h_with_the_permission(client, world, rt):
    _use(rt, "wildberries")
    ozon_style = _submit(client, world, "shipment_notice", SHIPMENT)
    assert ozon_style.status_code == 409 and ozon_style.json()["rule"] == "CHAT-3"
    template = _approved(
        client, world, "care_message", "Ваш заказ {posting_number} в пути. Хорошего дня!"
    )
    number = shipped(client, world)
    refused = _send(client, world, number, template)
    assert refused.status_code == 409 and refused.json()["rule"] == "MARKET-1"
    granted = client.put(f"/api/v1/chat-permissions/{world.sellers[0]}/care", headers=MODERATOR)
    assert granted.json()["permissions"] == ["care"]
    assert _send(client, world, number, template).status_code == 201
    again = _send(client, world, number, template)
    assert again.status_code == 409 and again.json()["rule"] == "MARKET-1"
    late = shipped(client, world)
    advance(client, world, "72h")
    assert _send(client, world, late, template).json()["rule"] == "MARKET-1"


def test_MARKET_2_yandex_market_confirmation_summary_only_before_any_buyer_message(
    client, world, rt
):
    _use(rt, "yandex_market")
    missing = _submit(client, world, "order_confirmation", "Спасибо за заказ!")
    assert missing.status_code == 409 and missing.json()["rule"] == "MARKET-2"
    template = _approved(
        client,
        world,
        "order_confirmation",
        "Заказ {posting_number} подтверждён, готовим к отправке.",
    )
    number = paid(client, world)
    sent = _send(client, world, number, template)
    assert sent.status_code == 201
    assert _send(client, world, number, template).status_code == 409  # once per order
    other = paid(client, world)
    buyer_opens(client, world, other)
    after = _send(client, world, other, template)
    assert after.status_code == 409 and after.json()["rule"] == "MARKET-2"


def test_CHAT_3_proactive_contact_on_another_sellers_order_is_404(client, world):
    template = _approved(client, world, "shipment_notice", SHIPMENT, seller=1)
    number = shipped(client, world)
    assert _send(client, world, number, template, seller=1).status_code == 404
    assert start(client, world, number)["id"]
