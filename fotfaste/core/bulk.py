"""Loading many rows fast: COPY on PostgreSQL, executemany on SQLite.

Big imports never build model objects: rows are plain tuples in the order of
`fields`, written in batches, and merged afterwards with set-based SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.db import connection, models, transaction
from django.db.models import Lookup


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def null_safe_equal(left: str, right: str) -> str:
    """SQL for "left equals right, and NULL equals NULL"."""
    if is_postgresql():
        return f"{left} IS NOT DISTINCT FROM {right}"
    return f"{left} IS {right}"


def using_index(index: str) -> str:
    """SQLite's INDEXED BY: right after a bulk load it has no statistics and can pick an index that
    scans a whole municipality for every probe. PostgreSQL plans by its own statistics."""
    return "" if is_postgresql() else f"INDEXED BY {connection.ops.quote_name(index)}"


def column_names(model, fields: Sequence[str]) -> list[str]:
    return [model._meta.get_field(f).column for f in fields]


def insert_rows(
    model, fields: Sequence[str], rows: Iterable[Sequence], *, extra: dict[str, object] | None = None
) -> int:
    """Append rows (tuples in `fields` order, plus the same `extra` values on every row) to the model's table."""
    extra = extra or {}
    names = column_names(model, [*fields, *extra])
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(n) for n in names)
    tail = tuple(extra.values())
    count = 0
    with connection.cursor() as cursor:
        if is_postgresql():
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, *tail))
                    count += 1
        else:
            placeholders = ", ".join(["%s"] * len(names))
            batch = [(*row, *tail) for row in rows]
            # In autocommit mode SQLite would commit after every row of executemany, five times slower.
            with transaction.atomic():
                cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})", batch)
            count = len(batch)
    return count


# A load this big builds its table's indexes afterwards, if it also at least doubles the table.
REBUILD_INDEXES_FROM = 10_000


@contextmanager
def indexes_built_after(model, rows_coming: int) -> Iterator[bool]:
    """Load a table first and build its non-unique indexes afterwards, when the load is big.

    Inserting into six indexes costs a row several times what the row costs alone,
    while building an index from a full table is one sort (PostgreSQL's advice for
    populating a database). It is done only for a load that at least doubles the table,
    as the first load of a national register does: in the transaction, the indexes are
    dropped and built again before it ends, so a failure leaves them as they were; on
    PostgreSQL, other sessions wait for the table until the transaction ends.
    Yields whether it did so.
    """
    table = model._meta.db_table
    if rows_coming < REBUILD_INDEXES_FROM or not transaction.get_connection().in_atomic_block:
        yield False
        return
    existing = fetch_value(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
    if rows_coming < existing:
        yield False
        return
    drops, builds = _secondary_indexes(table)
    _run_with_constraints_checked(drops)
    yield True
    _run_with_constraints_checked(builds)
    # Statistics from before the load would have the planner probe row by row what it should hash-join.
    analyze(model)


def _run_with_constraints_checked(statements: list[str]) -> None:
    """PostgreSQL alters no table with foreign-key checks pending: run those checks first, then defer again."""
    if is_postgresql():
        execute("SET CONSTRAINTS ALL IMMEDIATE")
    for sql in statements:
        execute(sql)
    if is_postgresql():
        execute("SET CONSTRAINTS ALL DEFERRED")


def _secondary_indexes(table: str) -> tuple[list[str], list[str]]:
    """(statements that drop, statements that build again) the table's non-unique indexes.

    Unique indexes stay: they keep the load itself from adding a duplicate, and the load's
    "not there yet" probes use them. On PostgreSQL the table's foreign keys go too: added
    again, each is checked by one join instead of a check per row.
    """
    quoted = connection.ops.quote_name(table)
    if not is_postgresql():
        found = fetch_all(
            """SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL
               AND sql NOT LIKE 'CREATE UNIQUE%%'""",
            [table],
        )
        return [f"DROP INDEX {connection.ops.quote_name(name)}" for name, _sql in found], [sql for _name, sql in found]
    keys = fetch_all(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
        [quoted],
    )
    indexes = fetch_all(
        """SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
           WHERE i.indrelid = %s::regclass AND NOT i.indisunique""",
        [quoted],
    )
    drops = [f"ALTER TABLE {quoted} DROP CONSTRAINT {connection.ops.quote_name(name)}" for name, _d in keys]
    drops += [f"DROP INDEX {connection.ops.quote_name(name)}" for name, _d in indexes]
    builds = [d for _name, d in indexes]
    builds += [f"ALTER TABLE {quoted} ADD CONSTRAINT {connection.ops.quote_name(name)} {d}" for name, d in keys]
    return drops, builds


def analyze(model) -> None:
    """Fresh planner statistics for a table that was just bulk-loaded (PostgreSQL).

    Staging tables are emptied after every import, so without this the planner
    thinks they hold nothing and picks plans that rescan them per row.
    """
    if is_postgresql():
        execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def execute(sql: str, params: Sequence | dict = ()) -> int:
    """Run one statement; returns the number of rows it affected."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def fetch_all(sql: str, params: Sequence | dict = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fetch_value(sql: str, params: Sequence | dict = ()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        return row[0] if row else None


class NotIndexedExact(Lookup):
    """`field__not_indexed=value`: equality that SQLite may not answer from an index on `field`.

    SQLite, without statistics of how many rows a value has, can prefer an index on a
    low-selectivity column (a municipality) over an index walk in the page's sort order
    and then sort tens of thousands of rows for one page. The unary plus is SQLite's
    documented way to take a term out of index selection; PostgreSQL plans by its statistics.
    """

    lookup_name = "not_indexed"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if connection.vendor == "sqlite":
            lhs = f"+{lhs}"
        return f"{lhs} = {rhs}", [*lhs_params, *rhs_params]


models.Field.register_lookup(NotIndexedExact)
models.ForeignKey.register_lookup(NotIndexedExact)
