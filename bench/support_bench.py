"""Support desk benchmark: knowledge-base search latency on 10,000 articles (p50/p95/p99), and the
ticket creation rate (complete tickets with a timestamped screenshot: numbering upsert, checks,
duplicate lookup, event, status e-mail in the outbox).

SQLite always; PostgreSQL too with --pg URL (a scratch database is created and dropped).
The machine is shared with other engineers while this runs, so the figures are lower bounds.
Writes bench/results/support-<date>.json.

    .venv/bin/python bench/support_bench.py [--articles 10000] [--queries 400] [--tickets 500]
        [--pg postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import threading
import uuid
from pathlib import Path

from PIL import Image
from sqlalchemy import create_engine, text

from sellerdesk.access import Actor
from sellerdesk.clock import SystemClock, monotonic
from sellerdesk.domain.support_kb import ArticleSeed
from sellerdesk.policy import load_policy
from sellerdesk.runtime import Runtime
from sellerdesk.services import support_kb, support_tickets
from sellerdesk.settings import Settings
from sellerdesk.store.db import make_engine
from sellerdesk.store.migrate import upgrade
from sellerdesk.store.tables import Seller, StoredFile

RESULTS = Path(__file__).parent / "results"
QUERIES = {
    "ru": ["вывод средств", "блокировка выплаты", "обращение вернули", "чат с поддержкой",
           "отзыв покупателя", "срок отгрузки", "отмена заказа", "ИНН проверка", "возврат денег",
           "штраф за опоздание", "\"доля возвратов\"", "доставка -таможня"],
    "en": ["withdrawal blocked", "ticket returned", "support chat button", "negative review",
           "ship by deadline", "cancel order", "refund rate", "tracking number carrier",
           "account manager", "\"response rate\"", "evidence files -customs", "vip line"],
}  # fmt: skip


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def articles(count: int, rng: random.Random) -> list[ArticleSeed]:
    """Realistic text: sentences of the seed articles recombined, per language."""
    seeds = support_kb.seed_articles()
    sentences = {
        lang: [s.strip() for a in seeds if a.language == lang for s in a.body.split(". ") if s]
        for lang in ("ru", "en")
    }
    found = []
    for i in range(count):
        lang = "ru" if i % 2 else "en"
        pool = sentences[lang]
        title = " ".join(rng.sample(pool, 1)[0].split()[:8])
        body = ". ".join(rng.sample(pool, rng.randint(4, 12))) + "."
        found.append(ArticleSeed(f"bench-{i}", lang, title, body, ()))
    return found


def runtime(url: str, tmp: Path) -> Runtime:
    settings = Settings(database_url=url, sandbox=False, storage_dir=tmp / "files")
    engine = make_engine(url)
    upgrade(engine)
    return Runtime(settings=settings, policy=load_policy("ozon"), engine=engine)


def bench_kb(rt: Runtime, count: int, queries: int, rng: random.Random) -> dict[str, object]:
    support_kb.load_kb(rt)
    started = monotonic()
    with rt.uow() as uow:
        for seed in articles(count, rng):
            support_kb._upsert(uow.session, seed, uow.now)
        uow.commit()
    loaded = monotonic() - started
    timings, hits = [], []
    for n in range(queries):
        lang = "ru" if n % 2 else "en"
        query = rng.choice(QUERIES[lang])
        begin = monotonic()
        found = support_kb.search(rt, query, language=lang if n % 3 else None, limit=10)
        timings.append((monotonic() - begin) * 1000)
        hits.append(len(found))
    return {
        "articles": count + len(support_kb.seed_articles()),
        "load_seconds": round(loaded, 2),
        "queries": queries,
        "mean_hits": round(statistics.mean(hits), 1),
        "latency_ms": {
            "p50": round(percentile(timings, 0.50), 2),
            "p95": round(percentile(timings, 0.95), 2),
            "p99": round(percentile(timings, 0.99), 2),
            "max": round(max(timings), 2),
        },
    }


def _screenshot() -> bytes:
    image, exif, out = Image.new("RGB", (320, 200), "white"), Image.Exif(), io.BytesIO()
    exif[306] = "2026:03:02 11:58:00"
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def bench_tickets(rt: Runtime, count: int, threads: int) -> dict[str, object]:
    data = _screenshot()
    sha = rt.storage.put(data)
    with rt.uow() as uow:
        sellers = []
        for n in range(threads):
            seller = Seller(client_id=f"b{n}-{uuid.uuid4().hex[:8]}", name=f"Bench {n}",
                            email=f"bench{n}@example.com", language="en", status="active",
                            created_at=uow.now)  # fmt: skip
            uow.session.add(seller)
            uow.session.flush()
            shot = StoredFile(owner=f"seller:{seller.id}", seller_id=seller.id, sha256=sha,
                              size=len(data), media_type="image/jpeg", filename="s.jpg",
                              created_at=uow.now)  # fmt: skip
            uow.session.add(shot)
            uow.session.flush()
            sellers.append((Actor("seller", seller.id), shot.id))
        uow.commit()
    per_thread = count // threads
    errors: list[BaseException] = []

    def work(actor: Actor, file_id: int) -> None:
        try:
            for i in range(per_thread):
                support_tickets.create_ticket(
                    rt, actor, title=f"[ACCOUNT] question number {i}", body="Issue: KYC status",
                    attachments=[{"file_id": file_id, "role": "screenshot"}],
                )  # fmt: skip
        except BaseException as exc:  # reported in the results
            errors.append(exc)

    workers = [threading.Thread(target=work, args=pair) for pair in sellers]
    started = monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = monotonic() - started
    made = per_thread * threads
    return {
        "tickets": made,
        "threads": threads,
        "seconds": round(elapsed, 2),
        "tickets_per_second": round(made / elapsed, 1),
        "errors": [repr(e) for e in errors[:3]],
    }


def run(url: str, args: argparse.Namespace) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        rt = runtime(url, Path(tmp))
        rng = random.Random(7)
        found = {
            "kb_search": bench_kb(rt, args.articles, args.queries, rng),
            "ticket_creation": [bench_tickets(rt, args.tickets, t) for t in (1, 4)],
        }
        rt.engine.dispose()
        return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--tickets", type=int, default=400)
    parser.add_argument("--pg", help="PostgreSQL admin URL; a scratch database is used")
    args = parser.parse_args()
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = run(f"sqlite:///{tmp}/bench.db", args)
    if args.pg:
        name = f"sellerdesk_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.pg.replace("postgresql://", "postgresql+psycopg://"),
                              isolation_level="AUTOCOMMIT")  # fmt: skip
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            results["postgresql"] = run(args.pg.rsplit("/", 1)[0] + "/" + name, args)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    now = SystemClock().now()
    report = {
        "benchmark": "support",
        "date": now.isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": {
            "platform": platform.platform(),
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
        },
        "note": "shared machine while measured (other engineers' tests running): lower bounds",
        "results": results,
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"support-{now.date().isoformat()}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
