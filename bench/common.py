"""Shared benchmark plumbing: machine facts, result files, a scratch PostgreSQL database."""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text

RESULTS = Path(__file__).parent / "results"
PG_ADMIN = os.environ.get("SELLERDESK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")


def machine() -> dict[str, object]:
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
    }


def write_result(name: str, figures: dict[str, object], command: str) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    today = datetime.now(UTC).date().isoformat()
    path = RESULTS / f"{name}-{today}.json"
    payload = {
        "benchmark": name,
        "date": today,
        "machine": machine(),
        "command": command,
        "figures": figures,
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return path


def fresh_pg_database(name: str) -> str:
    """Drop and create a scratch database; returns its URL."""
    admin = create_engine(
        PG_ADMIN.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def previous_figures(name: str = "orders") -> dict[str, object]:
    """Today's figures of an earlier run, so a partial run adds to them."""
    today = datetime.now(UTC).date().isoformat()
    path = RESULTS / f"{name}-{today}.json"
    if not path.exists():
        return {}
    found: dict[str, object] = json.loads(path.read_text()).get("figures", {})
    return found
