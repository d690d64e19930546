"""The worker loop: run due sweeps, then dispatch the outbox; repeat."""

from __future__ import annotations

import threading

import structlog

from sellerdesk.jobs.outbox import dispatch_outbox
from sellerdesk.jobs.sweeps import run_due
from sellerdesk.runtime import Runtime

log = structlog.get_logger()


def run_once(rt: Runtime) -> tuple[int, int]:
    """One pass: (due items acted on, outbox messages handled)."""
    acted = run_due(rt, rt.clock.now())
    for line in acted[:50]:
        log.info("sweep", happened=line)
    sent = dispatch_outbox(rt)
    return len(acted), sent


def run_forever(rt: Runtime, interval: float = 1.0, stop: threading.Event | None = None) -> None:
    stop = stop or threading.Event()
    log.info("worker started", policy=rt.policy.name, sandbox=rt.sandbox)
    while not stop.is_set():
        try:
            acted, sent = run_once(rt)
        except Exception:  # keep the worker alive; the failed batch rolled back and is retried
            log.exception("worker pass failed")
            acted = sent = 0
        if not acted and not sent:
            stop.wait(interval)
