"""DISPUTE-2: accept an evidence file only when its content proves it is a JPG, PNG or PDF.

The type is sniffed from magic bytes (`filetype`) and then proven by decoding the whole file
(Pillow for images, pypdf for PDFs); the file name never decides anything (K-15: a valid PDF named
`.png` is accepted as a PDF). Sizes follow K-15: 5 MB = 5 * 1024 * 1024 bytes.
"""

from __future__ import annotations

import hashlib
import re

import filetype

from sellerdesk.errors import InvalidInput, RuleViolation
from sellerdesk.evidence.images import check_image
from sellerdesk.evidence.limits import MEDIA_TYPES, EvidenceLimits, InspectedFile
from sellerdesk.evidence.pdfs import check_pdf
from sellerdesk.evidence.refusal import Refusal

# filetype reports an animated PNG as "apng"; it is still a PNG file.
_SNIFFED_AS = {"jpg": "jpg", "png": "png", "apng": "png", "pdf": "pdf"}

# Content that can run or hide other files: the files a renamed "photo.jpg" is most often.
_PROGRAMS = {
    "elf": "a Linux program (ELF)",
    "exe": "a Windows program (EXE/DLL)",
    "wasm": "a WebAssembly program",
    "swf": "a Flash program",
    "crx": "a browser extension",
    "deb": "a software package",
    "rpm": "a software package",
    "zip": "a ZIP archive",
    "rar": "a RAR archive",
    "7z": "a 7-Zip archive",
    "gz": "a gzip archive",
    "bz2": "a bzip2 archive",
    "xz": "an xz archive",
    "tar": "a tar archive",
    "cab": "a cabinet archive",
}
# Signatures filetype does not know.
_MORE_PROGRAMS = (
    (b"\xfe\xed\xfa\xce", "a macOS program (Mach-O)"),
    (b"\xfe\xed\xfa\xcf", "a macOS program (Mach-O)"),
    (b"\xce\xfa\xed\xfe", "a macOS program (Mach-O)"),
    (b"\xcf\xfa\xed\xfe", "a macOS program (Mach-O)"),
    (b"\xca\xfe\xba\xbe", "a Java class or macOS program"),
    (b"dex\n", "an Android program (DEX)"),
)
_SCRIPT_MARKERS = (b"#!", b"<?php", b"<script", b"<html", b"<!doctype html", b"@echo off")

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MAX_NAME = 255


def inspect_file(data: bytes, filename: str, limits: EvidenceLimits) -> InspectedFile:
    """Inspect one evidence file; return what it is or raise `RuleViolation` (DISPUTE-2)."""
    name = display_name(filename)
    try:
        kind, width, height, pages = _inspect(data, limits)
    except Refusal as refusal:
        raise RuleViolation(
            f"“{name}” was refused: {refusal.detail}",
            rule="DISPUTE-2",
            next_step=refusal.next_step,
            facts={"filename": name, "reason": refusal.reason, "size": len(data), **refusal.facts},
        ) from refusal
    return InspectedFile(
        kind=kind,
        media_type=MEDIA_TYPES[kind],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        pages=pages,
        width=width,
        height=height,
        filename=name,
    )


def inspect_batch(
    files: list[tuple[str, bytes]], limits: EvidenceLimits, already_attached: int = 0
) -> list[InspectedFile]:
    """Inspect (filename, bytes) pairs: every one passes DISPUTE-2 or none is accepted."""
    if already_attached < 0:
        raise InvalidInput(f"already_attached must be 0 or more; got {already_attached}.")
    total = already_attached + len(files)
    if total > limits.max_files:
        raise RuleViolation(
            f"An appeal may carry at most {limits.max_files} files; this upload would make {total}"
            f" ({already_attached} already attached + {len(files)} new).",
            rule="DISPUTE-2",
            next_step=f"Choose the {max(limits.max_files - already_attached, 0)} most convincing"
            " files, or combine several pages into one PDF.",
            facts={
                "reason": "too_many_files",
                "already_attached": already_attached,
                "uploaded": len(files),
                "max_files": limits.max_files,
            },
        )
    accepted: list[InspectedFile] = []
    refused: list[RuleViolation] = []
    # Every file is checked, so the seller learns about all bad files from one attempt.
    for filename, data in files:
        try:
            accepted.append(inspect_file(data, filename, limits))
        except RuleViolation as violation:
            refused.append(violation)
    if not refused:
        return accepted
    if len(refused) == 1:
        raise refused[0]
    raise RuleViolation(
        f"{len(refused)} of {len(files)} files were refused: "
        + " ".join(violation.message for violation in refused),
        rule="DISPUTE-2",
        next_step="Replace the refused files; nothing from this upload was attached.",
        facts={
            "reason": "files_refused",
            "refused": [
                {**violation.facts, "message": violation.message, "next_step": violation.next_step}
                for violation in refused
            ],
        },
    )


def display_name(filename: str) -> str:
    """The name to show and store: no directories, no control characters, bounded length."""
    base = re.split(r"[\\/]", filename)[-1]
    cleaned = _CONTROL.sub("", base).strip()
    return cleaned[:_MAX_NAME] or "file"


def _inspect(data: bytes, limits: EvidenceLimits) -> tuple[str, int | None, int | None, int]:
    if not data:
        raise Refusal(
            "empty_file",
            "the file is empty (0 bytes).",
            "Check the file on your computer opens, then upload it again.",
        )
    if len(data) > limits.max_file_bytes:
        raise Refusal(
            "file_too_large",
            f"it is {_megabytes(len(data))}; each file may be at most"
            f" {_megabytes(limits.max_file_bytes)}.",
            "Compress the photo, or split the PDF into smaller files, and upload again.",
            max_file_bytes=limits.max_file_bytes,
        )
    kind = _sniff(data, limits)
    if kind == "pdf":
        return kind, None, None, check_pdf(data, limits)
    width, height = check_image(data, kind, limits)
    return kind, width, height, 1


def _sniff(data: bytes, limits: EvidenceLimits) -> str:
    accepted = _formats_text(limits)
    guess = filetype.guess(data)
    extension = guess.extension if guess else None
    kind = _SNIFFED_AS.get(extension or "")
    if kind in limits.formats:
        return kind
    detected, program = _program(data, extension)
    if program:
        raise Refusal(
            "executable_or_archive",
            f"its content is {program}, not a {accepted} file. Renaming a file does not change"
            " what it is.",
            f"Upload the photo or document itself as {accepted}.",
            detected=detected,
        )
    described = f"“{guess.mime}”" if guess else "not recognised"
    raise Refusal(
        "format_not_accepted",
        f"its content is {described}; only {accepted} files are accepted, whatever the file name.",
        f"Save or export the evidence as {accepted} and upload that file.",
        detected=kind or extension,
    )


def _program(data: bytes, extension: str | None) -> tuple[str | None, str | None]:
    """(detected kind, description) when the content can run or hide other files."""
    if extension in _PROGRAMS:
        return extension, _PROGRAMS[extension]
    for signature, label in _MORE_PROGRAMS:
        if data.startswith(signature):
            return "program", label
    head = data[:64].lstrip().lower()
    if head.startswith(_SCRIPT_MARKERS):
        return "script", "a script"
    return None, None


def _formats_text(limits: EvidenceLimits) -> str:
    names = [f.upper() for f in limits.formats]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
