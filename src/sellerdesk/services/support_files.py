"""Files sellers attach to support requests: screenshots, KYC documents, bank statements and
letters, review-appeal evidence. They are uploaded with POST /api/v1/files (checked by content,
DISPUTE-2) and checked again here as one batch with `sellerdesk.evidence.inspect_batch`."""

from __future__ import annotations

from io import BytesIO

from PIL import Image, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import Session

from sellerdesk.access import Actor
from sellerdesk.errors import NotFound
from sellerdesk.evidence import EvidenceLimits, InspectedFile, extract_text, inspect_batch
from sellerdesk.evidence.patterns import timestamp_in
from sellerdesk.runtime import Runtime
from sellerdesk.store.tables import StoredFile

# EXIF DateTimeOriginal, DateTimeDigitized, DateTime
_EXIF_TIMES = (36867, 36868, 306)


def owned_files(session: Session, actor: Actor, file_ids: list[int]) -> dict[int, StoredFile]:
    """The actor's own files by id; any other id answers not-found (K-16)."""
    if not file_ids:
        return {}
    rows = session.execute(
        select(StoredFile).where(StoredFile.id.in_(file_ids), StoredFile.owner == actor.label)
    ).scalars()
    found = {row.id: row for row in rows}
    missing = sorted(set(file_ids) - set(found))
    if missing:
        raise NotFound(
            f"file(s) {missing} not found",
            next_step="Upload files with POST /api/v1/files first.",
        )
    return found


def recheck(rt: Runtime, rows: list[StoredFile], max_files: int) -> list[InspectedFile]:
    """Inspect stored files again as one batch (DISPUTE-2 count and type limits)."""
    return inspect_batch(
        [(row.filename, rt.storage.get(row.sha256)) for row in rows],
        EvidenceLimits(max_files=max_files),
    )


def is_timestamped(rt: Runtime, row: StoredFile) -> bool:
    """SUPPORT-3: a screenshot carries its date and time, in its EXIF data or in the picture
    itself (read by OCR, as evidence text is)."""
    data = rt.storage.get(row.sha256)
    if row.media_type.startswith("image/"):
        try:
            with Image.open(BytesIO(data)) as image:
                exif = image.getexif()
                if any(exif.get(tag) for tag in _EXIF_TIMES):
                    return True
        except (UnidentifiedImageError, OSError):
            return False
    (info,) = inspect_batch([(row.filename, data)], EvidenceLimits(max_files=1))
    return timestamp_in(extract_text(data, info)) is not None
