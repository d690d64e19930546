"""CHAT-1 attachments: JPG, PNG, PDF checked by content, limits from the policy, stored through
the storage interface, read back only by the conversation's parties."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfWriter

from tests.integration.chat.chat_flows import buyer_opens, events, messages, paid


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (0, 128, 0)).save(out, "PNG")
    return out.getvalue()


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _send(client, headers, conversation, files, text=""):
    return client.post(
        f"/api/v1/chats/{conversation}/files",
        headers=headers,
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
        data={"text": text} if text else None,
    )


def test_CHAT_1_buyer_and_seller_attach_jpg_png_pdf_checked_by_content(client, world, rt):
    number = paid(client, world)
    conversation = buyer_opens(client, world, number)
    sent = _send(
        client,
        world.buyer(),
        conversation,
        [("ivan_petrov_89161234567.jpg", _jpeg()), ("scan.png", _pdf())],
        text="Фото упаковки",
    )
    assert sent.status_code == 201, sent.text
    attached = sent.json()["attachments"]
    assert [a["kind"] for a in attached] == ["jpg", "pdf"]  # a PDF named .png is a PDF (K-15)
    seller_view = messages(client, world.seller(), conversation)[0]
    assert all("ivan" not in (a["name"] or "") for a in seller_view["attachments"])
    file_id = attached[0]["file_id"]
    got = client.get(f"/api/v1/chats/{conversation}/files/{file_id}", headers=world.seller())
    assert got.status_code == 200 and got.content == _jpeg()
    assert got.headers["content-type"] == "image/jpeg"
    assert "ivan" not in got.headers["content-disposition"]
    other = client.get(f"/api/v1/chats/{conversation}/files/{file_id}", headers=world.seller(1))
    assert other.status_code == 404
    reply = _send(client, world.seller(), conversation, [("chart.png", _png())])
    assert reply.status_code == 201 and reply.json()["text"] == ""
    assert events(rt, "chat.message")[-1].payload["attachments"] == 1


def test_CHAT_1_wrong_type_or_size_refused_nothing_stored(client, world, rt):
    number = paid(client, world)
    conversation = buyer_opens(client, world, number)
    before = len(messages(client, world.buyer(), conversation))
    fake = _send(client, world.buyer(), conversation, [("photo.jpg", b"#!/bin/sh\necho hi\n" * 20)])
    assert fake.status_code == 422 and fake.json()["rule"] == "CHAT-1"
    limit = rt.policy.chat.attachments.max_file_bytes
    big = _send(client, world.buyer(), conversation, [("big.jpg", _jpeg() + b"\0" * limit)])
    assert big.status_code == 422 and big.json()["rule"] == "CHAT-1"
    many = rt.policy.chat.attachments.max_per_message + 1
    too_many = _send(
        client, world.buyer(), conversation, [(f"{n}.png", _png()) for n in range(many)]
    )
    assert too_many.status_code == 422 and too_many.json()["facts"]["max_per_message"] == many - 1
    mixed = _send(client, world.buyer(), conversation, [("ok.png", _png()), ("bad.jpg", b"nope")])
    assert mixed.status_code == 422
    assert len(messages(client, world.buyer(), conversation)) == before


def test_CHAT_2_seller_attachment_also_needs_the_reply_window(client, world):
    number = paid(client, world)
    conversation = client.post(
        "/api/v1/chats", headers=world.buyer(), json={"posting_number": number}
    ).json()["id"]
    response = _send(client, world.seller(), conversation, [("a.png", _png())])
    assert response.status_code == 409 and response.json()["rule"] == "CHAT-2"


def test_GUARD_7_seller_caption_is_guarded_and_files_dropped_when_blocked(client, world):
    number = paid(client, world)
    conversation = buyer_opens(client, world, number)
    response = _send(
        client, world.seller(), conversation, [("a.png", _png())], text="Пишите в WhatsApp"
    )
    assert response.status_code == 409 and response.json()["rule"] == "GUARD-1"
    assert [m["author"] for m in messages(client, world.buyer(), conversation)] == ["buyer"]
