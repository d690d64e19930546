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


def wrk_load(url: str, headers: list[str], connections: int, seconds: int,
             warm_up: int = 3) -> dict[str, object]:
    """Load `url` with wrk on loopback: first `warm_up` seconds unmeasured (every API process
    opens its connections and prepares its statements), then the measured run."""
    import re
    import shutil
    import subprocess

    wrk = shutil.which("wrk")
    if wrk is None:
        return {"skipped": "wrk not installed (make bench installs it)"}
    threads = "-t1" if connections == 1 else "-t2"
    base = [wrk, threads, f"-c{connections}", *headers, url]
    if warm_up:
        subprocess.run([*base[:3], f"-d{warm_up}s", *base[3:]], capture_output=True, check=False)
    out = subprocess.run([*base[:3], f"-d{seconds}s", "--latency", *base[3:]],
                         capture_output=True, text=True, check=False).stdout

    def pct(p: str) -> str:
        hit = re.search(rf"\s{p}%\s+([\d.]+\w+)", out)
        return hit.group(1) if hit else "?"

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "requests_per_second": float(rps.group(1)) if rps else None,
        "p50": pct("50"),
        "p99": pct("99"),
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "connections": connections,
        "seconds": seconds,
        "warm_up_seconds": warm_up,
        "wrk": out.splitlines()[-12:],
    }
