"""The guard on seller messages through the API: GUARD-7 (blocked, explained, warned), GUARD-8
(escalation into sanctions and points), fail-closed behaviour, CHAT-6 quick phrases, CHAT-12."""

from __future__ import annotations

from sqlalchemy import select

from sellerdesk.services import chat_guarding
from sellerdesk.store.tables import Seller
from sellerdesk.store.tables.standing import PointsEntry, Sanction
from tests.integration.chat.chat_flows import buyer_opens, events, messages, paid, say

CONTACT = "Напишите мне в телеграм @shop_msk, там быстрее."


def _sanctions(rt, seller_id):
    with rt.reader() as uow:
        return list(
            uow.session.execute(
                select(Sanction).where(Sanction.seller_id == seller_id).order_by(Sanction.id)
            ).scalars()
        )


def _points(rt, seller_id):
    with rt.reader() as uow:
        return list(
            uow.session.execute(
                select(PointsEntry.delta).where(PointsEntry.seller_id == seller_id)
            ).scalars()
        )


def _language(rt, seller_id, language):
    with rt.uow() as uow:
        uow.session.get(Seller, seller_id).language = language
        uow.commit()


def test_GUARD_7_blocked_message_not_delivered_seller_sees_why_and_gets_a_warning(
    client, world, rt
):
    number = paid(client, world)
    conversation = buyer_opens(client, world, number)
    response = say(client, world.seller(), conversation, CONTACT)
    assert response.status_code == 409
    problem = response.json()
    assert problem["rule"] == "GUARD-1"
    violation = problem["facts"]["violations"][0]
    assert violation["category"] == "off_platform_contact"
    start, end = violation["span"]
    assert CONTACT[start:end] == violation["matched"]
    assert violation["why"] and violation["fix"]  # explanation and fix in English (seller 0)
    assert problem["facts"]["text"] == CONTACT and problem["facts"]["warnings_active"] == 1
    # not delivered: the buyer sees only their own message
    assert [m["author"] for m in messages(client, world.buyer(), conversation)] == ["buyer"]
    # kept as a blocked attempt only the seller (and staff) can see
    attempt = problem["facts"]["attempt_id"]
    mine = client.get(f"/api/v1/chat-blocks/{attempt}", headers=world.seller())
    assert mine.status_code == 200 and mine.json()["status"] == "blocked"
    assert client.get(f"/api/v1/chat-blocks/{attempt}", headers=world.seller(1)).status_code == 404
    assert client.get(f"/api/v1/chat-blocks/{attempt}", headers=world.buyer()).status_code == 404
    warning = events(rt, "guard.warning")
    assert len(warning) == 1 and warning[0].rule == "GUARD-7"
    assert warning[0].payload["categories"] == ["off_platform_contact"]
    status = client.get("/api/v1/chat-status", headers=world.seller()).json()
    assert status["warnings_active"] == 1


def test_GUARD_7_explanation_in_the_sellers_language(client, world, rt):
    _language(rt, world.sellers[0], "ru")
    number = paid(client, world)
    conversation = buyer_opens(client, world, number)
    problem = say(client, world.seller(), conversation, CONTACT).json()
    why = problem["facts"]["violations"][0]["why"]
    assert any("а" <= ch <= "я" for ch in why.lower())
    _language(rt, world.sellers[0], "zh")
    problem = say(client, world.seller(), conversation, "Please leave us a 5-star review").json()
    assert problem["rule"] == "GUARD-3"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in problem["facts"]["violations"][0]["why"])


def test_GUARD_7_ordinary_after_sales_talk_is_delivered(client, world):
    number = paid(client, world)
    conversation = buyer_opens(client, world, number)
    for text in (
        f"Ваш заказ {number} передан в доставку, трек-номер RU123456789CN.",
        "Размер M, цена 1 990 ₽, отправим 12.03.",
        "Возврат оформляется на ozon.ru в разделе «Мои заказы».",
        "К сожалению, товара нет на складе: мы сами оформим отмену через Ozon.",
    ):
        assert say(client, world.seller(), conversation, text).status_code == 201, text


def test_CHAT_12_sellers_may_never_ask_for_reviews(client, world):
    number = paid(client, world)
    conversation = buyer_opens(client, world, number)
    response = say(client, world.seller(), conversation, "Оставьте, пожалуйста, отзыв на 5 звёзд!")
    assert response.status_code == 409 and response.json()["rule"] == "GUARD-3"


def test_GUARD_8_three_warnings_restrict_traffic_then_more_suspend_listings(client, world, rt):
    number = paid(client, world)
    conversation = buyer_opens(client, world, number)
    for _ in range(2):
        say(client, world.seller(), conversation, CONTACT)
    assert _sanctions(rt, world.sellers[0]) == []
    say(client, world.seller(), conversation, CONTACT)  # the 3rd warning
    sanctions = _sanctions(rt, world.sellers[0])
    assert [(s.kind, s.rule) for s in sanctions] == [("traffic_restriction", "GUARD-8")]
    assert sanctions[0].facts["warnings_active"] == 3
    assert sanctions[0].ends_at - sanctions[0].starts_at == rt.policy.guard.traffic_restriction_for
    for _ in range(3):
        say(client, world.seller(), conversation, CONTACT)
    kinds = [s.kind for s in _sanctions(rt, world.sellers[0])]
    assert kinds == ["traffic_restriction", "listing_suspension"]
    assert client.get("/api/v1/chat-status", headers=world.seller()).json()["warning_steps"] == 2


