"""Timers driven by the sandbox clock: CHAT-7 first response, CHAT-8 vacation, CHAT-11 notices,
CHAT-12 review invitations, and system notices from other capabilities."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from sellerdesk.services.chat_notices import post_system_notice
from sellerdesk.store.tables import Order
from tests.conftest import START
from tests.integration.chat.chat_flows import (
    buyer_opens,
    chat_lines,
    delivered,
    events,
    messages,
    paid,
    say,
    shipped,
    start,
)
from tests.integration.flows import advance, order_body


def test_CHAT_7_first_response_within_2h_recorded_with_seconds(client, world, rt):
    number = paid(client, world)
    conversation = buyer_opens(client, world, number)
    view = client.get(f"/api/v1/chats/{conversation}", headers=world.seller()).json()
    assert view["respond_by"] == (START + timedelta(hours=2)).isoformat().replace("+00:00", "Z")
    advance(client, world, "1h59m")
    say(client, world.seller(), conversation, "Здравствуйте, отправим сегодня.")
    say(client, world.seller(), conversation, "И трек пришлём.")  # only the first one counts
    recorded = events(rt, "chat.first_response")
    assert len(recorded) == 1
    assert recorded[0].payload == {"seconds": 7140, "within_deadline": True}
    assert recorded[0].subject_type == "conversation" and recorded[0].seller_id == world.sellers[0]
    assert chat_lines(advance(client, world, "1h")) == []


def test_CHAT_7_K_1_missed_at_2h_then_late_answer_not_in_time(client, world, rt):
    number = paid(client, world)
    conversation = buyer_opens(client, world, number)
    assert chat_lines(advance(client, world, "1h59m")) == []
    report = advance(client, world, "1m")
    assert f"conversation {conversation} first response missed, CHAT-7" in report["happened"]
    missed = events(rt, "chat.response_missed")
    assert len(missed) == 1 and missed[0].subject_type == "conversation"
    assert missed[0].at == START + timedelta(hours=2)
    advance(client, world, "1h")
    say(client, world.seller(), conversation, "Извините за ожидание.")
    late = events(rt, "chat.first_response")[0].payload
    assert late == {"seconds": 3 * 3600, "within_deadline": False}
    assert chat_lines(advance(client, world, "5h")) == []  # counted once


def test_CHAT_7_product_questions_and_system_notices_start_no_clock(client, world, rt):
    product = client.post(
        "/api/v1/chats", headers=world.buyer(), json={"seller_id": world.sellers[0], "sku": "SKU-1"}
    ).json()
    say(client, world.buyer(), product["id"], "Какой размер у кружки?")
    shipped(client, world)
    report = advance(client, world, "3h")
    assert not any("first response" in line for line in report["happened"])
    assert events(rt, "chat.response_missed") == []


def test_CHAT_8_vacation_must_be_set_in_advance(client, world):
    past = client.post(
        "/api/v1/vacations",
        headers=world.seller(),
        json={
            "starts_at": (START - timedelta(hours=1)).isoformat(),
            "ends_at": (START + timedelta(days=3)).isoformat(),
        },
    )
    assert past.status_code == 409 and past.json()["rule"] == "CHAT-8"
    backwards = client.post(
        "/api/v1/vacations",
        headers=world.seller(),
        json={
            "starts_at": (START + timedelta(days=2)).isoformat(),
            "ends_at": (START + timedelta(days=1)).isoformat(),
        },
    )
    assert backwards.status_code == 422


def test_CHAT_8_vacation_auto_reply_deadlines_suspended_listings_hidden(client, world, rt):
    running = paid(client, world)
    before = buyer_opens(client, world, running)  # respond_by = START + 2h
    number = paid(client, world)  # ordered before the vacation, asked about during it
    vacation = client.post(
        "/api/v1/vacations",
        headers=world.seller(),
        json={
            "starts_at": (START + timedelta(hours=1)).isoformat(),
            "ends_at": (START + timedelta(days=3)).isoformat(),
        },
    )
    assert vacation.status_code == 201 and vacation.json()["status"] == "scheduled"
    report = advance(client, world, "1h")
    assert (
        f"seller {world.sellers[0]} vacation {vacation.json()['id']} started, CHAT-8"
        in report["happened"]
    )
    status = client.get("/api/v1/chat-status", headers=world.seller()).json()
    assert status["listings_hidden"] is True
    # listings are hidden: no new orders while the vacation runs
    refused = client.post(
        "/api/v1/orders", headers=world.buyer(), json=order_body(world, 0, 0)
    )
    assert refused.status_code == 409 and refused.json()["rule"] == "CHAT-8"
    # the running deadline is stopped with 1h left; a new buyer conversation gets an auto-reply
    during = buyer_opens(client, world, number, "Вы работаете?")
    say(client, world.buyer(), during, "Ау?")
    replies = [m for m in messages(client, world.buyer(), during) if m["kind"] == "auto_reply"]
    assert len(replies) == 1 and replies[0]["author"] == "system"
    assert "05.03.2026" in replies[0]["texts"]["ru"]
    report = advance(client, world, "2d")
    assert not any("first response" in line for line in report["happened"])
    report = advance(client, world, "23h")  # vacation ends at START + 3d
    assert any("ended, CHAT-8" in line for line in report["happened"])
    assert (
        client.get("/api/v1/chat-status", headers=world.seller()).json()["listings_hidden"] is False
    )
    view = client.get(f"/api/v1/chats/{before}", headers=world.seller()).json()
    assert view["respond_by"].startswith("2026-03-05T10:00")  # end + the 1h it had left
    report = advance(client, world, "1h")
    assert f"conversation {before} first response missed, CHAT-7" in report["happened"]
    say(client, world.seller(), during, "Мы вернулись!")
    answered = events(rt, "chat.first_response")[-1].payload
    assert answered["within_deadline"] is True
    started = events(rt, "chat.vacation_started")[0]
    assert started.payload["deadlines_paused"] == 1 and started.rule == "CHAT-8"


def test_CHAT_8_own_auto_reply_is_guarded(client, world):
    response = client.post(
        "/api/v1/vacations",
        headers=world.seller(),
        json={
            "starts_at": (START + timedelta(days=1)).isoformat(),
            "ends_at": (START + timedelta(days=3)).isoformat(),
            "auto_reply": {"ru": "Мы в отпуске, пишите в WhatsApp +7 916 123 45 67"},
        },
    )
    assert response.status_code == 409 and response.json()["rule"] == "GUARD-1"


def test_CHAT_11_logistics_notices_in_ru_and_en_never_seller_contact(client, world, rt):
    number = shipped(client, world, tracking="RU555CN")
    report = advance(client, world, "1m")
    assert f"posting {number} notice to the buyer: shipped, CHAT-11" in report["happened"]
    conversation = start(client, world, number)
    notices = [
        m for m in messages(client, world.buyer(), conversation["id"]) if m["author"] == "system"
    ]
    assert [n["notice_kind"] for n in notices] == ["shipped"]
    assert set(notices[0]["texts"]) == {"ru", "en"}
    assert "RU555CN" in notices[0]["texts"]["ru"] and "RU555CN" in notices[0]["texts"]["en"]
    for kind in ("customs_cleared", "out_for_delivery"):
        client.post(
            f"/api/v1/orders/{number}/logistics-events",
            headers=world.staff_headers("admin"),
            json={"kind": kind},
        )
    client.post(f"/api/v1/orders/{number}/deliver", headers=world.staff_headers("admin"))
    advance(client, world, "1m")
    kinds = [
        m["notice_kind"] for m in reversed(messages(client, world.seller(), conversation["id"]))
    ]
    assert kinds == ["shipped", "customs_cleared", "out_for_delivery", "delivered"]
    # not seller contact: no reply window for the seller, no first-response clock, no answer
    assert say(client, world.seller(), conversation["id"], "Получили?").status_code == 409
    assert events(rt, "chat.first_response") == []
    assert chat_lines(advance(client, world, "1m")) == []  # projected once


def test_CHAT_12_platform_invites_review_48h_after_delivery(client, world, rt):
    number = delivered(client, world)
    advance(client, world, "47h59m")
    conversation = start(client, world, number)["id"]
    assert "review_invite" not in [
        m["notice_kind"] for m in messages(client, world.buyer(), conversation)
    ]
    report = advance(client, world, "1m")
    assert f"posting {number} review invitation sent, CHAT-12" in report["happened"]
    invite = messages(client, world.buyer(), conversation)[0]
    assert invite["notice_kind"] == "review_invite" and invite["author"] == "system"
    assert {"ru", "en"} <= set(invite["texts"])
    assert chat_lines(advance(client, world, "3d")) == []


def test_CHAT_12_no_invitation_for_a_posting_returned_meanwhile(client, world, rt):
    number = delivered(client, world)
    advance(client, world, "1m")
    with rt.uow() as uow:
        uow.session.execute(
            select(Order).where(Order.posting_number == number)
        ).scalar().status = "returned"
        uow.commit()
    report = advance(client, world, "2d")
    assert any("skipped, CHAT-12" in line for line in report["happened"])


def test_CHAT_11_post_system_notice_to_seller_inbox_and_to_buyer(client, world, rt):
    number = paid(client, world)
    with rt.uow() as uow:
        post_system_notice(
            uow,
            seller_id=world.sellers[0],
            buyer_id=None,
            order_id=None,
            kind="payout_review_decided",
            texts={"ru": "Выплата одобрена.", "en": "Payout approved."},
        )
        order = uow.session.execute(select(Order).where(Order.posting_number == number)).scalar()
        post_system_notice(
            uow,
            seller_id=world.sellers[0],
            buyer_id=world.buyers[0],
            order_id=order.id,
            kind="refund_decided",
            texts={"ru": "Возврат оформлен.", "en": "Refund issued."},
        )
        uow.commit()
    seller_chats = client.get("/api/v1/chats", headers=world.seller()).json()["items"]
    assert {c["kind"] for c in seller_chats} == {"platform", "order"}
    inbox = next(c for c in seller_chats if c["kind"] == "platform")
    assert (
        messages(client, world.seller(), inbox["id"])[0]["text"] == "Payout approved."
    )  # en seller
    assert client.get(f"/api/v1/chats/{inbox['id']}", headers=world.buyer()).status_code == 404
    assert say(client, world.seller(), inbox["id"], "Спасибо").status_code == 403
    buyer_chats = client.get("/api/v1/chats", headers=world.buyer()).json()["items"]
    assert [c["kind"] for c in buyer_chats] == ["order"]
    assert messages(client, world.buyer(), buyer_chats[0]["id"])[0]["text"] == "Возврат оформлен."
    assert events(rt, "chat.first_response") == []


def test_CHAT_7_a_buyer_answering_a_proactive_message_starts_no_clock(client, world, rt):
    template = client.post(
        "/api/v1/chat-templates",
        headers=world.seller(),
        json={"category": "shipment_notice", "title": "t", "text": "Трек: {tracking_number}"},
    ).json()
    client.post(
        f"/api/v1/chat-templates/{template['id']}/review",
        headers=world.staff_headers("moderator"),
        json={"decision": "approve"},
    )
    number = shipped(client, world)
    sent = client.post(
        f"/api/v1/orders/{number}/proactive-messages",
        headers=world.seller(),
        json={"template_id": template["id"]},
    )
    assert sent.status_code == 201, sent.text
    conversation = sent.json()["conversation_id"]
    assert say(client, world.buyer(), conversation, "Спасибо!").status_code == 201
    assert (
        client.get(f"/api/v1/chats/{conversation}", headers=world.seller()).json()["respond_by"]
        is None
    )
    assert chat_lines(advance(client, world, "3h")) == [
        f"posting {number} notice to the buyer: shipped, CHAT-11"
    ]
    assert events(rt, "chat.response_missed") == []
