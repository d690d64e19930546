"""Engines and sessions: SQLite (WAL) by default, PostgreSQL by URL."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def normalise_url(url: str) -> str:
    """Accept postgresql:// and postgres:// and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, **kwargs: Any) -> Engine:
    url = normalise_url(url)
    if is_sqlite(url):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs
        )
        _sqlite_setup(engine)
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    # No pre-ping (a round trip per checkout); stale connections are recycled instead.
    kwargs.setdefault("pool_recycle", 1800)
    return create_engine(url, **kwargs)


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Writers take the write lock up front so two writers never deadlock on upgrade.
        if connection.get_execution_options().get("sqlite_read_only"):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


class ReadSession(Session):
    """A reader's session. It ends a clean read with COMMIT rather than ROLLBACK: the same for a
    read, but psycopg drops every prepared statement of the connection on ROLLBACK, so hot reads
    (the sweeps' probe, the order read) would be planned afresh each time. A reader that changed
    loaded objects still rolls back, so nothing is ever written from here."""

    def close(self) -> None:
        if self.in_transaction() and not (self.new or self.dirty or self.deleted):
            # a failed read transaction just rolls back below
            with contextlib.suppress(Exception):
                self.commit()
        super().close()


def session_factory(engine: Engine, *, read_only: bool = False) -> sessionmaker[Session]:
    """Writers and readers both run in transactions (readers may stream with server-side
    cursors, which PostgreSQL allows only inside one); SQLite readers skip the write lock."""
    if read_only:
        return sessionmaker(
            bind=engine.execution_options(sqlite_read_only=True),
            class_=ReadSession,
            expire_on_commit=False,
            autoflush=True,
        )
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)
