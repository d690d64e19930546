"""DISPUTE-9: the dispute report — every dispute with type, trigger rule, status, amounts and dates,
filtered like the list, as CSV or XLSX, with totals per status and type.

Rows are read in keyset batches and written as they come (openpyxl in write-only mode spills rows
to disk), so memory stays flat however many disputes there are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from sellerdesk.access import Actor
from sellerdesk.runtime import Runtime
from sellerdesk.services.disputes import dispute_filters
from sellerdesk.store.tables.disputes import Appeal, Dispute

BATCH = 2000
COLUMNS = (
    "dispute_id",
    "posting_number",
    "seller_id",
    "type",
    "trigger_rule",
    "status",
    "appealable",
    "skus",
    "currency",
    "refunded",
    "returned",
    "fine",
    "refunded_at",
    "appeal_until",
    "appealed_at",
    "decide_by",
    "decided_at",
    "outcome_rule",
    "facts",
)
TOTAL_COLUMNS = ("status", "type", "disputes", "refunded", "returned", "fine")


def _when(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def report_rows(rt: Runtime, actor: Actor, **filters: Any) -> Iterator[tuple[Any, ...]]:
    """The report's rows, newest first, read BATCH at a time (each batch a short read)."""
    where = dispute_filters(actor, **filters)
    last: int | None = None
    while True:
        query = (
            select(Dispute, Appeal.submitted_at, Appeal.decide_by)
            .outerjoin(Appeal, Appeal.dispute_id == Dispute.id)
            .where(*where)
        )
        if last is not None:
            query = query.where(Dispute.id < last)
        with rt.reader() as uow:
            batch = uow.session.execute(query.order_by(Dispute.id.desc()).limit(BATCH)).all()
        for dispute, appealed_at, decide_by in batch:
            yield (
                dispute.id,
                dispute.posting_number,
                dispute.seller_id,
                dispute.type,
                dispute.trigger_rule,
                dispute.status,
                dispute.appealable,
                " ".join(dispute.skus),
                dispute.currency,
                dispute.amount,
                dispute.returned_amount,
                dispute.fine_amount,
                _when(dispute.created_at),
                _when(dispute.appeal_until),
                _when(appealed_at),
                _when(decide_by),
                _when(dispute.decided_at),
                dispute.outcome_rule or "",
                dispute.facts,
            )
        if len(batch) < BATCH:
            return
        last = batch[-1][0].id


@dataclass
class Totals:
    """Counts and sums per (status, type), accumulated while rows stream."""

    cells: dict[tuple[str, str], list[Any]] = field(default_factory=dict)

    def add(self, row: tuple[Any, ...]) -> None:
        cell = self.cells.setdefault(
            (row[5], row[3]), [0, Decimal("0.00"), Decimal("0.00"), Decimal("0.00")]
        )
        cell[0] += 1
        cell[1] += row[9]
        cell[2] += row[10]
        cell[3] += row[11]

    def rows(self) -> list[tuple[Any, ...]]:
        """Per (status, type), then per status, per type and the grand total ('*')."""
        out: list[tuple[Any, ...]] = []
        by_status: dict[str, list[Any]] = {}
        by_type: dict[str, list[Any]] = {}
        grand = [0, Decimal("0.00"), Decimal("0.00"), Decimal("0.00")]
        for (status, kind), cell in sorted(self.cells.items()):
            out.append((status, kind, *cell))
            for bucket in (
                by_status.setdefault(
                    status, [0, Decimal("0.00"), Decimal("0.00"), Decimal("0.00")]
                ),
                by_type.setdefault(kind, [0, Decimal("0.00"), Decimal("0.00"), Decimal("0.00")]),
                grand,
            ):
                for index, value in enumerate(cell):
                    bucket[index] += value
        out.extend((status, "*", *cell) for status, cell in sorted(by_status.items()))
        out.extend(("*", kind, *cell) for kind, cell in sorted(by_type.items()))
        out.append(("*", "*", *grand))
        return out


def disputes_csv(rt: Runtime, actor: Actor, **filters: Any) -> Iterator[str]:
    """CSV text in chunks: the rows, a blank line, then the totals table."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    totals = Totals()
    writer.writerow(COLUMNS)
    for count, row in enumerate(report_rows(rt, actor, **filters), start=1):
        totals.add(row)
        writer.writerow(row)
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    writer.writerow(())
    writer.writerow(("totals",))
    writer.writerow(TOTAL_COLUMNS)
    writer.writerows(totals.rows())
    yield buffer.getvalue()


def disputes_xlsx(rt: Runtime, actor: Actor, path: Path, **filters: Any) -> Path:
    """An XLSX workbook at `path`: sheet 'Disputes' and sheet 'Totals' (write-only mode)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Disputes")
    sheet.append(COLUMNS)
    totals = Totals()
    for row in report_rows(rt, actor, **filters):
        totals.add(row)
        sheet.append(row)
    summary = workbook.create_sheet("Totals")
    summary.append(TOTAL_COLUMNS)
    for row in totals.rows():
        summary.append(row)
    workbook.save(path)
    return path


def dispute_totals(rt: Runtime, actor: Actor, **filters: Any) -> list[tuple[Any, ...]]:
    """DISPUTE-9 totals per status and type, computed by the database."""
    where = dispute_filters(actor, **filters)
    query = (
        select(
            Dispute.status,
            Dispute.type,
            func.count(Dispute.id),
            func.sum(Dispute.amount),
            func.sum(Dispute.returned_amount),
            func.sum(Dispute.fine_amount),
        )
        .where(*where)
        .group_by(Dispute.status, Dispute.type)
    )
    totals = Totals()
    with rt.reader() as uow:
        for status, kind, count, amount, returned, fine in uow.session.execute(query).all():
            # SUM keeps the column's type, so the amounts come back as exact Decimals.
            totals.cells[(status, kind)] = [int(count), amount, returned, fine]
    return totals.rows()
