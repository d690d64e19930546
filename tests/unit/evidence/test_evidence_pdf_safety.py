"""DISPUTE-2: a PDF is proven readable, bounded and inert before it is accepted as evidence."""

from __future__ import annotations

import io
import time
import zlib

import pytest
from pypdf import PdfReader, PdfWriter

from sellerdesk.errors import RuleViolation
from sellerdesk.evidence import EvidenceLimits, inspect_file


def refused_reason(data: bytes, limits: EvidenceLimits) -> str:
    with pytest.raises(RuleViolation) as caught:
        inspect_file(data, "evidence.pdf", limits)
    assert caught.value.rule == "DISPUTE-2"
    assert caught.value.next_step
    return str(caught.value.facts["reason"])


@pytest.fixture(scope="session")
def flate_bomb(make) -> bytes:
    """A page whose 300 KB content stream inflates to 300 MB."""
    packer = zlib.compressobj(1)
    zeros = b"\x00" * (1 << 20)
    packed = b"".join(packer.compress(zeros) for _ in range(300)) + packer.flush()
    return make.one_page_pdf(
        page_extra=b"/Contents 4 0 R", more=(make.stream(packed, b"/Filter /FlateDecode "),)
    )


def test_DISPUTE_2_pdf_bomb_content_stream_refused_quickly(flate_bomb, limits):
    assert len(flate_bomb) < limits.max_file_bytes
    started = time.perf_counter()

    assert refused_reason(flate_bomb, limits) == "pdf_too_complex"
    assert time.perf_counter() - started < 5


def test_DISPUTE_2_pdf_bomb_in_a_form_xobject_refused(make, limits):
    packer = zlib.compressobj(1)
    packed = b"".join(packer.compress(b"\x00" * (1 << 20)) for _ in range(100)) + packer.flush()
    form = make.stream(
        packed, b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Filter /FlateDecode "
    )
    data = make.one_page_pdf(page_extra=b"/Resources << /XObject << /X1 4 0 R >> >>", more=(form,))

    assert refused_reason(data, limits) == "pdf_too_complex"


def form_pdf(make, page_ops: bytes, form_ops: bytes = b"0 0 m 10 10 l S " * 2000) -> bytes:
    form = make.stream(
        form_ops, b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources 6 0 R "
    )
    return make.build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 6 0 R"
            b" /Contents 5 0 R >>",
            form,
            make.stream(page_ops),
            b"<< /XObject << /X1 4 0 R >> >>",
        ]
    )


def test_DISPUTE_2_pdf_bomb_by_repetition_refused(make, limits):
    # A 36 KB form drawn 5000 times: nothing is compressed, yet drawing the page means
    # interpreting 180 MB of content.
    assert refused_reason(form_pdf(make, b"/X1 Do " * 5000), limits) == "pdf_too_complex"


def test_DISPUTE_2_pdf_bomb_by_repetition_with_escaped_name_refused(make, limits):
    assert refused_reason(form_pdf(make, b"/X#31 Do\n" * 5000), limits) == "pdf_too_complex"


def test_DISPUTE_2_pdf_form_drawing_itself_refused(make, limits):
    assert refused_reason(form_pdf(make, b"/X1 Do", b"/X1 Do"), limits) == "pdf_too_complex"


def test_DISPUTE_2_pdf_drawing_a_logo_form_a_few_times_accepted(make, limits):
    assert inspect_file(form_pdf(make, b"/X1 Do " * 3), "logo.pdf", limits).pages == 1


def test_DISPUTE_2_pdf_with_thousands_of_pages_refused(make, limits):
    pages = 3000
    kids = b" ".join(b"%d 0 R" % (3 + n) for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>"] * pages,
    ]

    assert refused_reason(make.build_pdf(objects), limits) == "pdf_too_many_pages"


