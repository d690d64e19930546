"""Core benchmark on PostgreSQL (issue: core platform).

1. 1,000,000 orders, 100,000 of them past ship-by: `clock advance` with 2 worker processes
   auto-cancels them all exactly once; orders/s.
2. An advance that finds nothing due, with 1,000,000 rows: cost per run, and the EXPLAIN of the
   due probe (an index probe on the partial index).
3. GET /api/v1/orders/{posting} under wrk on loopback: requests/s and p99 latency.

Usage: python bench/orders_bench.py [--orders 1000000] [--due 100000] [--skip-api]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import PG_ADMIN, fresh_pg_database, previous_figures, write_result, wrk_load
from sqlalchemy import text

from sellerdesk.policy import load_policy
from sellerdesk.runtime import Runtime
from sellerdesk.settings import Settings
from sellerdesk.store.db import make_engine
from sellerdesk.store.migrate import upgrade
from sellerdesk.store.sandbox_clock import SandboxClock

NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)


def runtime(url: str) -> Runtime:
    rt = Runtime(
        settings=Settings(database_url=url, sandbox=True),
        policy=load_policy("ozon"),
        engine=make_engine(url),
    )
    rt.clock = SandboxClock(rt.sessions, rt.read_sessions)
    return rt


def populate(url: str, orders: int, due: int) -> None:
    """Bulk rows straight in SQL: sellers, buyers, orders in every state, one line each."""
    engine = make_engine(url)
    not_due = orders - due
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO sellers (id, client_id, name, email, language, status, created_at) "
                "SELECT g, (100000+g)::text, 'Seller '||g, 's'||g||'@x', 'ru', 'active', :t "
                "FROM generate_series(1, 1000) g"
            ),
            {"t": NOW - timedelta(days=400)},
        )
        conn.execute(
            text(
                "INSERT INTO seller_api_keys (seller_id, key_hash, label, created_at) "
                "SELECT g, encode(sha256(('bench-key-'||g)::bytea), 'hex'), 'bench', :t "
                "FROM generate_series(1, 1000) g"
            ),
            {"t": NOW - timedelta(days=400)},
        )
        conn.execute(
            text(
                "INSERT INTO buyers (id, name, email, language, created_at) "
                "SELECT g, 'Buyer '||g, 'b'||g||'@x', 'ru', :t FROM generate_series(1, 10000) g"
            ),
            {"t": NOW - timedelta(days=400)},
        )
        # Orders not due: a mix of delivered, delivering, cancelled and open orders with ship-by
        # in the future.
        conn.execute(
            text("""
            INSERT INTO orders (id, order_number, posting_number, seller_id, buyer_id, status,
              delivery_type, currency, total, address, address_changes_used, item_count,
              created_at, pay_by, paid_at, ship_by, original_ship_by, late_shipment,
              late_fine_charged, cancel_hold, version)
            SELECT g, lpad((10000000 + g / 10000)::text, 8, '0') || '-' || lpad((g % 10000)::text, 4, '0'),
              lpad((10000000 + g / 10000)::text, 8, '0') || '-' || lpad((g % 10000)::text, 4, '0') || '-1',
              1 + g % 1000, 1 + g % 10000,
              (ARRAY['delivered','delivering','cancelled','awaiting_packaging','awaiting_deliver'])[1 + g % 5],
              'standard', 'RUB', 100000, 'Москва', 0, 1,
              :created, :created + interval '48 hours', :created,
              :future, :future, false, false, false, 1
            FROM generate_series(1, CAST(:n AS bigint)) g"""),
            {"n": not_due, "created": NOW - timedelta(days=3), "future": NOW + timedelta(days=3)},
        )
        conn.execute(
            text("""
            INSERT INTO orders (id, order_number, posting_number, seller_id, buyer_id, status,
              delivery_type, currency, total, address, address_changes_used, item_count,
              created_at, pay_by, paid_at, ship_by, original_ship_by, late_shipment,
              late_fine_charged, cancel_hold, version)
            SELECT g, lpad((10000000 + g / 10000)::text, 8, '0') || '-' || lpad((g % 10000)::text, 4, '0'),
              lpad((10000000 + g / 10000)::text, 8, '0') || '-' || lpad((g % 10000)::text, 4, '0') || '-1',
              1 + g % 1000, 1 + g % 10000, 'awaiting_packaging', 'standard', 'RUB', 100000,
              'Москва', 0, 1, :created, :created + interval '48 hours', :created,
              :created + interval '6 days' + (g % 3600) * interval '1 second',
              :created + interval '6 days' + (g % 3600) * interval '1 second',
              false, false, false, 1
            FROM generate_series(CAST(:first AS bigint), CAST(:last AS bigint)) g"""),
            {"first": not_due + 1, "last": orders, "created": NOW - timedelta(days=8)},
        )
        conn.execute(
            text(
                "INSERT INTO order_items (order_id, sku, name, quantity, unit_price, category, "
                "commission_bp) SELECT g, 'SKU-'||(g % 500), 'Item', 1, 100000, 'home', 1000 "
                "FROM generate_series(1, CAST(:n AS bigint)) g"
            ),
            {"n": orders},
        )
        for table in ("sellers", "buyers", "orders", "order_items", "seller_api_keys"):
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def worker(url: str, upto: datetime, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """One worker's `clock advance`; also reports the seconds it spent in each sweep."""
    from sellerdesk.jobs import due_standing, sweeps

    spent: dict[str, float] = {}
    ended: dict[str, float] = {}

    def timed(cls: type, label: str | None = None) -> None:
        original = cls.run_batch

        def run_batch(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            try:
                return original(self, *args, **kwargs)
            finally:
                name = label or self.name
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - start
                ended[name] = time.monotonic()  # system-wide: comparable across processes

        cls.run_batch = run_batch

    timed(sweeps.Sweep)
    timed(due_standing.StandingSweep, "standing (projection, evaluation, sanctions)")
    rt = runtime(url)
    count = len(sweeps.run_due(rt, upto))
    out.put((count, {name: round(seconds, 2) for name, seconds in spent.items()},
             ended.get("ship_by", 0.0)))


def nothing_due(url: str) -> dict[str, object]:
    from sellerdesk.jobs.sweeps import Sweep, all_sweeps, run_due

    rt = runtime(url)
    rt.clock.set(NOW - timedelta(days=2, hours=1))
    upto = rt.clock.now()
    run_due(rt, upto)
    samples = []
    for _ in range(200):
        start = time.perf_counter()
        assert run_due(rt, upto) == []
        samples.append((time.perf_counter() - start) * 1000)
    ship_by: Sweep = next(s for s in all_sweeps() if s.name == "ship_by")
    with rt.engine.connect() as conn:
        plan = (
            conn.execute(
                text(
                    "EXPLAIN ANALYZE SELECT min(ship_by) FROM orders WHERE status IN "
                    "('awaiting_packaging', 'awaiting_deliver') AND cancel_hold = false"
                )
            )
            .scalars()
            .all()
        )
    rt.engine.dispose()
    return {
        "nothing_due_median_ms": round(statistics.median(samples), 3),
        "nothing_due_p99_ms": round(sorted(samples)[int(len(samples) * 0.99) - 1], 3),
        "sweeps_probed": len(all_sweeps()),
        "ship_by_probe_plan": plan,
        "uses_partial_index": any("ix_orders_ship_by_open" in line for line in plan),
        "_sweep": ship_by.name,
    }


def sweep_with_workers(url: str, due: int, workers: int = 2) -> dict[str, object]:
    rt = runtime(url)
    rt.clock.set(NOW)
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    procs = [multiprocessing.Process(target=worker, args=(url, NOW, queue)) for _ in range(workers)]
    start, started_at = time.perf_counter(), time.monotonic()
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    counts = [count for count, _, _ in results]
    cancelled_by = max(last for _, _, last in results) - started_at
    for p in procs:
        p.join()
    seconds = time.perf_counter() - start
    with rt.engine.connect() as conn:
        events = conn.execute(
            text(
                "SELECT count(*), count(DISTINCT subject_id) FROM events "
                "WHERE action = 'auto_cancel'"
            )
        ).one()
        cancelled = conn.execute(
            text("SELECT count(*) FROM orders WHERE cancel_rule = 'CANCEL-4'")
        ).scalar_one()
    rt.engine.dispose()
    return {
        "due_orders": due,
        "workers": workers,
        "per_worker": counts,
        "seconds_per_sweep_per_worker": [spent for _, spent, _ in results],
        "seconds_until_last_auto_cancel": round(cancelled_by, 2),
        "auto_cancel_orders_per_second": round(due / cancelled_by),
        "seconds": round(seconds, 2),
        "whole_advance_orders_per_second": round(due / seconds),
        "auto_cancel_events": events[0],
        "distinct_orders": events[1],
        "exactly_once": events[0] == events[1] == cancelled == due,
    }


def api_load(url: str, seconds: int = 20) -> dict[str, object]:
    wrk = shutil.which("wrk")
    if wrk is None:
        return {"skipped": "wrk not installed (apt-get install wrk)"}
    env = {**os.environ, "SELLERDESK_DATABASE_URL": url, "SELLERDESK_SANDBOX": "0",
           "SELLERDESK_AUTH_CACHE_SECONDS": "30"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "sellerdesk.api.app:app_from_env",
            "--factory",
            "--port",
            "8765",
            "--workers",
            "2",
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
    )
    try:
        for _ in range(120):  # start-up imports every capability; wait until it answers
            probe = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                                    "http://127.0.0.1:8765/healthz"],
                                   capture_output=True, text=True)
            if probe.stdout == "200":
                break
            time.sleep(0.5)
        posting = "10000000-0042-1"  # order 42, seller 43
        headers = ["-H", "Client-Id: 100043", "-H", "Api-Key: bench-key-43"]
        check = subprocess.run(
            [
                "curl",
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                *headers,
                f"http://127.0.0.1:8765/api/v1/orders/{posting}",
            ],
            capture_output=True,
            text=True,
        )
        load = wrk_load(f"http://127.0.0.1:8765/api/v1/orders/{posting}", headers, 32, seconds)
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    return {"status_of_probe": check.stdout, **load}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=100_000)
    parser.add_argument("--skip-api", action="store_true")
    parser.add_argument("--api-only", action="store_true",
                        help="only the GET load, on the database a previous run left")
    args = parser.parse_args()
    if args.api_only:
        url = PG_ADMIN.rsplit("/", 1)[0] + "/sellerdesk_bench"
        figures = {"get_order_api": api_load(url)}
        print("api:", figures["get_order_api"])
        merged = {**previous_figures(), **figures}
        write_result("orders", merged, "python bench/orders_bench.py --api-only")
        return
    url = fresh_pg_database("sellerdesk_bench")
    upgrade(make_engine(url))
    start = time.perf_counter()
    populate(url, args.orders, args.due)
    figures: dict[str, object] = {
        "orders": args.orders,
        "populate_seconds": round(time.perf_counter() - start, 1),
    }
    figures["nothing_due"] = nothing_due(url)
    print("nothing due:", figures["nothing_due"])
    if not args.skip_api:
        figures["get_order_api"] = api_load(url)
        print("api:", figures["get_order_api"])
    figures["auto_cancel"] = sweep_with_workers(url, args.due)
    print("auto-cancel:", figures["auto_cancel"])
    path = write_result("orders", figures, "python bench/orders_bench.py " + " ".join(sys.argv[1:]))
    print("written", path)


if __name__ == "__main__":
    main()
