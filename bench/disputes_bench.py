"""Disputes benchmark on PostgreSQL (issue: refunds, appeals and the dispute report).

1. Decision sweep (DISPUTE-5): 100,000 appeals past their deadline, decided by rules and scoring
   (DISPUTE-7 factors, ledger, events, chat notice, e-mail outbox) — appeals/s with one worker
   for the first 10%, then two workers claiming with SKIP LOCKED for the rest; each appeal is
   decided exactly once.
2. Probe cost: the same sweep when nothing is due (one index probe), and its EXPLAIN.
3. Export memory (DISPUTE-9): peak RSS of a CSV and an XLSX export of 100,000 and of 1,000,000
   disputes, each in a fresh process; the figure should not grow with the row count.

Evidence inspection throughput is bench/evidence_bench.py.

Usage: python bench/disputes_bench.py [--appeals 100000] [--export-rows 1000000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import fresh_pg_database, write_result
from sqlalchemy import text

from sellerdesk.access import Actor
from sellerdesk.clock import FixedClock
from sellerdesk.jobs.sweeps import all_sweeps
from sellerdesk.policy import load_policy
from sellerdesk.runtime import Runtime
from sellerdesk.settings import Settings
from sellerdesk.store.db import make_engine
from sellerdesk.store.migrate import upgrade

NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
FIRST_REFUND = NOW - timedelta(days=13)  # populate(): created_at = t + 7 days + g seconds
SELLERS = 10_000  # 100 disputes each at 1,000,000
FINDINGS = json.dumps(
    [
        {
            "rule": "DISPUTE-3",
            "check": "slot_filled",
            "slot": s,
            "file": None,
            "ok": True,
            "message": "",
            "how_to_fix": "",
        }
        for s in ("tracking_page", "proof_of_delivery")
    ]
    + [
        {
            "rule": "DISPUTE-3",
            "check": "sku_covered",
            "slot": None,
            "file": None,
            "ok": True,
            "message": "",
            "how_to_fix": "",
            "sku": "SKU-1",
        }
    ]
    + [
        {
            "rule": "DISPUTE-4",
            "check": c,
            "slot": "tracking_page",
            "file": "t.pdf",
            "ok": ok,
            "message": "",
            "how_to_fix": "",
        }
        for c, ok in (
            ("order_number", True),
            ("timestamp", True),
            ("recipient_not_masked", True),
            ("language", True),
            ("source", False),
        )
    ]
)


def runtime(url: str) -> Runtime:
    rt = Runtime(
        settings=Settings(database_url=url, sandbox=False),
        policy=load_policy("ozon"),
        engine=make_engine(url, pool_size=4),
    )
    rt.clock = FixedClock(NOW)
    return rt


def populate(url: str, disputes: int, appealed: int) -> None:
    """Sellers, buyers, shipped orders with one line, a refund and a dispute each; the first
    `appealed` disputes carry an appeal past its deadline. All in SQL (generate_series)."""
    engine = make_engine(url)
    old = NOW - timedelta(days=20)
    with engine.begin() as conn:
        params = {"t": old, "now": NOW}
        conn.execute(
            text(
                "INSERT INTO sellers (id, client_id, name, email, language, status, created_at) "
                f"SELECT g, (100000+g)::text, 'Seller '||g, 's'||g||'@x', 'en', 'active', :t "
                f"FROM generate_series(1, {SELLERS}) g"
            ),
            params,
        )
        conn.execute(
            text(
                "INSERT INTO buyers (id, name, email, language, created_at) "
                "SELECT g, 'Buyer '||g, 'b'||g||'@x', 'ru', :t FROM generate_series(1, 10000) g"
            ),
            params,
        )
        conn.execute(
            text(
                "INSERT INTO orders (id, order_number, posting_number, seller_id, buyer_id, status, "
                "delivery_type, currency, total, address, address_changes_used, item_count, "
                "created_at, paid_at, ship_by, original_ship_by, shipped_at, late_shipment, "
                "late_fine_charged, cancel_hold, version) "
                "SELECT g, lpad(g::text, 12, '0'), lpad(g::text, 12, '0')||'-1', "
                f"1 + g % {SELLERS}, 1 + g % 10000, 'delivering', 'standard', 'RUB', 210000, "
                "'Moscow', 0, 1, :t, :t, :t + interval '6 days', :t + interval '6 days', "
                ":t + interval '1 day', false, false, false, 1 "
                f"FROM generate_series(1, {disputes}) g"
            ),
            params,
        )
        conn.execute(
            text(
                "INSERT INTO order_items (order_id, sku, name, quantity, unit_price, category, "
                "commission_bp) SELECT g, 'SKU-1', 'Lamp', 1, 210000, "
                "CASE WHEN g % 5 = 0 THEN 'jewellery' ELSE 'home' END, 1000 "
                f"FROM generate_series(1, {disputes}) g"
            )
        )
        conn.execute(
            text(
                "INSERT INTO tracking_watches (order_id, seller_id, posting_number, carrier, "
                "last_status, last_location, last_event_at, state, ended_at) "
                f"SELECT g, 1 + g % {SELLERS}, lpad(g::text, 12, '0')||'-1', "
                "CASE WHEN g % 2 = 0 THEN 'CDEK' ELSE 'Boxberry' END, 'in_transit', '', "
                ":t + interval '2 days', 'refunded', :t + interval '7 days' "
                f"FROM generate_series(1, {disputes}) g"
            ),
            params,
        )
        conn.execute(
            text(
                "INSERT INTO disputes (id, seller_id, buyer_id, order_id, posting_number, type, "
                "trigger_rule, facts, skus, amount, returned_amount, fine_amount, currency, status, "
                "appealable, for_buyer_by_default, appeal_until, buyer_files, created_at) "
                f"SELECT g, 1 + g % {SELLERS}, 1 + g % 10000, g, lpad(g::text, 12, '0')||'-1', "
                "'tracking_stall', 'REFUND-1', 'carrier status not updated for 5 days since "
                "2026-03-03 12:00 MSK', '[\"SKU-1\"]'::jsonb, 210000, 0, 0, 'RUB', "
                f"CASE WHEN g <= {appealed} THEN 'appealed' ELSE 'closed' END, true, false, "
                ":t + interval '14 days', '[]'::jsonb, :t + interval '7 days' + g * interval '1 second' "
                f"FROM generate_series(1, {disputes}) g"
            ),
            params,
        )
        conn.execute(
            text(
                "INSERT INTO refunds (dispute_id, order_id, seller_id, buyer_id, posting_number, sku, "
                "category, quantity, amount, currency, trigger, rule, partial, created_at) "
                f"SELECT g, g, 1 + g % {SELLERS}, 1 + g % 10000, lpad(g::text, 12, '0')||'-1', "
                "'SKU-1', CASE WHEN g % 5 = 0 THEN 'jewellery' ELSE 'home' END, 1, 210000, 'RUB', "
                "'tracking_stall', 'REFUND-1', false, :t + interval '7 days' "
                f"FROM generate_series(1, {disputes}) g"
            ),
            params,
        )
        conn.execute(
            text(
                "INSERT INTO appeals (dispute_id, seller_id, status, grounds, lang, submitted_at, "
                "decide_by, reviewed, findings, decision) "
                f"SELECT g, 1 + g % {SELLERS}, 'submitted', 'tracking_stall', 'en', "
                ":now - interval '80 hours', :now - (g % 3600) * interval '1 second', true, "
                f"CAST(:findings AS jsonb), '{{}}'::jsonb FROM generate_series(1, {appealed}) g"
            ),
            {**params, "findings": FINDINGS},
        )
        for table in ("sellers", "buyers", "orders", "disputes"):
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            )
        conn.execute(text("ANALYZE"))
    engine.dispose()


def decision_sweep(url: str, workers: int, limit: int | None = None) -> dict[str, object]:
    """Decide due appeals (all, or about `limit`) with `workers` threads, each its own engine."""
    sweep = next(s for s in all_sweeps() if s.name == "appeal_decision")
    runtimes = [runtime(url) for _ in range(workers)]
    done = [0] * workers

    def work(index: int) -> None:
        while limit is None or sum(done) < limit:
            messages = sweep.run_batch(runtimes[index], NOW, 500)
            if not messages:
                return
            done[index] += len(messages)

    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    for rt in runtimes:
        rt.engine.dispose()
    total = sum(done)
    return {
        "workers": workers,
        "appeals_decided": total,
        "seconds": round(elapsed, 2),
        "appeals_per_second": round(total / elapsed, 1),
        "per_worker": done,
    }


def exactly_once(url: str) -> dict[str, object]:
    engine = make_engine(url)
    with engine.connect() as conn:
        counts = conn.execute(
            text(
                "SELECT count(*), count(DISTINCT payload->>'dispute_id') FROM events "
                "WHERE action = 'dispute.decided'"
            )
        ).one()
        outcomes = {
            status: count
            for status, count in conn.execute(
                text("SELECT status, count(*) FROM appeals GROUP BY status")
            )
        }
    engine.dispose()
    return {
        "decided_events": counts[0],
        "disputes_decided": counts[1],
        "decided_exactly_once": counts[0] == counts[1],
        "appeal_statuses": outcomes,
    }


def empty_probe(url: str) -> dict[str, object]:
    rt = runtime(url)
    sweep = next(s for s in all_sweeps() if s.name == "appeal_decision")
    runs = 200
    started = time.perf_counter()
    for _ in range(runs):
        assert sweep.run_batch(rt, NOW, 500) == []
    per_run = (time.perf_counter() - started) / runs
    with rt.engine.connect() as conn:
        plan = [
            r[0]
            for r in conn.execute(
                text("EXPLAIN SELECT min(decide_by) FROM appeals WHERE status = 'submitted'")
            )
        ]
    rt.engine.dispose()
    return {"milliseconds_per_empty_run": round(per_run * 1000, 3), "explain": plan}


def export_child(url: str, fmt: str, limit: int) -> None:
    """Run in a fresh process: export the first `limit` disputes, print peak RSS and time."""
    from sellerdesk.services.dispute_report import disputes_csv, disputes_xlsx

    rt = runtime(url)
    operator = Actor("system")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Dispute g was refunded at FIRST_REFUND + g seconds: the date filter picks the first `limit`.
    filters = {"created_to": FIRST_REFUND + timedelta(seconds=limit, milliseconds=500)}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / f"disputes.{fmt}"
        if fmt == "csv":
            with out.open("w", encoding="utf-8") as handle:
                for chunk in disputes_csv(rt, operator, **filters):
                    handle.write(chunk)
        else:
            disputes_xlsx(rt, operator, out, **filters)
        size = out.stat().st_size
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "format": fmt,
                "disputes": limit,
                "seconds": round(elapsed, 1),
                "rows_per_second": round(limit / elapsed),
                "file_bytes": size,
                "peak_rss_mb": round(peak / 1024, 1),
                "rss_before_export_mb": round(before / 1024, 1),
            }
        )
    )


def export_memory(url: str, sizes: list[int]) -> list[dict[str, object]]:
    results = []
    for fmt in ("csv", "xlsx"):
        for size in sizes:
            out = subprocess.run(
                [sys.executable, __file__, "--export-child", fmt, url, str(size)],
                check=True,
                capture_output=True,
                text=True,
            )
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(results[-1], flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--appeals", type=int, default=100_000)
    parser.add_argument("--export-rows", type=int, default=1_000_000)
    parser.add_argument("--export-child", nargs=3, metavar=("FORMAT", "URL", "ROWS"))
    args = parser.parse_args()
    if args.export_child:
        fmt, url, rows = args.export_child
        export_child(url, fmt, int(rows))
        return
    url = fresh_pg_database("sellerdesk_bench_disputes")
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    total = max(args.appeals, args.export_rows)
    started = time.perf_counter()
    populate(url, total, args.appeals)
    print(
        f"populated {total} disputes, {args.appeals} due appeals in "
        f"{time.perf_counter() - started:.0f}s",
        flush=True,
    )
    first = min(10_000, args.appeals // 10)
    one = decision_sweep(url, 1, limit=first)
    print(one, flush=True)
    two = decision_sweep(url, 2)
    print(two, flush=True)
    once = exactly_once(url)
    print(once, flush=True)
    probe = empty_probe(url)
    print(probe, flush=True)
    sizes = sorted({min(100_000, args.export_rows), args.export_rows})
    exports = export_memory(url, sizes)
    path = write_result(
        "disputes",
        {
            "note": "The machine is shared with other engineers' work: figures are lower bounds.",
            "database": "PostgreSQL (local), one scratch database",
            "decision_sweep_one_worker_first_appeals": one,
            "decision_sweep_two_workers_the_rest": two,
            "each_appeal_decided_once": once,
            "empty_decision_sweep": probe,
            "export_memory": exports,
        },
        "python bench/disputes_bench.py " + " ".join(sys.argv[1:]),
    )
    print(f"written {path}")


if __name__ == "__main__":
    main()
