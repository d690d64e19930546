"""Text of an evidence file, for the DISPUTE-4 checks: pypdf for PDFs, Tesseract OCR for images.

Extraction is best effort and bounded in time and size: a file whose text cannot be read yields
"" (the checks then report the order number, date... as not found); the cause is logged.
"""

from __future__ import annotations

import math
import os
import subprocess
from io import BytesIO

import structlog
from PIL import Image, ImageOps
from pypdf import PageObject, PdfReader

from sellerdesk.clock import monotonic
from sellerdesk.errors import InvalidInput
from sellerdesk.evidence.limits import EvidenceLimits, InspectedFile
from sellerdesk.evidence.pdfs import reading_limits

TESSERACT = "tesseract"
OCR_LANGUAGES = "rus+eng"  # DISPUTE-4 accepts Russian and English documents
OCR_TIMEOUT_SECONDS = 30.0  # one Tesseract run
TEXT_BUDGET_SECONDS = 60.0  # all reading and OCR of one file (a scanned PDF has several pages)
# Larger pictures are scaled down before OCR: text stays legible and OCR time stays bounded.
OCR_MAX_PIXELS = 12_000_000
OCR_MIN_PIXELS = 50_000  # smaller images inside a PDF are logos and icons, not text
OCR_MAX_PDF_IMAGES = 10
SCANNED_PAGE_CHARS = 16  # a PDF page with less text than this is treated as a scan
MAX_TEXT_CHARS = 200_000

log = structlog.get_logger(__name__)


def extract_text(
    data: bytes, inspected: InspectedFile, limits: EvidenceLimits | None = None
) -> str:
    """The file's text: a PDF's text layer (OCR for scanned pages) or an image's OCR; "" if none."""
    if len(data) != inspected.size:
        raise InvalidInput(
            f"The bytes given ({len(data)}) are not the inspected file “{inspected.filename}”"
            f" ({inspected.size} bytes)."
        )
    deadline = monotonic() + TEXT_BUDGET_SECONDS
    parts: list[str] = []
    try:
        if inspected.kind == "pdf":
            _pdf_text(data, limits or EvidenceLimits(), deadline, parts)
        else:
            with Image.open(BytesIO(data)) as image:
                parts.append(_ocr(image, inspected.filename, deadline))
    except Exception as exc:
        # The contract is best effort: what was read so far is kept, the cause is logged.
        log.warning("evidence.text_failed", file=inspected.filename, error=repr(exc))
    return "\n".join(parts)[:MAX_TEXT_CHARS]


def _pdf_text(data: bytes, limits: EvidenceLimits, deadline: float, parts: list[str]) -> None:
    length = 0
    ocr_left = OCR_MAX_PDF_IMAGES
    with reading_limits(limits):
        reader = PdfReader(BytesIO(data))
        for number, page in enumerate(reader.pages[: limits.max_pdf_pages], start=1):
            if monotonic() > deadline:
                log.warning("evidence.text_truncated", page=number, reason="time budget spent")
                break
            try:
                text = page.extract_text()
            except Exception as exc:
                log.warning("evidence.pdf_text_failed", page=number, error=repr(exc))
                text = ""
            if len(text.strip()) < SCANNED_PAGE_CHARS and ocr_left > 0:
                scanned, ocr_left = _scanned_page_text(page, number, ocr_left, deadline)
                text = f"{text}\n{scanned}".strip()
            parts.append(text)
            length += len(text)
            if length >= MAX_TEXT_CHARS:
                break


def _scanned_page_text(
    page: PageObject, number: int, ocr_left: int, deadline: float
) -> tuple[str, int]:
    texts: list[str] = []
    try:
        for embedded in page.images:
            if ocr_left <= 0:
                break
            image = embedded.image
            if image is None or image.width * image.height < OCR_MIN_PIXELS:
                continue
            ocr_left -= 1
            texts.append(_ocr(image, f"page {number}", deadline))
    except Exception as exc:
        # An image pypdf cannot decode (JBIG2 without an external decoder...) leaves no text.
        log.warning("evidence.pdf_image_failed", page=number, error=repr(exc))
    return "\n".join(texts), ocr_left


def _ocr(image: Image.Image, source: str, deadline: float) -> str:
    timeout = min(OCR_TIMEOUT_SECONDS, deadline - monotonic())
    if timeout <= 0:
        log.warning("evidence.ocr_skipped", file=source, reason="time budget spent")
        return ""
    pgm = BytesIO()
    _prepare(image).save(pgm, "PPM")
    try:
        done = subprocess.run(
            [TESSERACT, "stdin", "stdout", "-l", OCR_LANGUAGES],
            input=pgm.getvalue(),
            capture_output=True,
            timeout=timeout,
            check=False,
            # One thread per run: the server runs many inspections side by side.
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except (subprocess.TimeoutExpired, OSError) as exc:
        log.warning("evidence.ocr_failed", file=source, error=repr(exc))
        return ""
    if done.returncode != 0:
        error = done.stderr.decode("utf-8", "replace")[-500:]
        log.warning("evidence.ocr_failed", file=source, returncode=done.returncode, error=error)
        return ""
    return done.stdout.decode("utf-8", "replace")


def _prepare(image: Image.Image) -> Image.Image:
    """Upright, grey, on white and at most OCR_MAX_PIXELS: what Tesseract reads best and fastest."""
    upright = ImageOps.exif_transpose(image)
    if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info:
        # Transparent screenshots would otherwise come out black on black.
        rgba = upright.convert("RGBA")
        background = Image.new("RGBA", rgba.size, "white")
        background.alpha_composite(rgba)
        upright = background
    grey = upright.convert("L")
    pixels = grey.width * grey.height
    if pixels > OCR_MAX_PIXELS:
        scale = math.sqrt(OCR_MAX_PIXELS / pixels)
        grey = grey.resize(
            (int(grey.width * scale), int(grey.height * scale)), Image.Resampling.BILINEAR
        )
    return grey
