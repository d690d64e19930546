"""Seller standing benchmark on PostgreSQL (issue: seller standing).

1. Ingestion: 10,000,000 events bulk-inserted in SQL (orders' place/pay/ship/deliver/cancel,
   chat responses, guard warnings, refunds, disputes over 120 days for 100,000 sellers), then
   folded into the standing counters by the projector: events/s.
2. Evaluation sweep: every one of the 100,000 sellers due at once, evaluated by the sweep (one
   process, then two worker processes on SKIP LOCKED): sellers/s.
3. Standing read: the seller's standing page (`standing_of`, what GET /sellers/me/standing
   runs) for random sellers with the 10,000,000 events in the log: p50/p99; then the endpoint
   over HTTP under wrk.
4. The standing sweep's probe when nothing is due, with all that data: cost per run_due.

Usage: python bench/standing_bench.py [--orders 2000000] [--sellers 100000] [--events 10000000]
The machine is shared with other engineers while this runs: figures are lower bounds.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import fresh_pg_database, write_result, wrk_load
from sqlalchemy import text

from sellerdesk.policy import load_policy
from sellerdesk.runtime import Runtime
from sellerdesk.settings import Settings
from sellerdesk.store.db import make_engine
from sellerdesk.store.migrate import upgrade
from sellerdesk.store.sandbox_clock import SandboxClock

T0 = datetime(2025, 11, 20, 0, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=125)


def runtime(url: str) -> Runtime:
    rt = Runtime(
        settings=Settings(database_url=url, sandbox=True),
        policy=load_policy("ozon"),
        engine=make_engine(url),
    )
    rt.clock = SandboxClock(rt.sessions, rt.read_sessions)
    return rt


ORDER_EVENTS = """
  SELECT :t0 + g * :step AS at, 1 + g % :sellers AS seller_id, 'order' AS subject_type,
         'P-' || g AS subject_id, 'place' AS action, 'ORDER-2' AS rule,
         '{"to": "unpaid"}'::jsonb AS payload
  FROM generate_series(1, CAST(:orders AS bigint)) g
  UNION ALL
  SELECT :t0 + g * :step + interval '1 hour', 1 + g % :sellers, 'order', 'P-' || g, 'pay',
         'ORDER-1', '{"from": "unpaid", "to": "awaiting_packaging"}'::jsonb
  FROM generate_series(1, CAST(:orders AS bigint)) g
  UNION ALL
  SELECT :t0 + g * :step + interval '6 days 1 hour', 1 + g % :sellers, 'order', 'P-' || g,
         'auto_cancel', 'CANCEL-4',
         '{"from": "awaiting_packaging", "to": "cancelled", "fault": "seller",
           "late_shipment": true}'::jsonb
  FROM generate_series(1, CAST(:orders AS bigint)) g WHERE g % 40 = 0
  UNION ALL
  SELECT :t0 + g * :step + interval '2 hours', 1 + g % :sellers, 'order', 'P-' || g,
         'buyer_cancel', 'CANCEL-1',
         '{"from": "awaiting_packaging", "to": "cancelled", "fault": "buyer"}'::jsonb
  FROM generate_series(1, CAST(:orders AS bigint)) g WHERE g % 40 <> 0 AND g % 97 = 0
  UNION ALL
  SELECT :t0 + g * :step + interval '1 day', 1 + g % :sellers, 'order', 'P-' || g, 'ship',
         'ORDER-1', jsonb_build_object('from', 'awaiting_deliver', 'to', 'delivering',
                                       'late_shipment', g % 50 = 0)
  FROM generate_series(1, CAST(:orders AS bigint)) g WHERE g % 40 <> 0 AND g % 97 <> 0
  UNION ALL
  SELECT :t0 + g * :step + interval '4 days', 1 + g % :sellers, 'order', 'P-' || g, 'deliver',
         'ORDER-1', '{"from": "delivering", "to": "delivered"}'::jsonb
  FROM generate_series(1, CAST(:orders AS bigint)) g WHERE g % 40 <> 0 AND g % 97 <> 0
