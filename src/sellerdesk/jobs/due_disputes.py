"""Refund and dispute deadlines (REFUND-1, K-20, DISPUTE-1, DISPUTE-5), swept by due time.

Each `where` is written exactly as its partial index in store/tables/disputes.py, so a sweep that
finds nothing due is one index probe.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, text
from sqlalchemy.orm import Session

from sellerdesk.jobs.sweeps import Sweep
from sellerdesk.services.dispute_decisions import close_windows, decide_appeals
from sellerdesk.services.refund_tracking import tracking_sweep
from sellerdesk.store.tables.disputes import (
    OPEN_DISPUTE,
    UNDER_REVIEW,
    WATCHING,
    Appeal,
    Dispute,
    TrackingWatch,
)


def _watching(_session: Session) -> ColumnElement[bool]:
    return text(WATCHING)


def _open(_session: Session) -> ColumnElement[bool]:
    return text(OPEN_DISPUTE)


def _under_review(_session: Session) -> ColumnElement[bool]:
    return text(UNDER_REVIEW)


SWEEPS: tuple[Sweep, ...] = (
    # REFUND-1: carrier tracking has not moved for `tracking_stall`.
    Sweep(
        "tracking_stall",
        "REFUND-1",
        TrackingWatch.stall_due_at,
        _watching,
        tracking_sweep("tracking_stall"),
    ),
    # REFUND-1, K-20: no delivery confirmation before Moscow midnight ending the expected date.
    Sweep(
        "not_delivered_by_date",
        "REFUND-1",
        TrackingWatch.delivery_due_at,
        _watching,
        tracking_sweep("not_delivered_by_date"),
    ),
    # DISPUTE-1: the appeal window ends without an appeal.
    Sweep("appeal_window", "DISPUTE-1", Dispute.appeal_until, _open, close_windows),
    # DISPUTE-5: appeals are decided by rules and scoring at their deadline.
    Sweep("appeal_decision", "DISPUTE-5", Appeal.decide_by, _under_review, decide_appeals),
)