def test_DISPUTE_2_pdf_lying_about_its_page_count_refused(make, limits):
    # /Count says 1; the tree holds 3000 references to the same page.
    kids = b" ".join([b"3 0 R"] * 3000)
    data = make.build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count 1 >>" % kids,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>",
        ]
    )

    assert refused_reason(data, limits) == "pdf_too_many_pages"


def test_DISPUTE_2_pdf_over_page_limit_refused_and_at_limit_accepted(make, limits):
    assert inspect_file(make.text_pdf(["p"] * 50), "50.pdf", limits).pages == 50
    assert refused_reason(make.text_pdf(["p"] * 51), limits) == "pdf_too_many_pages"


def test_DISPUTE_2_deeply_nested_pdf_objects_refused(make, limits):
    deep = b"[" * 20_000 + b"]" * 20_000
    data = make.one_page_pdf(catalog_extra=b"/Extra 4 0 R", more=(deep,))

    assert refused_reason(data, limits) == "pdf_too_complex"


def test_DISPUTE_2_encrypted_pdf_refused(multipage_pdf, limits):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(multipage_pdf)))
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)

    assert refused_reason(out.getvalue(), limits) == "pdf_encrypted"


def test_DISPUTE_2_pdf_encrypted_with_empty_password_refused(multipage_pdf, limits):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(multipage_pdf)))
    writer.encrypt("", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)

    assert refused_reason(out.getvalue(), limits) == "pdf_encrypted"


def test_DISPUTE_2_pdf_with_javascript_open_action_refused(make, limits):
    data = make.one_page_pdf(
        catalog_extra=b"/OpenAction 4 0 R", more=(b"<< /S /JavaScript /JS (app.alert(1)) >>",)
    )

    with pytest.raises(RuleViolation) as caught:
        inspect_file(data, "js.pdf", limits)

    assert caught.value.facts["reason"] == "pdf_active_content"
    assert "JavaScript" in caught.value.message


def test_DISPUTE_2_pdf_with_javascript_in_name_tree_refused(make, limits):
    data = make.one_page_pdf(
        catalog_extra=b"/Names << /JavaScript << /Names [(x) 4 0 R] >> >>",
        more=(b"<< /S /JavaScript /JS (this.print()) >>",),
    )

    assert refused_reason(data, limits) == "pdf_active_content"


def test_DISPUTE_2_pdf_with_hex_escaped_launch_action_on_a_link_refused(make, limits):
    # "/Lau#6Ech" is "/Launch": names are compared after PDF decoding, not as raw bytes.
    data = make.one_page_pdf(
        page_extra=b"/Annots [4 0 R]",
        more=(
            b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /Lau#6Ech /F (cmd.exe) >> >>",
        ),
    )

    assert refused_reason(data, limits) == "pdf_active_content"


def test_DISPUTE_2_pdf_with_embedded_file_refused(multipage_pdf, limits):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(multipage_pdf)))
    writer.add_attachment("invoice.exe", b"MZ" + b"\x00" * 100)
    out = io.BytesIO()
    writer.write(out)

    assert refused_reason(out.getvalue(), limits) == "pdf_active_content"


def test_DISPUTE_2_pdf_with_huge_embedded_image_refused(make, limits):
    image = make.stream(
        zlib.compress(b"\x00" * 1000),
        b"/Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 /Filter /FlateDecode ",
    )
    data = make.one_page_pdf(
        page_extra=b"/Resources << /XObject << /Im1 4 0 R >> >>", more=(image,)
    )

    assert refused_reason(data, limits) == "image_too_large"


def test_DISPUTE_2_damaged_pdf_refused(limits):
    assert refused_reason(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n", limits) == "pdf_corrupt"


def test_DISPUTE_2_pdf_made_by_pillow_from_a_photo_accepted(make, small_jpeg, limits):
    from PIL import Image

    scan = make.image_bytes(Image.open(io.BytesIO(small_jpeg)), "pdf")

    inspected = inspect_file(scan, "scan.pdf", limits)

    assert (inspected.kind, inspected.pages) == ("pdf", 1)
