"""Uploads: a file is checked by its content (JPG, PNG or PDF) before anything is stored."""

from __future__ import annotations

from sellerdesk.access import Actor
from sellerdesk.errors import InvalidInput, NotFound
from sellerdesk.evidence import EvidenceLimits, inspect_file
from sellerdesk.runtime import Runtime
from sellerdesk.store.tables import StoredFile


def upload(rt: Runtime, actor: Actor, filename: str, data: bytes,
           limits: EvidenceLimits | None = None) -> StoredFile:
    """Check the bytes (DISPUTE-2 limits by default), store them, record the file for its owner."""
    actor.require("seller", "buyer", "staff")
    if not filename.strip():
        raise InvalidInput("the file needs a name")
    inspected = inspect_file(data, filename, limits or EvidenceLimits())
    sha256 = rt.storage.put(data)
    with rt.uow() as uow:
        row = StoredFile(owner=actor.label, seller_id=actor.id if actor.kind == "seller" else None,
                         sha256=sha256, size=inspected.size, media_type=inspected.media_type,
                         filename=inspected.filename, created_at=uow.now)
        uow.session.add(row)
        uow.commit()
        return row


def file_for(rt: Runtime, actor: Actor, file_id: int) -> tuple[StoredFile, bytes]:
    """The owner (or staff) reads a file back; anyone else gets 404."""
    with rt.reader() as uow:
        row = uow.session.get(StoredFile, file_id)
        if row is None or (not actor.is_staff and row.owner != actor.label):
            raise NotFound(f"file {file_id} not found")
    return row, rt.storage.get(row.sha256)
