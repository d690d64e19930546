"""Chat sweeps: first-response deadlines (CHAT-7), vacation start and end (CHAT-8), review
invitations (CHAT-12), and the projector that turns order events into buyer notices (CHAT-11).

Each acts as of its row's due time and is idempotent. The projector reads the event log past
its cursor (one row in `chat_cursors`, locked with SKIP LOCKED on PostgreSQL), so several
workers never post a notice twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from sellerdesk.jobs.sweeps import BATCH, Sweep
from sellerdesk.runtime import Runtime
from sellerdesk.services import chat_vacation
from sellerdesk.services.chat_notices import notice_for_event, send_review_invite
from sellerdesk.store.tables import Event
from sellerdesk.store.tables.chat import (
    INVITE_OPEN,
    RESPONSE_OPEN,
    VACATION_ACTIVE,
    VACATION_SCHEDULED,
    ChatConversation,
    ChatCursor,
    ChatReviewInvite,
    ChatVacation,
)
from sellerdesk.store.uow import UnitOfWork

PROJECTOR = "posting_notices"


def _where(predicate: str) -> Callable[[Session], ColumnElement[bool]]:
    """A sweep predicate written exactly as its partial index's."""

    def where(_session: Session) -> ColumnElement[bool]:
        return text(predicate)  # type: ignore[return-value]

    return where


def _missed(rt: Runtime, uow: UnitOfWork, rows: list[ChatConversation]) -> list[str]:
    """CHAT-7: no seller answer by the deadline: the conversation counts as missed."""
    lines = []
    for conversation in rows:
        due = conversation.respond_by
        conversation.respond_by = None
        conversation.response_missed = True
        uow.record(
            subject_type="conversation",
            subject_id=conversation.id,
            action="chat.response_missed",
            actor="system",
            rule="CHAT-7",
            seller_id=conversation.seller_id,
            payload={
                "first_buyer_message_at": conversation.first_buyer_message_at.isoformat()
                if conversation.first_buyer_message_at
                else None,
                "respond_by": due.isoformat() if due else None,
            },
            at=due,
        )
        lines.append(f"conversation {conversation.id} first response missed, CHAT-7")
    return lines


def _invites(rt: Runtime, uow: UnitOfWork, rows: list[ChatReviewInvite]) -> list[str]:
    return [send_review_invite(uow, rt, invite) for invite in rows]


def _starts(rt: Runtime, uow: UnitOfWork, rows: list[ChatVacation]) -> list[str]:
    return [chat_vacation.start(uow, rt, vacation) for vacation in rows]


def _ends(rt: Runtime, uow: UnitOfWork, rows: list[ChatVacation]) -> list[str]:
    return [chat_vacation.end(uow, rt, vacation) for vacation in rows]


def _cursor_value() -> ColumnElement[int]:
    value = select(ChatCursor.last_event_id).where(ChatCursor.name == PROJECTOR).scalar_subquery()
    return func.coalesce(value, 0)


@dataclass(frozen=True)
class NoticeProjector(Sweep):
    """CHAT-11: due when an event is past the cursor; the events that call for a notice get
    one, the rest only move the cursor."""

    def probe(self, session: Session) -> Any:
        """When the first event past the cursor happened: one probe of the primary key (never
        a scan of the log). Events that call for no notice only move the cursor."""
        return (
            select(Event.at)
            .where(Event.id > _cursor_value())
            .order_by(Event.id)
            .limit(1)
            .scalar_subquery()
        )

    def next_due(self, session: Session) -> datetime | None:
        value: datetime | None = session.execute(select(self.probe(session))).scalar()
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value

    def run_batch(self, rt: Runtime, upto: datetime, limit: int = BATCH) -> list[str]:
        with rt.uow() as uow:
            cursor = _lock_cursor(uow)
            if cursor is None:
                return []  # another worker is projecting right now
            events = list(
                uow.session.execute(
                    select(Event)
                    .where(Event.id > cursor.last_event_id)
                    .order_by(Event.id)
                    .limit(limit)
                ).scalars()
            )
            lines = []
            for event in events:
                line = notice_for_event(uow, rt, event)
                if line:
                    lines.append(line)
            if events:
                cursor.last_event_id = events[-1].id
                cursor.updated_at = uow.now
            uow.commit()
            return lines


def _lock_cursor(uow: UnitOfWork) -> ChatCursor | None:
    session = uow.session
    postgres = session.get_bind().dialect.name == "postgresql"
    query = select(ChatCursor).where(ChatCursor.name == PROJECTOR)
    found = session.execute(query.with_for_update(skip_locked=True) if postgres else query).scalar()
    if found is not None:
        return found
    insert = pg_insert if postgres else sqlite_insert
    session.execute(
        insert(ChatCursor)
        .values(name=PROJECTOR, last_event_id=0, updated_at=uow.now)
        .on_conflict_do_nothing()
    )
    return session.execute(query.with_for_update(skip_locked=True) if postgres else query).scalar()


SWEEPS: tuple[Sweep, ...] = (
    NoticeProjector("chat_posting_notices", "CHAT-11", Event.at, _where("1 = 1"), lambda *a: []),
    Sweep(
        "chat_first_response",
        "CHAT-7",
        ChatConversation.respond_by,
        _where(RESPONSE_OPEN),
        _missed,
    ),
    Sweep(
        "chat_vacation_start",
        "CHAT-8",
        ChatVacation.starts_at,
        _where(VACATION_SCHEDULED),
        _starts,
    ),
    Sweep("chat_vacation_end", "CHAT-8", ChatVacation.ends_at, _where(VACATION_ACTIVE), _ends),
    Sweep(
        "chat_review_invites",
        "CHAT-12",
        ChatReviewInvite.due_at,
        _where(INVITE_OPEN),
        _invites,
    ),
)
