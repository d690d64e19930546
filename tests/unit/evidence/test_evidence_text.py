"""Text for the DISPUTE-4 checks: pypdf text layer, Tesseract OCR (rus+eng) for images and scans."""

from __future__ import annotations

import pytest
from PIL import Image

from sellerdesk.errors import InvalidInput
from sellerdesk.evidence import EvidenceItem, check_evidence, extract_text, inspect_file

LINES = ["Заказ 12345678-0001-1", "Доставлено 02.03.2026 14:10", "Recipient: Ivan Petrov"]


def text_of(data: bytes, name: str, limits) -> str:
    return extract_text(data, inspect_file(data, name, limits))


def test_DISPUTE_4_pdf_text_read_from_every_page(multipage_pdf, limits):
    text = text_of(multipage_pdf, "tracking.pdf", limits)

    assert "12345678-0001-1" in text
    assert "02.03.2026 14:10" in text
    assert "Page three" in text


def test_DISPUTE_4_ocr_finds_order_number_and_date_on_a_photo(label_photo, limits):
    inspected = inspect_file(label_photo, "label.png", limits)
    text = extract_text(label_photo, inspected)
    item = EvidenceItem("proof_of_delivery", inspected, text, "carrier_website")

    findings = check_evidence(
        "not_received", [item], order_number="12345678-0001-1", disputed_skus=()
    )

    by_check = {f.check: f for f in findings if f.file == "label.png"}
    assert by_check["order_number"].ok, text
    assert by_check["timestamp"].ok, text
    assert "Доставлено" in text


def test_DISPUTE_4_ocr_reads_a_jpeg(make, limits):
    photo = make.image_bytes(make.text_image(LINES), "jpg", quality=90)

    assert "12345678-0001-1" in text_of(photo, "photo.jpg", limits)


def test_DISPUTE_4_ocr_reads_a_sideways_phone_photo_by_its_exif_orientation(make, limits):
    sideways = make.text_image(LINES).rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    photo = make.image_bytes(sideways, "jpg", quality=90, exif=exif.tobytes())

    assert "12345678-0001-1" in text_of(photo, "IMG_2041.jpg", limits)


def test_DISPUTE_4_ocr_reads_black_text_on_a_transparent_screenshot(make, limits):
    glyphs = make.text_image(LINES).convert("L")
    transparent = Image.new("RGBA", glyphs.size, (0, 0, 0, 0))
    transparent.putalpha(glyphs.point(lambda v: 255 - v))  # the text is the only opaque part

    assert "12345678-0001-1" in text_of(make.image_bytes(transparent, "png"), "s.png", limits)


def test_DISPUTE_4_scanned_pdf_without_text_layer_is_read_by_ocr(make, limits):
    scan = make.image_bytes(make.text_image(LINES), "pdf")

    text = text_of(scan, "scan.pdf", limits)

    assert "12345678-0001-1" in text
    assert "02.03.2026" in text


def test_DISPUTE_4_image_without_text_gives_empty_text(make, limits):
    blank = make.image_bytes(Image.new("RGB", (400, 300), "white"), "png")

    assert text_of(blank, "blank.png", limits).strip() == ""


def test_DISPUTE_4_extract_text_refuses_bytes_of_another_file(small_jpeg, small_png, limits):
    inspected = inspect_file(small_jpeg, "a.jpg", limits)

    with pytest.raises(InvalidInput):
        extract_text(small_png, inspected)