def _blocked_attempt(client, world, conversation):
    return say(client, world.seller(), conversation, CONTACT).json()["facts"]["attempt_id"]


def _review(client, attempt, decision, role="moderator"):
    return client.post(
        f"/api/v1/chat-blocks/{attempt}/review",
        headers={"Authorization": f"Bearer token-{role}"},
        json={"decision": decision},
    )


def test_GUARD_8_confirmed_off_platform_contact_costs_50_points_repeats_freeze_then_terminate(
    client, world, rt
):
    number = paid(client, world)
    conversation = buyer_opens(client, world, number)
    first = _blocked_attempt(client, world, conversation)
    assert _review(client, first, "confirm").json()["status"] == "confirmed"
    assert _points(rt, world.sellers[0]) == [-50]
    assert _sanctions(rt, world.sellers[0]) == []
    second = _blocked_attempt(client, world, conversation)
    _review(client, second, "confirm", role="risk_reviewer")
    assert _points(rt, world.sellers[0]) == [-50, -50]
    freeze = [s for s in _sanctions(rt, world.sellers[0]) if s.kind == "store_freeze"]
    assert len(freeze) == 1 and freeze[0].rule == "GUARD-8"
    assert freeze[0].ends_at - freeze[0].starts_at == rt.policy.guard.store_freeze
    third = _blocked_attempt(client, world, conversation)
    _review(client, third, "confirm")
    kinds = [s.kind for s in _sanctions(rt, world.sellers[0])]
    assert "termination" in kinds
    assert [e.action for e in events(rt, "guard.block_confirmed")] == ["guard.block_confirmed"] * 3


def test_GUARD_8_dismissed_block_withdraws_the_warning_and_costs_nothing(client, world, rt):
    number = paid(client, world)
    conversation = buyer_opens(client, world, number)
    attempt = _blocked_attempt(client, world, conversation)
    assert _review(client, attempt, "dismiss").json()["status"] == "dismissed"
    assert client.get("/api/v1/chat-status", headers=world.seller()).json()["warnings_active"] == 0
    assert _points(rt, world.sellers[0]) == []
    again = _review(client, attempt, "confirm")
    assert again.status_code == 409


def test_GUARD_8_only_moderators_and_risk_reviewers_review_blocks(client, world):
    number = paid(client, world)
    conversation = buyer_opens(client, world, number)
    attempt = _blocked_attempt(client, world, conversation)
    assert _review(client, attempt, "confirm", role="support_agent").status_code == 403
    seller = client.post(
        f"/api/v1/chat-blocks/{attempt}/review",
        headers=world.seller(),
        json={"decision": "dismiss"},
    )
    assert seller.status_code == 403


def test_GUARD_7_fail_closed_guard_error_holds_the_message_for_the_seller(
    client, world, rt, monkeypatch
):
    number = paid(client, world)
    conversation = buyer_opens(client, world, number)

    def broken(text, config):
        raise RuntimeError("scanner crashed")

    # Fault injection: the scanner itself fails; the service must not deliver unchecked text.
    monkeypatch.setattr(chat_guarding.guard, "scan", broken)
    text = "Посылку отправим завтра утром."
    response = say(client, world.seller(), conversation, text)
    assert response.status_code == 503
    problem = response.json()
    assert problem["facts"]["text"] == text  # returned to the seller to edit, never lost
    held = client.get(
        f"/api/v1/chat-blocks/{problem['facts']['attempt_id']}", headers=world.seller()
    )
    assert held.json()["status"] == "held" and held.json()["text"] == text
    assert [m["author"] for m in messages(client, world.buyer(), conversation)] == ["buyer"]
    assert events(rt, "guard.warning") == []  # the seller did nothing wrong
    monkeypatch.undo()
    assert say(client, world.seller(), conversation, text).status_code == 201


def test_CHAT_6_quick_phrase_used_without_review_but_scanned_at_send_time(client, world, rt):
    number = paid(client, world)
    conversation = buyer_opens(client, world, number)
    phrase = client.post(
        "/api/v1/quick-phrases",
        headers=world.seller(),
        json={"title": "Sizes", "text": "Таблица размеров есть на странице товара."},
    ).json()
    assert phrase["status"] == "active"
    sent = say(client, world.seller(), conversation, "", quick_phrase_id=phrase["id"])
    assert sent.status_code == 201 and sent.json()["kind"] == "quick_phrase"
    risky = client.post(
        "/api/v1/quick-phrases",
        headers=world.seller(),
        json={"title": "Link", "text": "Фото товара: https://myshop.example/photos"},
    ).json()
    assert risky["status"] == "active"  # saved without review
    blocked = say(client, world.seller(), conversation, "", quick_phrase_id=risky["id"])
    assert blocked.status_code == 409 and blocked.json()["rule"] == "GUARD-1"
    block = client.get("/api/v1/chat-blocks", headers=world.seller()).json()["items"][0]
    assert block["source"] == "quick_phrase"
    other = say(client, world.seller(1), conversation, "", quick_phrase_id=phrase["id"])
    assert other.status_code == 404
