"""Prove a PDF is a readable, bounded, inert document (DISPUTE-2).

pypdf parses it under a tight `pypdf.Configuration` (decompression caps, page-tree caps, no
external decoders), then every object reachable from the trailer is walked once, with a budget,
looking for active content and oversized images, and every page's content is decoded and counted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from typing import Any

from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

from sellerdesk.evidence.limits import EvidenceLimits
from sellerdesk.evidence.refusal import Refusal

# Names that make a PDF do something when opened or carry another file inside it.
ACTIVE_CONTENT = {
    "/JavaScript": "JavaScript",
    "/JS": "JavaScript",
    "/Launch": "an action that launches a program",
    "/EmbeddedFile": "an embedded file",
    "/EmbeddedFiles": "embedded files",
    "/RichMedia": "rich media (Flash or video)",
    "/XFA": "an XFA form (which can run scripts)",
}

# Structure bounds. A real evidence PDF (a scan, a tracking-page print, a carrier letter) is far
# below both; a hostile one is refused instead of being walked for minutes.
MAX_OBJECT_ELEMENTS = 1_000_000
MAX_OBJECT_DEPTH = 100
MAX_FORM_NESTING = 12

# "/Name Do": the operator that draws an XObject (a form or an image).
_DRAWS_XOBJECT = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do(?![^\s/\[\]()<>{}%])")

_OPEN_IT_AGAIN = "Open the original document, save or print it again as a new PDF and upload that."


@contextmanager
def reading_limits(limits: EvidenceLimits) -> Iterator[None]:
    """pypdf caps for untrusted input; inspection and text extraction both read under them."""
    cap = limits.max_pdf_decoded_bytes
    with apply_configuration(
        zlib_maximum_output_length=cap,
        lzw_maximum_output_length=cap,
        run_length_maximum_output_length=cap,
        brotli_maximum_output_length=cap,
        jbig2_maximum_output_length=cap,
        array_based_stream_maximum_output_length=cap,
        image_maximum_buffer_size=cap,
        stream_decoding_work_maximum_length=cap,
        xfa_decoding_work_maximum_length=cap,
        maximum_declared_stream_length=limits.max_file_bytes,
        # A page tree holds the pages plus a few inner nodes; anything far larger is a page bomb.
        page_tree_maximum_entries=4 * limits.max_pdf_pages + 64,
        # Text extraction re-reads a form each time a page draws it, and parses content in pure
        # Python: letters and tracking printouts stay far below these, hostile files do not.
        xform_maximum_invocations_per_extraction=200,
        stream_parsing_work_maximum_count=500_000,
        # Never hand untrusted data to an external program.
        jbig2dec_binary=None,
    ):
        yield


def check_pdf(data: bytes, limits: EvidenceLimits) -> int:
    """The page count of a PDF that passes every DISPUTE-2 safety check; else raise `Refusal`."""
    try:
        with reading_limits(limits):
            reader = PdfReader(BytesIO(data))
            if reader.is_encrypted:
                raise Refusal(
                    "pdf_encrypted",
                    "the PDF is encrypted or password-protected, so it cannot be checked.",
                    "Save the PDF again without a password or encryption, then upload it.",
                )
            pages = _count_pages(reader, limits)
            _walk_objects(reader, limits)
            _check_drawing(reader, limits)
    except Refusal:
        raise
    except (LimitReachedError, RecursionError, MemoryError) as exc:
        limit = "objects nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise Refusal(
            "pdf_too_complex",
            "the PDF exceeds safe limits: content that expands far beyond the file's size"
            " (compressed, or drawn over and over), or too many or too deeply nested objects.",
            _OPEN_IT_AGAIN,
            limit=limit,
        ) from exc
    except Exception as exc:
        # pypdf raises PdfReadError, but also KeyError, ValueError, TypeError... on broken files.
        raise Refusal(
            "pdf_corrupt",
            f"the PDF is damaged and cannot be read ({type(exc).__name__}: {exc}).",
            _OPEN_IT_AGAIN,
        ) from exc
    return pages


def _count_pages(reader: PdfReader, limits: EvidenceLimits) -> int:
    tree = reader.root_object["/Pages"]
    declared = _get(tree, "/Count") if isinstance(tree, DictionaryObject) else None
    # The declared count is cheap to read; the real count below walks the page tree.
    if isinstance(declared, int) and declared > limits.max_pdf_pages:
        raise _too_many_pages(declared, limits)
    try:
        pages = len(reader.pages)
    except LimitReachedError as exc:
        raise _too_many_pages(None, limits) from exc
    if pages > limits.max_pdf_pages:
        raise _too_many_pages(pages, limits)
    if pages == 0:
        raise Refusal("pdf_corrupt", "the PDF has no pages.", _OPEN_IT_AGAIN)
    return pages


def _too_many_pages(pages: int | None, limits: EvidenceLimits) -> Refusal:
    counted = f"{pages} pages" if pages else "far too many pages"
    return Refusal(
        "pdf_too_many_pages",
        f"the PDF has {counted}; at most {limits.max_pdf_pages} are accepted.",
        f"Keep only the pages that prove your case (at most {limits.max_pdf_pages}) and upload"
        " again.",
        pages=pages,
        max_pdf_pages=limits.max_pdf_pages,
    )


def _walk_objects(reader: PdfReader, limits: EvidenceLimits) -> None:
    """Visit every object reachable from the trailer once; refuse active content and huge images.

    Every form XObject (page forms, annotation appearances) is inflated once, all against one cap.
    """
    budget = MAX_OBJECT_ELEMENTS
    decoded = 0
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[DictionaryObject | ArrayObject, int]] = [(reader.trailer, 0)]
    while stack:
        obj, depth = stack.pop()
        if depth > MAX_OBJECT_DEPTH:
            raise LimitReachedError(f"objects nested deeper than {MAX_OBJECT_DEPTH} levels")
        if isinstance(obj, DictionaryObject):
            _check_image(obj, limits)
            if isinstance(obj, StreamObject) and _get(obj, "/Subtype") == "/Form":
                # Form XObjects are content too: viewers and text extraction inflate them.
                decoded += len(obj.get_data())
                _check_decoded(decoded, limits)
        # items() gives raw values: each reference is resolved below, once per document.
        for key, value in obj.items():
            budget -= 1
            if budget < 0:
                raise LimitReachedError(f"more than {MAX_OBJECT_ELEMENTS:,} object elements")
            if isinstance(key, NameObject) and key in ACTIVE_CONTENT:
                raise _active(key)
            if isinstance(value, IndirectObject):
                ref = (value.idnum, value.generation)
                if ref in seen:
                    continue
                seen.add(ref)
                value = value.get_object()
            if isinstance(value, NameObject) and value in ACTIVE_CONTENT:
                raise _active(value)
            if isinstance(value, (DictionaryObject, ArrayObject)):
                stack.append((value, depth + 1))


def _check_image(obj: DictionaryObject, limits: EvidenceLimits) -> None:
    if _get(obj, "/Subtype") != "/Image":
        return
    width, height = _get(obj, "/Width"), _get(obj, "/Height")
    if (
        isinstance(width, int)
        and isinstance(height, int)
        and width * height > limits.max_image_pixels
    ):
        raise Refusal(
            "image_too_large",
            f"the PDF contains an image of {width}×{height} pixels;"
            f" at most {limits.max_image_pixels:,} pixels are accepted.",
            "Scan or export the document at a lower resolution (300 dpi is plenty) and upload"
            " again.",
            width=width,
            height=height,
            max_image_pixels=limits.max_image_pixels,
        )


def _check_drawing(reader: PdfReader, limits: EvidenceLimits) -> None:
    """Refuse a PDF whose pages, drawn once each, make a viewer interpret too much content.

    A small form drawn thousands of times is a bomb made of repetition rather than compression;
    each form counts once per `Do` that draws it, nested forms multiplied through.
    """
    drawn = 0
    form_sizes: dict[int, int] = {}
    for page in reader.pages:
        contents = page.get_contents()
        if contents is not None:
            remaining = limits.max_pdf_decoded_bytes - drawn
            drawn += _drawn_bytes(contents.get_data(), page, form_sizes, 0, remaining)
            _check_decoded(drawn, limits)


def _drawn_bytes(
    content: bytes, owner: DictionaryObject, form_sizes: dict[int, int], depth: int, cap: int
) -> int:
    if depth > MAX_FORM_NESTING:
        raise LimitReachedError(f"forms nested deeper than {MAX_FORM_NESTING} levels")
    total = len(content)
    resources = _get(owner, "/Resources")
    xobjects = _get(resources, "/XObject") if isinstance(resources, DictionaryObject) else None
    if not isinstance(xobjects, DictionaryObject):
        return total
    # Counted on the raw bytes: a name inside a string is counted too, which only overestimates.
    drawn = Counter(_pdf_name(raw) for raw in _DRAWS_XOBJECT.findall(content))
    for name, times in drawn.items():
        form = _get(xobjects, name)
        if not isinstance(form, StreamObject) or _get(form, "/Subtype") != "/Form":
            continue
        if id(form) not in form_sizes:
            form_sizes[id(form)] = _drawn_bytes(form.get_data(), form, form_sizes, depth + 1, cap)
        total += times * form_sizes[id(form)]
        if total > cap:
            raise LimitReachedError("forms drawn so often that the pages expand too far")
    return total


def _pdf_name(raw: bytes) -> str:
    """`/Im#31` is `/Im1`: names are compared as PDF decodes them."""
    decoded = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
    return "/" + decoded.decode("latin-1")


def _check_decoded(decoded: int, limits: EvidenceLimits) -> None:
    if decoded > limits.max_pdf_decoded_bytes:
        raise LimitReachedError(
            f"content inflates to more than {limits.max_pdf_decoded_bytes:,} bytes"
        )


def _get(obj: DictionaryObject, key: str) -> Any:
    """The resolved value, or None (`dict.get` would return an unresolved reference)."""
    return obj[key] if key in obj else None  # noqa: SIM401


def _active(name: str) -> Refusal:
    return Refusal(
        "pdf_active_content",
        f"the PDF contains {ACTIVE_CONTENT[name]} ({name}); evidence must be a plain document.",
        'Print the document to a new PDF ("Print → Save as PDF") to drop scripts and attachments,'
        " then upload that file.",
        active=name,
    )
