"""Helpers for the support-desk tests: real files, orders driven through the services, SMTP."""

from __future__ import annotations

import email
import io
import socket
from decimal import Decimal
from email.message import Message
from email.policy import default

from aiosmtpd.controller import Controller
from PIL import Image

from sellerdesk.access import Actor
from sellerdesk.services import orders
from sellerdesk.services.cancellations import decide_cancellation, request_cancellation


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 OK"

    def subjects(self) -> list[str]:
        return [str(m["Subject"]) for m in self.messages]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_smtp() -> tuple[Controller, Inbox, int]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, inbox, port


def screenshot(stamped: bool = True, colour: str = "white") -> bytes:
    """A real JPEG screenshot; `stamped` ones carry their time in EXIF (DateTimeOriginal)."""
    image = Image.new("RGB", (320, 200), colour)
    out = io.BytesIO()
    exif = Image.Exif()
    if stamped:
        exif[306] = "2026:03:02 11:58:00"
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def pdf_page(label: str) -> bytes:
    """A one-page PDF made by Pillow (a bank statement, a letter, an invoice)."""
    image = Image.new("RGB", (200, 120), "white")
    out = io.BytesIO()
    image.save(out, "PDF", title=label)
    return out.getvalue()


def upload(client, headers, data: bytes, name: str) -> int:
    response = client.post("/api/v1/files", headers=headers, files={"file": (name, data)})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def order_lines() -> list[orders.NewLine]:
    return [orders.NewLine("SKU-1", "Mug", 1, Decimal("1000.00"), "home")]


def make_order(rt, world, *, seller: int = 0, to: str = "paid") -> str:
    """An order of `world` seller driven through the services up to `to`:
    paid | shipped | delivered | returned (refunded after hand-over, K-5)."""
    buyer = Actor("buyer", world.buyers[0])
    placed = orders.place_order(
        rt, buyer, seller_id=world.sellers[seller], buyer_id=world.buyers[0],
        lines=order_lines(), delivery_type="standard", address="Москва, ул. Тверская, д. 1",
    )  # fmt: skip
    number = placed.posting_number
    orders.pay_order(rt, buyer, number)
    if to == "paid":
        return number
    seller_actor = Actor("seller", world.sellers[seller])
    orders.pack_order(rt, seller_actor, number)
    orders.ship_order(rt, seller_actor, number, "RU123456789")
    if to == "delivered":
        orders.deliver_order(rt, Actor("staff", world.staff["admin"], "admin"), number)
    elif to == "returned":
        request = request_cancellation(rt, buyer, number, reason="changed_mind")
        decide_cancellation(rt, seller_actor, request.id, approve=True)
    return number
