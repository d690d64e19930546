"""Conversations and messages through the API: CHAT-1, CHAT-2, CHAT-9, GUARD-9, read marks,
pagination and bad input."""

from __future__ import annotations

import json

from tests.integration.chat.chat_flows import buyer_opens, events, messages, paid, say, start
from tests.integration.flows import advance


def test_CHAT_1_buyer_starts_order_conversation_seller_sees_alias_never_identity(client, world, rt):
    number = paid(client, world)
    conversation = start(client, world, number)
    assert conversation["posting_number"] == number
    assert conversation["counterpart"] == "Seller 0"  # the buyer sees the store's name
    assert say(client, world.buyer(), conversation["id"], "Когда отправите?").status_code == 201
    seen = client.get("/api/v1/chats", headers=world.seller()).json()["items"]
    assert [c["id"] for c in seen] == [conversation["id"]]
    assert seen[0]["counterpart"].startswith("Buyer ")
    everything = json.dumps(
        [seen, messages(client, world.seller(), conversation["id"])], ensure_ascii=False
    )
    for secret in ("Buyer 0", "buyer0@example.com", "+79160000000", "buyer_id"):
        assert secret not in everything.replace(seen[0]["counterpart"], "")
    opened = events(rt, "chat.opened")
    assert opened and opened[0].rule == "CHAT-1"
    assert events(rt, "chat.message")[0].payload["author"] == "buyer"


def test_CHAT_1_K_16_other_parties_get_404(client, world):
    number = paid(client, world)
    conversation = buyer_opens(client, world, number)
    for headers in (world.seller(1), world.buyer(1)):
        assert client.get(f"/api/v1/chats/{conversation}", headers=headers).status_code == 404
        assert say(client, headers, conversation, "hi").status_code == 404
    # a buyer cannot open a chat on someone else's order
    other = client.post("/api/v1/chats", headers=world.buyer(1), json={"posting_number": number})
    assert other.status_code == 404


def test_CHAT_2_chats_are_buyer_initiated_seller_cannot_start_one(client, world):
    number = paid(client, world)
    response = client.post("/api/v1/chats", headers=world.seller(), json={"posting_number": number})
    assert response.status_code == 403
    assert response.json()["rule"] == "CHAT-2"


def test_CHAT_2_K_1_seller_free_text_inside_window_refused_at_48h_and_recorded(client, world, rt):
    number = paid(client, world)
    conversation = buyer_opens(client, world, number)
    advance(client, world, "47h59m")
    assert say(client, world.seller(), conversation, "Отправим завтра.").status_code == 201
    advance(client, world, "1m")  # now = buyer message + 48h: the window is closed (K-1)
    refused = say(client, world.seller(), conversation, "Посылка уже в пути.")
    assert refused.status_code == 409
    problem = refused.json()
    assert problem["rule"] == "CHAT-2"
    assert "template" in problem["next_step"]
    assert problem["facts"]["recorded_as"] == "proactive_contact"
    recorded = events(rt, "chat.proactive_violation")
    assert len(recorded) == 1 and recorded[0].rule == "CHAT-2"
    # a new buyer message opens the window again
    assert say(client, world.buyer(), conversation, "Ау?").status_code == 201
    assert say(client, world.seller(), conversation, "Уже в пути!").status_code == 201


def test_CHAT_9_edit_is_a_new_message_naming_the_old_nothing_deleted(client, world, rt):
    number = paid(client, world)
    conversation = buyer_opens(client, world, number)
    first = say(client, world.seller(), conversation, "Отправим в пятницу.").json()
    edit = say(
        client, world.seller(), conversation, "Отправим в четверг.", replaces_message_id=first["id"]
    )
    assert edit.status_code == 201
    assert edit.json()["replaces_id"] == first["id"]
    texts = [m["text"] for m in messages(client, world.buyer(), conversation)]
    assert texts[:2] == ["Отправим в четверг.", "Отправим в пятницу."]
    assert events(rt, "chat.message")[-1].payload["replaces_id"] == first["id"]


