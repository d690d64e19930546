"""Shared fixtures: a real database per test (SQLite always, PostgreSQL when
SELLERDESK_TEST_PG is set), a runtime with the sandbox clock, an API client and actors."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from sellerdesk.access import hash_secret
from sellerdesk.policy import load_policy
from sellerdesk.runtime import Runtime
from sellerdesk.settings import Settings
from sellerdesk.store.db import make_engine
from sellerdesk.store.migrate import upgrade
from sellerdesk.store.sandbox_clock import SandboxClock
from sellerdesk.store.tables import AccessToken, Buyer, Seller, SellerApiKey, Staff

PG_URL = os.environ.get("SELLERDESK_TEST_PG")
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday, 12:00 in Moscow

BACKENDS = ["sqlite"] + (["pg"] if PG_URL else [])


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    if not PG_URL:
        pytest.skip("PostgreSQL tests need SELLERDESK_TEST_PG")
    name = f"sellerdesk_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(
        PG_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_URL.rsplit("/", 1)[0] + "/" + name
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate_pg(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        tables = conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'alembic_version'")).scalars().all()
        names = ", ".join(f'"{t}"' for t in tables)
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    if request.param == "pg":
        url = request.getfixturevalue("pg_database")
        _truncate_pg(url)
        return url
    path = tmp_path / "sellerdesk.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    path = tmp_path / "sellerdesk.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


def make_runtime(url: str, tmp_path: Path, policy: str = "ozon", sandbox: bool = True) -> Runtime:
    settings = Settings(
        database_url=url, sandbox=sandbox, policy=policy, storage_dir=tmp_path / "files"
    )
    rt = Runtime(settings=settings, policy=load_policy(policy), engine=make_engine(url))
    if sandbox:
        clock = SandboxClock(rt.sessions, rt.read_sessions)
        clock.set(START)
        rt.clock = clock
    return rt


@pytest.fixture
def rt(db_url: str, tmp_path: Path) -> Iterator[Runtime]:
    runtime = make_runtime(db_url, tmp_path)
    yield runtime
    runtime.engine.dispose()


@dataclass
class World:
    """Two sellers, two buyers and one staff member of each role, with credentials."""

    sellers: list[int] = field(default_factory=list)
    buyers: list[int] = field(default_factory=list)
    staff: dict[str, int] = field(default_factory=dict)

    def seller(self, n: int = 0) -> dict[str, str]:
        return {"Client-Id": str(200000 + n), "Api-Key": f"key-seller-{n}"}

    def buyer(self, n: int = 0) -> dict[str, str]:
        return {"Authorization": f"Bearer token-buyer-{n}"}

    def staff_headers(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer token-{role}"}


@pytest.fixture
def world(rt: Runtime) -> World:
    found = World()
    with rt.uow() as uow:
        s = uow.session
        for n in range(2):
            seller = Seller(
                client_id=str(200000 + n),
                name=f"Seller {n}",
                email=f"seller{n}@example.com",
                language="en",
                status="active",
                created_at=START,
            )
            s.add(seller)
            s.flush()
            s.add(
                SellerApiKey(
                    seller_id=seller.id, key_hash=hash_secret(f"key-seller-{n}"), created_at=START
                )
            )
            found.sellers.append(seller.id)
            buyer = Buyer(
                name=f"Buyer {n}",
                email=f"buyer{n}@example.com",
                phone=f"+7916000000{n}",
                created_at=START,
            )
            s.add(buyer)
            s.flush()
            s.add(
                AccessToken(
                    token_hash=hash_secret(f"token-buyer-{n}"),
                    principal="buyer",
                    principal_id=buyer.id,
                    created_at=START,
                )
            )
            found.buyers.append(buyer.id)
        for role in ("support_agent", "moderator", "risk_reviewer", "admin"):
            staff = Staff(name=role, email=f"{role}@example.com", role=role, created_at=START)
            s.add(staff)
            s.flush()
            s.add(
                AccessToken(
                    token_hash=hash_secret(f"token-{role}"),
                    principal="staff",
                    principal_id=staff.id,
                    created_at=START,
                )
            )
            found.staff[role] = staff.id
        uow.commit()
    return found


@pytest.fixture
def client(rt: Runtime) -> Iterator[TestClient]:
    from sellerdesk.api.app import create_app

    with TestClient(create_app(rt), raise_server_exceptions=False) as test_client:
        yield test_client


def order_body(
    world: World,
    seller: int = 0,
    buyer: int = 0,
    *,
    delivery: str = "standard",
    items: list[dict[str, object]] | None = None,
) -> dict[str, object]:
    return {
        "seller_id": world.sellers[seller],
        "buyer_id": world.buyers[buyer],
        "delivery_type": delivery,
        "address": "Москва, ул. Тверская, д. 1",
        "items": items
        or [
            {
                "sku": "SKU-1",
                "name": "Mug",
                "quantity": 2,
                "unit_price": "450.00",
                "category": "home",
            },
            {
                "sku": "SKU-2",
                "name": "Ring",
                "quantity": 1,
                "unit_price": "5200.00",
                "category": "jewellery",
            },
        ],
    }


def money(value: str) -> Decimal:
    return Decimal(value)
