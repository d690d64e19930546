"""Helpers for refund and dispute tests: real evidence files (Pillow images, hand-written PDFs,
malicious ones), API steps from shipping to appeal, and a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import email
import io
import json
import socket
import zlib
from email.message import Message
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from PIL import Image, ImageDraw, ImageFont

from tests.conftest import World
from tests.integration.flows import paid

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
HOME_ITEMS = [
    {"sku": "SKU-1", "name": "Mug", "quantity": 2, "unit_price": "450.00", "category": "home"},
    {"sku": "SKU-2", "name": "Lamp", "quantity": 1, "unit_price": "1200.00", "category": "home"},
]


# --- files ---------------------------------------------------------------------------------


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), extra, data)


def text_pdf(text: str) -> bytes:
    """A one-page PDF with a real text layer (Helvetica), one line per text line."""
    lines = b" ".join(
        b"(%s) '" % line.encode("cp1252").replace(b"(", b"\\(").replace(b")", b"\\)")
        for line in text.split("\n")
    )
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            _stream(b"BT /F1 12 Tf 72 780 Td 16 TL " + lines + b" ET"),
        ]
    )


def pdf_bomb() -> bytes:
    """A 300 KB PDF whose page content inflates to 300 MB."""
    packer = zlib.compressobj(1)
    zeros = b"\x00" * (1 << 20)
    packed = b"".join(packer.compress(zeros) for _ in range(300)) + packer.flush()
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            _stream(packed, b"/Filter /FlateDecode "),
        ]
    )


def photo(colour: str = "white", kind: str = "JPEG", size: tuple[int, int] = (640, 480)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, kind)
    return out.getvalue()


def label_photo(lines: list[str]) -> bytes:
    """A PNG of printed text large enough for Tesseract."""
    font = ImageFont.truetype(FONT, 40)
    image = Image.new("RGB", (1000, 60 + 70 * len(lines)), "white")
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((30, 30 + number * 70), line, font=font, fill="black")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def renamed_executable() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 2000


def truncated_jpeg() -> bytes:
    data = photo("red", size=(800, 600))
    return data[: len(data) // 2]


def tracking_page(posting: str, skus: str = "SKU-1 SKU-2", stamp: bool = True) -> bytes:
    when = "05.03.2026 10:00 " if stamp else ""
    return text_pdf(
        f"CDEK tracking page, cdek.ru\nOrder {posting}\n02.03.2026 14:10 Accepted by carrier\n"
        f"{when}Delivered to recipient Ivan Petrov\nItems: {skus}"
    )


def proof_of_delivery(posting: str, name: str = "Ivan Petrov") -> bytes:
    return text_pdf(
        f"Proof of delivery for order {posting}\nReceived by {name}\n"
        "Address: Moscow, Tverskaya street 1\nDelivered 05.03.2026 10:00"
    )


# --- API steps -----------------------------------------------------------------------------


def shipped(
    client: TestClient,
    world: World,
    *,
    items: list[dict[str, Any]] | None = None,
    seller: int = 0,
    buyer: int = 0,
) -> str:
    number = paid(client, world, items=items or HOME_ITEMS, seller=seller, buyer=buyer)
    headers = world.seller(seller)
    assert client.post(f"/api/v1/orders/{number}/pack", headers=headers).status_code == 200
    response = client.post(
        f"/api/v1/orders/{number}/ship", headers=headers, json={"tracking_number": "RU123"}
    )
    assert response.status_code == 200, response.text
    return number


def track(
    client: TestClient,
    world: World,
    number: str,
    status: str = "in_transit",
    seller: int = 0,
    **more: Any,
) -> dict[str, Any]:
    body = {"carrier": more.pop("carrier", "CDEK"), "status": status, **more}
    response = client.post(
        f"/api/v1/orders/{number}/tracking-events", headers=world.seller(seller), json=body
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def delivered(client: TestClient, world: World, **kwargs: Any) -> str:
    number = shipped(client, world, **kwargs)
    track(client, world, number, "delivered", seller=kwargs.get("seller", 0))
    return number


def complain(
    client: TestClient,
    world: World,
    number: str,
    kind: str,
    *,
    skus: Any = None,
    photos: list[tuple[str, bytes]] = (),
    buyer: int = 0,
) -> Any:
    data = {"type": kind}
    if skus is not None:
        data["skus"] = json.dumps(skus)
    files = [("photos", (name, content)) for name, content in photos]
    return client.post(
        f"/api/v1/orders/{number}/complaints",
        headers=world.buyer(buyer),
        data=data,
        files=files or None,
    )


def disputes_of(client: TestClient, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/v1/disputes", headers=headers, params=params)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def dispute(client: TestClient, headers: dict[str, str], dispute_id: int) -> dict[str, Any]:
    response = client.get(f"/api/v1/disputes/{dispute_id}", headers=headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def stalled(client: TestClient, world: World, **kwargs: Any) -> tuple[str, dict[str, Any]]:
    """A shipped posting whose tracking stalls: refunded under REFUND-1 after 5 days."""
    return stalled_many(client, world, 1, **kwargs)[0]


def stalled_many(
    client: TestClient, world: World, count: int, **kwargs: Any
) -> list[tuple[str, dict[str, Any]]]:
    """`count` postings whose tracking stalls together (their disputes open at the same time)."""
    from tests.integration.flows import advance

    seller = kwargs.get("seller", 0)
    numbers = [shipped(client, world, **kwargs) for _ in range(count)]
    for number in numbers:
        track(client, world, number, seller=seller)
    advance(client, world, "5d")
    by_posting = {d["posting_number"]: d for d in disputes_of(client, world.seller(seller))}
    return [(number, by_posting[number]) for number in numbers]


def ours(report: dict[str, Any]) -> list[str]:
    """The lines of a clock advance that refund and dispute sweeps wrote."""
    return [line for line in report["happened"] if ", REFUND-" in line or ", DISPUTE-" in line]


def evidence(files: dict[str, list[tuple[str, bytes]]]) -> list[tuple[str, tuple[str, bytes]]]:
    return [(slot, item) for slot, items in files.items() for item in items]


def appeal(
    client: TestClient,
    world: World,
    dispute_id: int,
    files: dict[str, list[tuple[str, bytes]]],
    *,
    details: dict[str, Any] | None = None,
    confirm: bool = True,
    seller: int = 0,
    check: bool = False,
    **fields: str,
) -> Any:
    data = {"confirm": "true" if confirm else "false", **fields}
    if details:
        data["details"] = json.dumps(details)
    path = f"/api/v1/disputes/{dispute_id}/appeal" + ("/check" if check else "")
    return client.post(path, headers=world.seller(seller), data=data, files=evidence(files))


def good_evidence(posting: str) -> dict[str, list[tuple[str, bytes]]]:
    return {
        "tracking_page": [("tracking.pdf", tracking_page(posting))],
        "proof_of_delivery": [("pod.pdf", proof_of_delivery(posting))],
    }


# --- SMTP ----------------------------------------------------------------------------------


class Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 OK"


def start_smtp() -> tuple[Controller, Inbox, int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, inbox, port
