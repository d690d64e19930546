"""Batch writes for sweeps: many rows, few round trips.

`update_by_id` writes per-row changes keyed by primary key: on PostgreSQL one
`UPDATE ... FROM unnest(arrays)` per set of changed columns; on SQLite one compiled statement run
with many parameter sets. `insert_rows` likewise sends whole columns as arrays on PostgreSQL (one `INSERT ... SELECT
unnest(...)`), and a Core executemany on SQLite (no ORM bookkeeping either way).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session


def update_by_id(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Each row is {"id": ..., column: new value, ...}; rows may change different columns."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[tuple(sorted(name for name in row if name != "id"))].append(row)
    postgres = session.get_bind().dialect.name == "postgresql"
    for names, group in groups.items():
        if not names:
            continue
        if postgres:
            _update_unnest(session, table, names, group)
        else:
            stmt = (
                update(table)
                .where(table.c.id == bindparam("_id"))
                .values({name: bindparam(name) for name in names})
            )
            session.execute(stmt, [{**row, "_id": row["id"]} for row in group])


def _update_unnest(
    session: Session, table: Table, names: tuple[str, ...], rows: list[dict[str, Any]]
) -> None:
    columns = ("id", *names)
    source = _unnest(table, columns).subquery("batch")
    stmt = (
        update(table)
        .where(table.c.id == source.c.id)
        .values({name: source.c[name] for name in names})
    )
    session.execute(stmt, _arrays(rows, columns))


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Rows of one table, each with the same keys."""
    if not rows:
        return
    if session.get_bind().dialect.name != "postgresql":
        session.execute(insert(table), rows)
        return
    columns = tuple(rows[0])
    stmt = insert(table).from_select(columns, _unnest(table, columns))
    session.execute(stmt, _arrays(rows, columns))


def _unnest(table: Table, columns: tuple[str, ...]) -> Any:
    """SELECT unnest(:a_col1), unnest(:a_col2)...: the arrays zipped back into rows."""
    return select(
        *[
            func.unnest(bindparam(f"a_{name}", type_=ARRAY(table.c[name].type))).label(name)
            for name in columns
        ]
    )


def _arrays(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> dict[str, list[Any]]:
    return {f"a_{name}": [row[name] for row in rows] for name in columns}
