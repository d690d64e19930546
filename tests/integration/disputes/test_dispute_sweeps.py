"""Dispute sweeps are idempotent and, on PostgreSQL, several workers decide each appeal exactly
once (DISPUTE-5; DESIGN principle 3)."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from sellerdesk.jobs.sweeps import run_due
from sellerdesk.store.tables import Event, LedgerEntry
from tests.conftest import make_runtime
from tests.integration.disputes.dispute_flows import appeal, good_evidence, stalled_many


def _appealed(client, world, count):
    found = stalled_many(client, world, count)
    for number, record in found:
        assert appeal(client, world, record["id"], good_evidence(number)).status_code == 201
    return [record["id"] for _, record in found]


def _decided(rt):
    with rt.reader() as uow:
        return Counter(
            e.payload["dispute_id"]
            for e in uow.session.execute(
                select(Event).where(Event.action == "dispute.decided")
            ).scalars()
        )


def test_DISPUTE_5_decision_sweep_twice_changes_nothing_the_second_time(client, world, rt):
    ids = _appealed(client, world, 2)
    target = rt.clock.now() + timedelta(days=6)
    rt.clock.set(target)

    first = [m for m in run_due(rt, target) if "DISPUTE-5" in m]

    assert sorted(first) == sorted(f"dispute {i} decided: won, DISPUTE-5" for i in ids)
    assert not [m for m in run_due(rt, target) if "DISPUTE" in m]
    assert set(_decided(rt).values()) == {1}


def test_DISPUTE_5_two_workers_on_postgresql_decide_each_appeal_once(client, world, rt, tmp_path):
    if rt.engine.dialect.name != "postgresql":
        pytest.skip("SKIP LOCKED claims are a PostgreSQL feature")
    ids = _appealed(client, world, 6)
    target = rt.clock.now() + timedelta(days=6)
    rt.clock.set(target)
    workers = [make_runtime(rt.settings.database_url, tmp_path) for _ in range(2)]
    for worker in workers:
        worker.clock = rt.clock
    results: list[list[str]] = [[], []]
    barrier = threading.Barrier(2)

    def sweep(index: int) -> None:
        barrier.wait()
        results[index] = run_due(workers[index], target, batch=1)

    threads = [threading.Thread(target=sweep, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    decided = [m for r in results for m in r if "DISPUTE-5" in m]
    assert len(decided) == 6
    assert _decided(rt) == Counter(dict.fromkeys(ids, 1))
    with rt.reader() as uow:
        reversals = (
            uow.session.execute(select(LedgerEntry).where(LedgerEntry.kind == "refund_reversal"))
            .scalars()
            .all()
        )
    assert len(reversals) == 12  # two SKUs per posting, returned once each
    for worker in workers:
        worker.engine.dispose()