def test_CHAT_9_edit_must_replace_own_message(client, world):
    number = paid(client, world)
    conversation = buyer_opens(client, world, number)
    buyers = messages(client, world.seller(), conversation)[0]["id"]
    response = say(client, world.seller(), conversation, "x", replaces_message_id=buyers)
    assert response.status_code == 422 and response.json()["rule"] == "CHAT-9"


def test_GUARD_9_buyer_contacts_masked_for_seller_never_blocked(client, world):
    number = paid(client, world)
    text = "Позвоните мне: +7 916 123-45-67 или пишите ivan.petrov@mail.ru"
    conversation = buyer_opens(client, world, number, text)
    buyer_view = messages(client, world.buyer(), conversation)[0]
    seller_view = messages(client, world.seller(), conversation)[0]
    assert buyer_view["text"] == text
    assert "916" not in seller_view["text"] and "ivan.petrov" not in seller_view["text"]
    assert seller_view["text"].startswith("Позвоните мне")


def test_unread_counts_and_read_marks(client, world):
    number = paid(client, world)
    conversation = buyer_opens(client, world, number, "Вопрос 1")
    say(client, world.buyer(), conversation, "Вопрос 2")
    assert client.get("/api/v1/chats/unread", headers=world.seller()).json() == {
        "conversations": 1,
        "messages": 2,
    }
    first = messages(client, world.seller(), conversation)[-1]
    assert first["read"] is False
    marked = client.post(
        f"/api/v1/chats/{conversation}/read",
        headers=world.seller(),
        json={"upto_message_id": first["id"]},
    )
    assert marked.json()["unread"] == 1
    client.post(f"/api/v1/chats/{conversation}/read", headers=world.seller(), json={})
    assert client.get("/api/v1/chats/unread", headers=world.seller()).json()["messages"] == 0
    assert all(m["read"] for m in messages(client, world.seller(), conversation))
    say(client, world.seller(), conversation, "Ответ")
    assert client.get("/api/v1/chats/unread", headers=world.buyer()).json()["messages"] == 1
    listed = client.get("/api/v1/chats?unread_only=true", headers=world.seller()).json()
    assert listed["items"] == []


def test_message_list_cursor_pagination(client, world):
    number = paid(client, world)
    conversation = buyer_opens(client, world, number, "m0")
    for n in range(1, 5):
        say(client, world.buyer(), conversation, f"m{n}")
    seen, cursor = [], None
    while True:
        url = f"/api/v1/chats/{conversation}/messages?limit=2" + (
            f"&cursor={cursor}" if cursor else ""
        )
        page = client.get(url, headers=world.seller()).json()
        seen += [m["text"] for m in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == ["m4", "m3", "m2", "m1", "m0"]


def _count(client, world, conversation):
    return len(messages(client, world.buyer(), conversation))


def test_CHAT_1_bad_input_refused_with_typed_error_nothing_stored(client, world, rt):
    number = paid(client, world)
    conversation = buyer_opens(client, world, number)
    before = (_count(client, world, conversation), len(events(rt, "chat.message")))
    limit = rt.policy.chat.max_message_chars
    for text in ("", "   \n ", "x" * (limit + 1), "hi\x00there", "bell\x07"):
        for headers in (world.buyer(), world.seller()):
            response = say(client, headers, conversation, text)
            assert response.status_code == 422, (text[:10], response.text)
            assert response.json()["rule"] == "CHAT-1"
    for body in (b'{"text": "\xff\xfe broken"}', b'{"text": "half \\ud800 surrogate"}'):
        raw = client.post(
            f"/api/v1/chats/{conversation}/messages",
            headers={**world.buyer(), "Content-Type": "application/json"},
            content=body,
        )
        # invalid UTF-8 is refused by the JSON parser (400), a lone surrogate by CHAT-1 (422)
        assert raw.status_code in (400, 422), raw.text
        assert raw.headers["content-type"].startswith("application/problem+json")
        if b"surrogate" in body:
            assert raw.json()["rule"] == "CHAT-1"
    assert (_count(client, world, conversation), len(events(rt, "chat.message"))) == before
    assert say(client, world.buyer(), conversation, "x" * limit).status_code == 201
