"""What an evidence file may be (DISPUTE-2) and what inspecting one found."""

from __future__ import annotations

from dataclasses import dataclass

from sellerdesk.errors import InvalidInput

# Types we can prove by decoding them; a policy may narrow `formats` to a subset, never widen it.
SUPPORTED_FORMATS = ("jpg", "png", "pdf")

MEDIA_TYPES = {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}


@dataclass(frozen=True)
class EvidenceLimits:
    """DISPUTE-2 limits. The first four come from the policy; K-15: 5 MB = 5 * 1024 * 1024 bytes."""

    formats: tuple[str, ...] = SUPPORTED_FORMATS  # DISPUTE-2 formats
    max_file_bytes: int = 5 * 1024 * 1024  # DISPUTE-2 max_file
    max_files: int = 5  # DISPUTE-2 max_files
    max_pdf_pages: int = 50
    max_image_pixels: int = 40_000_000
    # Safety cap, not a marketplace rule: the content a viewer interprets to draw every page once
    # (page streams plus each form each time it is drawn), so neither compression nor repetition
    # can turn a small file into gigabytes of work.
    max_pdf_decoded_bytes: int = 64 * 1024 * 1024

    def __post_init__(self) -> None:
        unknown = [f for f in self.formats if f not in SUPPORTED_FORMATS]
        if unknown or not self.formats:
            raise InvalidInput(
                f"Evidence formats must be a non-empty subset of {', '.join(SUPPORTED_FORMATS)};"
                f" got {', '.join(self.formats) or 'none'}.",
                rule="DISPUTE-2",
                facts={"formats": list(self.formats)},
            )
        numbers = {
            "max_file_bytes": self.max_file_bytes,
            "max_files": self.max_files,
            "max_pdf_pages": self.max_pdf_pages,
            "max_image_pixels": self.max_image_pixels,
            "max_pdf_decoded_bytes": self.max_pdf_decoded_bytes,
        }
        for name, value in numbers.items():
            if value <= 0:
                raise InvalidInput(
                    f"Evidence limit {name} must be positive; got {value}.",
                    rule="DISPUTE-2",
                    facts={name: value},
                )


@dataclass(frozen=True)
class InspectedFile:
    """A file that passed DISPUTE-2: its type as proven by decoding it, never by its name."""

    kind: str  # "jpg" | "png" | "pdf"
    media_type: str
    size: int
    sha256: str  # K-14 compares appeals' files by this digest
    pages: int  # 1 for an image
    width: int | None  # pixels; None for a PDF
    height: int | None
    filename: str  # display name only: path parts and control characters removed