"""

OTHER_EVENTS = """
  SELECT :t0 + c * :cstep AS at, 1 + (c * 7) % :sellers AS seller_id, 'chat' AS subject_type,
         'C-' || c AS subject_id,
         CASE WHEN c % 1000 = 0 THEN 'guard.warning'
              ELSE (ARRAY['chat.first_response', 'chat.first_response', 'chat.first_response',
                          'chat.first_response', 'chat.first_response', 'chat.first_response',
                          'chat.first_response', 'chat.response_missed', 'dispute.opened',
                          'dispute.decided', 'dispute.decided'])[1 + c % 11] END
           AS action, 'CHAT-7' AS rule,
         jsonb_build_object('seconds', 60 + (c * 37) % 7000, 'within_deadline', c % 23 <> 0,
                            'outcome', CASE WHEN c % 3 = 0 THEN 'won' ELSE 'rejected' END)
           AS payload
  FROM generate_series(1, CAST(:others AS bigint)) c
"""


def populate(url: str, orders: int, sellers: int, events: int) -> dict[str, object]:
    """Sellers, their API keys, orders (for the K-12 ship-by lookups) and the event log, all
    in bulk SQL; events are inserted in time order so ids follow time, as in production."""
    engine = make_engine(url)
    span = timedelta(days=120)
    per_order = 1 + 1 + (1 / 40) + (39 / 40) * ((1 / 97) + (96 / 97) * 2)
    others = max(0, events - round(orders * per_order))
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL work_mem = '512MB'"))
        conn.execute(
            text(
                "INSERT INTO sellers (id, client_id, name, email, language, status, created_at) "
                "SELECT g, (100000 + g)::text, 'Seller ' || g, 's' || g || '@x', 'ru', "
                "'active', :t FROM generate_series(1, CAST(:n AS bigint)) g"
            ),
            {"t": T0, "n": sellers},
        )
        conn.execute(
            text(
                "INSERT INTO seller_api_keys (seller_id, key_hash, label, created_at) "
                "SELECT g, encode(sha256(('bench-key-' || g)::bytea), 'hex'), 'bench', :t "
                "FROM generate_series(1, LEAST(1000, CAST(:n AS bigint))) g"
            ),
            {"t": T0, "n": sellers},
        )
        conn.execute(
            text(
                "INSERT INTO buyers (id, name, email, language, created_at) "
                "VALUES (1, 'Buyer', 'b@x', 'ru', :t)"
            ),
            {"t": T0},
        )
        conn.execute(
            text("""
            INSERT INTO orders (id, order_number, posting_number, seller_id, buyer_id, status,
              delivery_type, currency, total, address, address_changes_used, item_count,
              created_at, pay_by, paid_at, ship_by, original_ship_by, late_shipment,
              late_fine_charged, cancel_hold, version)
            SELECT g, 'O-' || g, 'P-' || g, 1 + g % :sellers, 1, 'delivered', 'standard', 'RUB',
              10000, 'Москва', 0, 1, :t0 + g * :step, :t0 + g * :step + interval '48 hours',
              :t0 + g * :step + interval '1 hour', :t0 + g * :step + interval '6 days 1 hour',
              :t0 + g * :step + interval '6 days 1 hour', false, false, false, 1
            FROM generate_series(1, CAST(:orders AS bigint)) g"""),
            {"orders": orders, "sellers": sellers, "t0": T0, "step": span / orders},
        )
        conn.execute(
            text(f"""
            INSERT INTO events (at, recorded_at, seller_id, subject_type, subject_id, actor,
                                action, rule, payload)
            SELECT at, at, seller_id, subject_type, subject_id, 'system', action, rule, payload
            FROM ({ORDER_EVENTS} UNION ALL {OTHER_EVENTS}) x ORDER BY at"""),
            {"orders": orders, "sellers": sellers, "t0": T0, "step": span / orders,
             "others": others, "cstep": span / max(others, 1)},
        )
        for table in ("sellers", "buyers", "orders", "seller_api_keys"):
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            )
        total = conn.execute(text("SELECT count(*) FROM events")).scalar_one()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
        size = conn.execute(text("SELECT pg_size_pretty(pg_database_size(current_database()))"))
        db_size = size.scalar_one()
    engine.dispose()
    return {
        "events": total,
        "orders": orders,
        "sellers": sellers,
        "populate_seconds": round(time.perf_counter() - started, 1),
        "database_size": db_size,
    }


def ingest(url: str) -> dict[str, object]:
    """Fold the whole log into the counters with the projector the sweep runs."""
    from sellerdesk.services.standing_projector import project

    rt = runtime(url)
    rt.clock.set(NOW)
    started = time.perf_counter()
    events = batches = 0
    while True:
        count, _ = project(rt)
        if not count:
            break
        events += count
        batches += 1
    seconds = time.perf_counter() - started
    with rt.engine.connect() as conn:
        days = conn.execute(text("SELECT count(*) FROM standing_daily")).scalar_one()
        samples = conn.execute(text("SELECT count(*) FROM standing_responses")).scalar_one()
    rt.engine.dispose()
    return {
        "events": events,
        "batches": batches,
        "seconds": round(seconds, 1),
        "events_per_second": round(events / seconds),
        "daily_rows": days,
        "response_samples": samples,
    }


def evaluate_worker(url: str, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from sellerdesk.jobs.due_standing import EVALUATION

    rt = runtime(url)
    done = 0
    while messages := EVALUATION.run_batch(rt, NOW):
        done += int(re.search(r"of (\d+) seller", messages[-1]).group(1))  # type: ignore[union-attr]
    out.put(done)


def evaluation(url: str, workers: int) -> dict[str, object]:
    """Every seller due now; the evaluation sweep runs them all (as of NOW)."""
    engine = make_engine(url)
    with engine.begin() as conn:
        due = conn.execute(
            text("UPDATE standing_sellers SET evaluate_at = :now"), {"now": NOW}
        ).rowcount
    engine.dispose()
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    procs = [multiprocessing.Process(target=evaluate_worker, args=(url, queue))
             for _ in range(workers)]
    started = time.perf_counter()
    for proc in procs:
        proc.start()
    counts = [queue.get() for _ in procs]
    for proc in procs:
        proc.join()
    seconds = time.perf_counter() - started
    engine = make_engine(url)
    with engine.connect() as conn:
        sanctions = conn.execute(
            text("SELECT kind, count(*) FROM standing_sanctions GROUP BY kind ORDER BY kind")
        ).all()
        left = conn.execute(
            text("SELECT count(*) FROM standing_sellers WHERE evaluate_at <= :now"), {"now": NOW}
        ).scalar_one()
    engine.dispose()
    return {
        "sellers_due": due,
        "workers": workers,
        "per_worker": counts,
        "seconds": round(seconds, 1),
        "sellers_per_second": round(sum(counts) / seconds),
        "still_due_after": left,
        "sanctions_on_record": {kind: n for kind, n in sanctions},
    }


def reads(url: str, samples: int = 3000) -> dict[str, object]:
    from sellerdesk.services.standing import standing_of

    rt = runtime(url)
    rng = random.Random(7)
    with rt.engine.connect() as conn:
        sellers = conn.execute(text("SELECT max(seller_id) FROM standing_sellers")).scalar_one()
    timings = []
    for i in range(samples + 200):
        seller = rng.randint(1, sellers)
        started = time.perf_counter()
        with rt.reader() as uow:
            view = standing_of(rt, uow.session, seller, NOW)
        elapsed = (time.perf_counter() - started) * 1000
        if i >= 200:  # warm-up
            timings.append(elapsed)
        assert view.evaluated_at is not None
    timings.sort()
    rt.engine.dispose()
    return {
        "reads": samples,
        "p50_ms": round(statistics.median(timings), 3),
        "p99_ms": round(timings[int(len(timings) * 0.99) - 1], 3),
        "max_ms": round(timings[-1], 3),
    }


def nothing_due(url: str) -> dict[str, object]:
    """The standing sweep when nothing is due: its probe (one statement) and a full pass of
    run_standing. Measured on the standing sweep alone: the other capabilities' sweeps react
    to this synthetic data (the chat sweep sends shipment notices for the 2,000,000 orders)."""
    from sqlalchemy import select

    from sellerdesk.jobs.due_standing import run_standing, standing_due

    rt = runtime(url)
    rt.clock.set(NOW)
    run_standing(rt, NOW)  # project the evaluation's own events first
    probes, passes = [], []
    for _ in range(200):
        started = time.perf_counter()
        with rt.reader() as uow:
            due = uow.session.execute(select(standing_due(uow.session))).scalar()
        probes.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        assert run_standing(rt, NOW) == []
        passes.append((time.perf_counter() - started) * 1000)
    with rt.reader() as uow:
        statement = select(standing_due(uow.session)).compile(
            dialect=uow.session.get_bind().dialect, compile_kwargs={"literal_binds": True}
        )
        plan = uow.session.execute(text(f"EXPLAIN ANALYZE {statement}")).scalars().all()
    rt.engine.dispose()
    probes.sort()
    passes.sort()
    return {
        "next_due": due.isoformat() if due else None,
        "probe_median_ms": round(statistics.median(probes), 3),
        "probe_p99_ms": round(probes[int(len(probes) * 0.99) - 1], 3),
        "run_standing_median_ms": round(statistics.median(passes), 3),
        "run_standing_p99_ms": round(passes[int(len(passes) * 0.99) - 1], 3),
        "probe_plan": plan,
    }


def api(url: str, seconds: int = 15) -> dict[str, object]:
    wrk = shutil.which("wrk")
    if wrk is None:
        return {"skipped": "wrk not installed"}
    env = {**os.environ, "SELLERDESK_DATABASE_URL": url, "SELLERDESK_SANDBOX": "0",
           "SELLERDESK_AUTH_CACHE_SECONDS": "30"}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "sellerdesk.api.app:app_from_env", "--factory",
         "--port", "8766", "--workers", "2", "--log-level", "warning", "--no-access-log"],
        env=env,
    )
    found: dict[str, object] = {}
    try:
        headers = ["-H", "Client-Id: 100042", "-H", "Api-Key: bench-key-42"]
        target = "http://127.0.0.1:8766/api/v1/sellers/me/standing"
        for _ in range(120):  # wait until the API answers (slow to start on a busy machine)
            check = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                                    *headers, target], capture_output=True, text=True,
                                   check=False)
            if check.stdout == "200":
                break
            time.sleep(0.5)
        found["status_of_probe"] = check.stdout
        for connections in (1, 16):
            found[f"connections_{connections}"] = wrk_load(target, headers, connections, seconds)
    finally:
        server.terminate()
        server.wait(10)
    return found


PHASES = ("data", "ingestion", "evaluation", "read", "probe", "api")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=2_000_000)
    parser.add_argument("--sellers", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--phases", default=",".join(PHASES),
                        help="comma-separated subset of " + ",".join(PHASES))
    parser.add_argument("--reuse", action="store_true",
                        help="use the existing scratch database (after the data phase ran)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    phases = set(args.phases.split(","))
    name = "sellerdesk_bench_standing"
    if args.reuse:
        url = fresh_pg_database.__globals__["PG_ADMIN"].rsplit("/", 1)[0] + "/" + name
    else:
        url = fresh_pg_database(name)
        upgrade(make_engine(url))
    figures: dict[str, object] = {
        "note": "shared machine (2 CPUs), other engineers' tests and benchmarks running: "
        "figures are lower bounds",
    }
    command = "python bench/standing_bench.py " + " ".join(sys.argv[1:])
    steps = [
        ("data", "data", lambda: populate(url, args.orders, args.sellers, args.events)),
        ("ingestion", "ingestion", lambda: ingest(url)),
        ("evaluation", "evaluation_1_worker", lambda: evaluation(url, 1)),
        ("evaluation", "evaluation_2_workers", lambda: evaluation(url, 2)),
        ("read", "standing_read", lambda: reads(url)),
        ("probe", "nothing_due", lambda: nothing_due(url)),
        ("api", "standing_api", lambda: api(url)),
    ]
    for phase, key, run in steps:
        if phase in phases:
            figures[key] = run()
            print(f"{key}:", figures[key], flush=True)
            write_result("standing", merged(figures), command)  # a kill keeps what ran
    print("written", write_result("standing", merged(figures), command))
    if not args.keep and not args.reuse:
        fresh_pg_database(name)  # leave an empty database behind


def merged(figures: dict[str, object]) -> dict[str, object]:
    """Today's earlier figures (other phases) with this run's on top."""
    from common import previous_figures

    return {**previous_figures("standing"), **figures}


if __name__ == "__main__":
    main()
