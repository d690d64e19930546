"""The sandbox clock, persisted so that every process sees the same sandbox time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.clock import wall_now
from sellerdesk.store.tables import SandboxClockRow

DEFAULT_START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class SandboxClock:
    """Frozen by default (tests, reproducible sandboxes); `running` makes it tick with the wall."""

    def __init__(
        self, sessions: sessionmaker[Session], read_sessions: sessionmaker[Session] | None = None
    ) -> None:
        self._sessions = sessions
        # Reads must not take SQLite's write lock: a reader may run inside a writer's request.
        self._read_sessions = read_sessions or sessions

    def _row(self, session: Session) -> SandboxClockRow:
        row = session.get(SandboxClockRow, 1)
        if row is None:
            row = SandboxClockRow(id=1, sandbox_at=DEFAULT_START, wall_at=wall_now(), running=False)
            session.add(row)
            session.flush()
        return row

    @staticmethod
    def _read(row: SandboxClockRow) -> datetime:
        if row.running:
            return row.sandbox_at + (wall_now() - row.wall_at)
        return row.sandbox_at

    def now(self) -> datetime:
        with self._read_sessions() as session:
            row = session.execute(select(SandboxClockRow).where(SandboxClockRow.id == 1)).scalar()
            if row is not None:
                return self._read(row)
        return self.set(DEFAULT_START)

    def set(self, at: datetime, *, running: bool | None = None) -> datetime:
        with self._sessions() as session:
            row = self._row(session)
            row.sandbox_at = at
            row.wall_at = wall_now()
            if running is not None:
                row.running = running
            session.commit()
            return at

    def advance(self, by: timedelta) -> datetime:
        return self.set(self.now() + by)
