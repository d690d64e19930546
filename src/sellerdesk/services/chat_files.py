"""Chat attachments (CHAT-1): JPG, PNG or PDF proven by content, within the policy's limits,
stored through the storage interface. Every file is checked before anything is stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sellerdesk.access import Actor
from sellerdesk.errors import InvalidInput, NotFound, RuleViolation
from sellerdesk.evidence import EvidenceLimits, InspectedFile, inspect_file
from sellerdesk.policy import Policy
from sellerdesk.runtime import Runtime
from sellerdesk.services.chat_conversations import conversation_for
from sellerdesk.store.tables import StoredFile
from sellerdesk.store.uow import UnitOfWork


@dataclass(frozen=True)
class Upload:
    inspected: InspectedFile
    data: bytes


def limits_of(policy: Policy) -> EvidenceLimits:
    rules = policy.chat.attachments
    return EvidenceLimits(
        formats=tuple(rules.formats),
        max_file_bytes=rules.max_file_bytes,
        max_files=rules.max_per_message,
    )


def inspect(files: list[tuple[str, bytes]], policy: Policy) -> list[Upload]:
    """CHAT-1: every file is a JPG, PNG or PDF by its content and within the size limit, and
    there are not too many; otherwise a typed error and nothing is stored."""
    if not files:
        return []
    limits = limits_of(policy)
    if len(files) > limits.max_files:
        raise InvalidInput(
            f"a message carries at most {limits.max_files} files; this one has {len(files)}",
            rule="CHAT-1",
            next_step="Send the other files in another message.",
            facts={"files": len(files), "max_per_message": limits.max_files},
        )
    found = []
    for filename, data in files:
        try:
            found.append(Upload(inspect_file(data, filename or "file", limits), data))
        except RuleViolation as refusal:
            raise InvalidInput(
                refusal.message.replace("DISPUTE-2", "CHAT-1"),
                rule="CHAT-1",
                next_step=f"Attach {', '.join(f.upper() for f in limits.formats)} files of at "
                f"most {limits.max_file_bytes // (1024 * 1024)} MB.",
                facts=refusal.facts,
            ) from refusal
    return found


def owner_label(conversation_id: int, actor: Actor) -> str:
    """Chat files belong to their conversation: "chat:12:seller:3"."""
    return f"chat:{conversation_id}:{actor.label}"


def store(
    rt: Runtime, uow: UnitOfWork, actor: Actor, conversation_id: int, uploads: list[Upload]
) -> list[dict[str, Any]]:
    """Write the checked files (content-addressed) and describe them for the message."""
    described = []
    for upload in uploads:
        sha256 = rt.storage.put(upload.data)
        row = StoredFile(
            owner=owner_label(conversation_id, actor),
            seller_id=actor.id if actor.kind == "seller" else None,
            sha256=sha256,
            size=upload.inspected.size,
            media_type=upload.inspected.media_type,
            filename=upload.inspected.filename,
            created_at=uow.now,
        )
        uow.session.add(row)
        uow.session.flush()
        described.append(
            {
                "file_id": row.id,
                "kind": upload.inspected.kind,
                "media_type": upload.inspected.media_type,
                "size": upload.inspected.size,
                "name": upload.inspected.filename,
                "display_name": f"attachment-{row.id}.{upload.inspected.kind}",
            }
        )
    return described


def get_attachment(
    rt: Runtime, actor: Actor, conversation_id: int, file_id: int
) -> tuple[str, str, bytes]:
    """A file attached in a conversation the actor takes part in: (media type, name, bytes)."""
    with rt.reader() as uow:
        conversation = conversation_for(uow.session, actor, conversation_id)
        row = uow.session.get(StoredFile, file_id)
        if row is not None and row.owner.startswith(f"chat:{conversation.id}:"):
            name = row.filename if actor.is_staff else f"attachment-{row.id}.{_ext(row)}"
            return row.media_type, name, rt.storage.get(row.sha256)
    raise NotFound(f"file {file_id} not found in conversation {conversation_id}")


def _ext(row: StoredFile) -> str:
    return {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}.get(
        row.media_type, "bin"
    )
