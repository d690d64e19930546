"""Uploads checked by content, used as CANCEL-3 evidence, isolated per owner."""

from __future__ import annotations

import io

from PIL import Image

from tests.integration.flows import paid


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_CANCEL_3_seller_request_with_uploaded_evidence(client, world):
    number = paid(client, world)
    up = client.post("/api/v1/files", headers=world.seller(),
                     files={"file": ("stock.png", _png(), "image/png")})
    assert up.status_code == 201, up.text
    file_id = up.json()["id"]
    request = client.post(f"/api/v1/orders/{number}/cancellation-requests",
                          headers=world.seller(),
                          json={"reason": "stock_out", "evidence": [file_id]})
    assert request.status_code == 201
    assert request.json()["evidence"] == [file_id]
    assert client.get(f"/api/v1/files/{file_id}", headers=world.seller()).content == _png()
    assert client.get(f"/api/v1/files/{file_id}", headers=world.seller(1)).status_code == 404


def test_DISPUTE_2_renamed_executable_refused_and_nothing_stored(client, world, rt):
    fake = b"\x7fELF\x02\x01\x01" + b"\x00" * 200
    response = client.post("/api/v1/files", headers=world.seller(),
                           files={"file": ("photo.jpg", fake, "image/jpeg")})
    assert response.status_code == 409
    assert response.json()["rule"] == "DISPUTE-2"
    assert not (rt.settings.storage_dir).exists() or not any(rt.settings.storage_dir.rglob("*"))


def test_evidence_of_another_seller_cannot_be_attached(client, world):
    number = paid(client, world, seller=0)
    other = client.post("/api/v1/files", headers=world.seller(1),
                        files={"file": ("x.png", _png(), "image/png")}).json()["id"]
    response = client.post(f"/api/v1/orders/{number}/cancellation-requests",
                           headers=world.seller(0),
                           json={"reason": "stock_out", "evidence": [other]})
    assert response.status_code == 404


def test_idempotent_upload_retried_with_a_new_multipart_boundary_replays(client, world):
    """A client retrying an upload builds a new multipart body (new boundary): same key and
    same content answers the stored response; other content with the key is refused."""

    def upload(content: bytes, boundary: str):
        body = (
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"stock.png\"\r\nContent-Type: image/png\r\n\r\n"
        ).encode() + content + f"\r\n--{boundary}--\r\n".encode()
        headers = {**world.seller(), "Idempotency-Key": "upload-1",
                   "Content-Type": f"multipart/form-data; boundary={boundary}"}
        return client.post("/api/v1/files", headers=headers, content=body)

    first = upload(_png(), "a1b2c3")
    assert first.status_code == 201, first.text
    retry = upload(_png(), "zz99yy")
    assert retry.status_code == 201 and retry.json()["id"] == first.json()["id"]
    other = Image.new("RGB", (41, 30), "black")
    buffer = io.BytesIO()
    other.save(buffer, "PNG")
    assert upload(buffer.getvalue(), "qq77").status_code == 422
