"""Batch writes for sweeps: many rows, few round trips.

`update_by_id` writes per-row changes keyed by primary key: on PostgreSQL one
`UPDATE ... FROM unnest(arrays)` per set of changed columns; on SQLite one compiled statement run
with many parameter sets. `insert_rows` streams the rows with COPY on PostgreSQL (inside the
caller's transaction, column types converted as SQLAlchemy would), and runs a Core executemany
on SQLite.
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
    dialect = session.get_bind().dialect
    convert = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
               for name in columns]
    sql = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    driver = session.connection().connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(sql) as copy:  # type: ignore[union-attr]
        for row in rows:
            copy.write_row(
                [value if to is None else to(value)
                 for value, to in zip((row[n] for n in columns), convert, strict=True)]
            )


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
