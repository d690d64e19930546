"""What every entry point builds once: settings, policy, database, clock, file storage."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.clock import Clock, SystemClock
from sellerdesk.policy import Policy, load_policy
from sellerdesk.settings import Settings
from sellerdesk.store.db import make_engine, session_factory
from sellerdesk.store.files import FileStorage
from sellerdesk.store.sandbox_clock import SandboxClock
from sellerdesk.store.uow import UnitOfWork


@dataclass
class Runtime:
    settings: Settings
    policy: Policy
    engine: Engine
    clock: Clock = field(default_factory=SystemClock)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return session_factory(self.engine)

    @cached_property
    def read_sessions(self) -> sessionmaker[Session]:
        return session_factory(self.engine, read_only=True)

    @cached_property
    def read_engine(self) -> Engine:
        """For single-statement reads outside a unit of work: autocommit on PostgreSQL (no
        BEGIN/COMMIT round trips; the same pool), no write lock on SQLite."""
        if self.engine.dialect.name == "postgresql":
            return self.engine.execution_options(isolation_level="AUTOCOMMIT")
        return self.engine.execution_options(sqlite_read_only=True)

    @cached_property
    def storage(self) -> FileStorage:
        return FileStorage(Path(self.settings.storage_dir))

    @property
    def sandbox(self) -> bool:
        return self.settings.sandbox

    def uow(self) -> UnitOfWork:
        """A write transaction stamped with the current (possibly sandbox) time."""
        return UnitOfWork(self.sessions, self.clock.now())

    def reader(self) -> UnitOfWork:
        return UnitOfWork(self.read_sessions, self.clock.now)


def build_runtime(settings: Settings | None = None, policy: Policy | None = None) -> Runtime:
    settings = settings or Settings()
    policy = policy or load_policy(settings.policy)
    engine = make_engine(settings.database_url)
    runtime = Runtime(settings=settings, policy=policy, engine=engine)
    if settings.sandbox:
        runtime.clock = SandboxClock(runtime.sessions, runtime.read_sessions)
    return runtime
