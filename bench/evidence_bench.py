"""Evidence inspection throughput (DISPUTE-2 inspection, DISPUTE-4 text extraction).

Measures files per second, one process and one thread, for:
  * a ~1 MB photo-like JPEG with printed text (inspect_file; inspect_file + extract_text = OCR),
  * a 10-page text PDF (inspect_file; inspect_file + extract_text = pypdf text layer).
Writes bench/results/evidence-<date>.json with the machine it ran on.

    .venv/bin/python bench/evidence_bench.py [--seconds 5]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import subprocess
from collections.abc import Callable
from pathlib import Path

import PIL
import pypdf
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from pypdf.generic import DictionaryObject, NameObject, StreamObject

from sellerdesk.clock import SystemClock, monotonic
from sellerdesk.evidence import EvidenceLimits, extract_text, inspect_file

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
RESULTS = Path(__file__).parent / "results"


def photo_jpeg(target_bytes: int = 1024 * 1024) -> bytes:
    """A 2000×1500 'photo' of a parcel label: soft noise, a gradient and printed lines."""
    size = (2000, 1500)
    noise = Image.effect_noise(size, 40).filter(ImageFilter.GaussianBlur(1))
    gradient = Image.linear_gradient("L").resize(size)
    image = Image.merge("RGB", (noise, gradient, Image.blend(noise, gradient, 0.5)))
    draw = ImageDraw.Draw(image)
    draw.rectangle((300, 350, 1700, 1150), fill="white")
    font = ImageFont.truetype(FONT, 56)
    lines = [
        "Заказ 12345678-0001-1",
        "CDEK 1234567890",
        "Доставлено 02.03.2026 14:10",
        "Получатель: Иванов Пётр",
        "SKU-1001 x 2",
    ]
    for number, line in enumerate(lines):
        draw.text((360, 400 + number * 140), line, font=font, fill="black")
    # Pick the JPEG quality whose size is closest to the target.
    best = b""
    for quality in range(60, 100, 2):
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality)
        if not best or abs(out.tell() - target_bytes) < abs(len(best) - target_bytes):
            best = out.getvalue()
    return best


def text_pdf(pages: int = 10) -> bytes:
    """A PDF of `pages` pages of Helvetica text, written with pypdf."""
    writer = pypdf.PdfWriter()
    font = writer._add_object(  # pypdf has no public call for a bare font dictionary
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    for number in range(1, pages + 1):
        page = writer.add_blank_page(595, 842)
        lines = [f"Carrier tracking, page {number}: order 12345678-0001-1"] + [
            f"0{number % 9 + 1}.03.2026 1{row % 10}:{row:02d} scanned at sorting centre {row}"
            for row in range(40)
        ]
        shown = " ".join(f"({line}) '" for line in lines)
        content = StreamObject()
        content.set_data(f"BT /F1 10 Tf 40 800 Td 18 TL {shown} ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(content)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def measure(run: Callable[[], object], seconds: float, minimum: int = 3) -> dict[str, float]:
    run()  # warm up: imports, caches, Tesseract's language data in the page cache
    laps: list[float] = []
    started = monotonic()
    while len(laps) < minimum or monotonic() - started < seconds:
        lap = monotonic()
        run()
        laps.append(monotonic() - lap)
    total = sum(laps)
    return {
        "files": len(laps),
        "seconds": round(total, 3),
        "files_per_second": round(len(laps) / total, 2),
        "median_ms": round(statistics.median(laps) * 1000, 2),
    }


def machine() -> dict[str, object]:
    tesseract = subprocess.run(
        ["tesseract", "--version"], capture_output=True, text=True, check=False
    )
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or None,
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "pillow": PIL.__version__,
        "pypdf": pypdf.__version__,
        "tesseract": (tesseract.stdout or tesseract.stderr).splitlines()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="time per measurement")
    args = parser.parse_args()

    limits = EvidenceLimits()
    fixtures = {
        "jpeg_1mb": ("photo.jpg", photo_jpeg()),
        "pdf_10_pages": ("tracking.pdf", text_pdf()),
    }
    results = []
    described = {}
    for key, (name, data) in fixtures.items():
        inspected = inspect_file(data, name, limits)
        text = extract_text(data, inspected, limits)
        described[key] = {
            "bytes": len(data),
            "kind": inspected.kind,
            "pages": inspected.pages,
            "width": inspected.width,
            "height": inspected.height,
            "text_chars": len(text),
            "order_number_read": "12345678-0001-1" in text,
        }

        def inspect_only(data: bytes = data, name: str = name) -> object:
            return inspect_file(data, name, limits)

        def inspect_and_extract(data: bytes = data, name: str = name) -> object:
            return extract_text(data, inspect_file(data, name, limits), limits)

        for operation, run in (
            ("inspect_file", inspect_only),
            ("inspect_file+extract_text", inspect_and_extract),
        ):
            figures = measure(run, args.seconds)
            results.append({"fixture": key, "operation": operation, **figures})
            print(
                f"{key:14} {operation:27} {figures['files_per_second']:>9.2f} files/s"
                f"  (median {figures['median_ms']} ms, {figures['files']} files)"
            )

    now = SystemClock().now()
    report = {
        "benchmark": "evidence",
        "date": now.isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {"seconds_per_measurement": args.seconds, "processes": 1, "threads": 1},
        "fixtures": described,
        "results": results,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"evidence-{now.date().isoformat()}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {path}")


if __name__ == "__main__":
    main()
