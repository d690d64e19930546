"""Unit of work: one transaction per use case, with its events and outbox messages.

A service opens one, loads rows, calls the domain, saves, records events, commits. Nothing is
written unless `commit()` is called, so a refused request leaves no half-written record.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.store.tables import Event, OutboxMessage


class UnitOfWork:
    def __init__(self, sessions: sessionmaker[Session],
                 now: datetime | Callable[[], datetime]) -> None:
        self._sessions = sessions
        # Readers get the clock lazily: most reads never need the time.
        self._now = now
        self.session: Session
        self.events: list[Event] = []
        self._committed = False

    @property
    def now(self) -> datetime:
        if callable(self._now):
            self._now = self._now()
        return self._now

    @now.setter
    def now(self, value: datetime) -> None:
        self._now = value

    def __enter__(self) -> UnitOfWork:
        self.session = self._sessions()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is not None and not self._committed:
            self.session.rollback()
        # close() ends any open transaction without expiring loaded rows, so readers can
        # return them; nothing uncommitted is ever written.
        self.session.close()

    def record(
        self,
        *,
        subject_type: str,
        subject_id: str | int,
        action: str,
        actor: str,
        rule: str | None = None,
        seller_id: int | None = None,
        payload: dict[str, Any] | None = None,
        at: datetime | None = None,
    ) -> Event:
        """Append an immutable event in this transaction (DESIGN principle 5)."""
        event = Event(
            at=at or self.now,
            recorded_at=self.now,
            seller_id=seller_id,
            subject_type=subject_type,
            subject_id=str(subject_id),
            actor=actor,
            action=action,
            rule=rule,
            payload=payload or {},
        )
        self.session.add(event)
        self.events.append(event)
        return event

    def outbox(
        self,
        topic: str,
        payload: dict[str, Any],
        *,
        seller_id: int | None = None,
        event: Event | None = None,
    ) -> OutboxMessage:
        """Queue a side effect (e-mail, webhook) that leaves only if this transaction commits."""
        if event is not None and event.id is None:
            self.session.flush()
        message = OutboxMessage(
            topic=topic,
            seller_id=seller_id,
            event_id=event.id if event is not None else None,
            payload=payload,
            created_at=self.now,
            next_attempt_at=self.now,
            attempts=0,
            failed=False,
        )
        self.session.add(message)
        return message

    def commit(self) -> None:
        self.session.commit()
        self._committed = True
