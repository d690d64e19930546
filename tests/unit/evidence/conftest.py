"""Real evidence files built in memory: Pillow images, hand-built PDFs, programs in disguise."""

from __future__ import annotations

import io
import struct
import zlib
from types import SimpleNamespace

import pytest
from PIL import Image, ImageDraw, ImageFont

from sellerdesk.evidence import EvidenceLimits

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def build_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF whose object N (1-based) is objects[N-1]; object 1 is the catalog."""
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
        b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, trailer, xref)
    )
    return out.getvalue()


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), extra, data)


def one_page_pdf(
    *, catalog_extra: bytes = b"", page_extra: bytes = b"", more: tuple[bytes, ...] = ()
) -> bytes:
    """Catalog (1), pages (2), page (3), then `more` as objects 4, 5..."""
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog_extra,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] %s>>" % page_extra,
            *more,
        ]
    )


def text_pdf(pages: list[str]) -> bytes:
    """A PDF with one Helvetica text page per entry (lines split on newlines)."""
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for index, text in enumerate(pages):
        shown = b" ".join(b"(%s) '" % _pdf_string(line) for line in text.split("\n"))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * index)
        )
        objects.append(stream(b"BT /F1 12 Tf 72 780 Td 16 TL " + shown + b" ET"))
    return build_pdf(objects)


def _pdf_string(line: str) -> bytes:
    raw = line.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def image_bytes(image: Image.Image, kind: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, {"jpg": "JPEG", "png": "PNG", "pdf": "PDF"}[kind], **options)
    return out.getvalue()


def text_image(lines: list[str], size: int = 36) -> Image.Image:
    """Black DejaVu text on white, large enough for Tesseract to read reliably."""
    font = ImageFont.truetype(FONT, size)
    image = Image.new("RGB", (40 + 22 * size, 40 + len(lines) * (size + 24)), "white")
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((20, 20 + number * (size + 24)), line, font=font, fill="black")
    return image


def png_with_padding(total_size: int) -> bytes:
    """A valid PNG of exactly `total_size` bytes: an ancillary chunk decoders skip fills it up."""
    small = image_bytes(Image.new("RGB", (32, 32), "green"), "png")
    iend = small.rindex(b"IEND") - 4
    filler = total_size - len(small) - 12  # length, type and CRC of the filler chunk
    body = b"\0" * filler
    chunk = (
        struct.pack(">I", filler) + b"fiLl" + body + struct.pack(">I", zlib.crc32(b"fiLl" + body))
    )
    data = small[:iend] + chunk + small[iend:]
    assert len(data) == total_size
    return data


@pytest.fixture(scope="session")
def make() -> SimpleNamespace:
    """The builders above, for tests to make their own variants."""
    return SimpleNamespace(
        build_pdf=build_pdf,
        stream=stream,
        one_page_pdf=one_page_pdf,
        text_pdf=text_pdf,
        image_bytes=image_bytes,
        text_image=text_image,
        png_with_padding=png_with_padding,
    )


@pytest.fixture
def limits() -> EvidenceLimits:
    return EvidenceLimits()


@pytest.fixture(scope="session")
def jpeg_1mb() -> bytes:
    """A photo-like JPEG of about 1 MB (noise keeps JPEG from compressing it away)."""
    noise = Image.effect_noise((1200, 900), 60).convert("RGB")
    data = image_bytes(noise, "jpg", quality=92)
    assert 700_000 < len(data) < 1_500_000, len(data)
    return data


@pytest.fixture(scope="session")
def small_jpeg() -> bytes:
    return image_bytes(Image.new("RGB", (640, 480), (200, 30, 30)), "jpg")


@pytest.fixture(scope="session")
def small_png() -> bytes:
    return image_bytes(Image.new("RGBA", (300, 200), (0, 0, 255, 128)), "png")


@pytest.fixture(scope="session")
def multipage_pdf() -> bytes:
    return text_pdf(
        [
            "Tracking 12345678-0001-1\nDelivered 02.03.2026 14:10\nRecipient: Ivan Petrov",
            "Page two: carrier CDEK",
            "Page three: signature on file",
        ]
    )


@pytest.fixture(scope="session")
def label_photo() -> bytes:
    """A photo-like PNG of an order label, as OCR sees it in real appeals."""
    return image_bytes(
        text_image(
            ["Заказ 12345678-0001-1", "Доставлено 02.03.2026 14:10", "Recipient: Ivan Petrov"]
        ),
        "png",
    )
