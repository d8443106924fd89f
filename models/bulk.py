"""Bulk writing of many rows straight to the database driver, in chunks, never committed.

The demo generator uses it, the importer too, and any code that writes tens of thousands
of rows at once. Primary keys are handed out here (`new_id`), after each table's current
maximum, so that child rows can point at their parents without a flush per object; on
PostgreSQL, the tables it filled are analyzed at the end (`analyze`).
"""

import gc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import chain, islice
from operator import itemgetter

from sqlalchemy import Table, event, func, insert, select
from sqlalchemy.engine import Engine

from models.base import begin_transaction, db

CHUNK = 10_000
# Rows written to a table from which its planner statistics are counted again (PostgreSQL).
ANALYZED_FROM = 1_000
COPYING = "maillage_copying"  # in a connection's `info` while a COPY holds it


@event.listens_for(Engine, "before_cursor_execute")
def _not_while_copying(connection, *_arguments) -> None:
    """Refuse a statement on a connection that a COPY holds (a streamed import reads its
    next rows meanwhile): the driver would wait for the COPY to end, which waits for it."""
    if connection.info.get(COPYING):
        raise RuntimeError("A statement on a connection busy with a COPY; send it through "
                           "another connection (importers.base.lookups_apart).")  # fmt: skip


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the length of a bulk job (an import,
    the synergy report).

    Such a job keeps hundreds of thousands of rows, records and values alive until it
    ends; the collector, triggered by their allocation, walked them all again and again
    (about an eighth of a 50,000-row import, a quarter of the report). Reference counting
    still frees everything as usual; only reference cycles wait for the collector's next
    pass after the job.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def analyze(connection, tables: Iterable[Table]) -> None:
    """Have PostgreSQL's planner count `tables` again, in the caller's transaction.

    After a bulk load and until autovacuum comes, minutes later, the planner plans for
    nearly empty tables (a join that should read 8 rows read the 100,000 stakeholders).
    Only the tables named: a whole-database ANALYZE reads every table. SQLite keeps no
    statistics here: its queries and indexes are written for none."""
    if connection.dialect.name != "postgresql":
        return
    quote = connection.dialect.identifier_preparer.quote
    names = ", ".join(quote(table.name) for table in tables)
    if names:
        connection.exec_driver_sql(f"ANALYZE {names}")


def vacuum_analyze(engine) -> None:
    """After a load committed outside our bulk writer (the demo's, a restore), on
    PostgreSQL: VACUUM (ANALYZE) the database. The planner counts every table again, and
    the visibility map is written, without which an index-only scan still reads the table
    for each row (a regional lead's newest interactions read 512 table rows for 8): what
    autovacuum would do, minutes later. pg_restore brings back no statistics."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM (ANALYZE)")


class BulkWriter:
    """Buffer rows per table and insert them in chunks, parent tables before children
    (`add`), or write one table's rows as they are built (`stream`).

    Each chunk goes straight to the driver: `executemany` of the INSERT that Core compiles
    (SQLite), or COPY (PostgreSQL). SQLAlchemy's per-row parameter processing would double
    the time of a big demo, so the builder gives values as the driver takes them.
    """

    def __init__(self) -> None:
        self.connection = db.session.connection()
        self.buffers: dict[Table, list[dict]] = {}
        self.counts: Counter[str] = Counter()
        self.order = {table: i for i, table in enumerate(db.metadata.sorted_tables)}
        self.next_ids: dict[Table, int] = {}
        self.statements: dict[Table, tuple[str, Callable]] = {}
        self.sqlite_cache = None
        if self.connection.dialect.name == "sqlite":
            # SQLite's 2 MB page cache thrashes on the indexes of a big demo; 64 MB saves
            # about a third of the insert time. The connection's own size comes back after.
            self.sqlite_cache = self.connection.exec_driver_sql("PRAGMA cache_size").scalar()
            self.connection.exec_driver_sql("PRAGMA cache_size = -65536")

    def new_id(self, table: Table) -> int:
        """Return the next free primary key of `table`."""
        if table not in self.next_ids:
            self.next_ids[table] = (db.session.scalar(select(func.max(table.c.id))) or 0) + 1
        self.next_ids[table] += 1
        return self.next_ids[table] - 1

    def add(self, table: Table, row: dict) -> None:
        """Queue one row; flush every buffer once this one holds a chunk."""
        buffer = self.buffers.setdefault(table, [])
        buffer.append(row)
        self.counts[table.name] += 1
        if len(buffer) >= CHUNK:
            self.flush()

    def stream(self, table: Table, rows: Iterable[dict]) -> None:
        """Insert the rows of one table as they come, after every row queued with `add`
        (parents first), holding none of them: on PostgreSQL in one COPY, the server
        inserting while Python builds the next rows; on SQLite by chunks of CHUNK rows."""
        self.flush()
        rows = iter(rows)
        if self.connection.dialect.name == "postgresql":
            first = next(rows, None)
            if first is None:
                return
            sql, shape = self._statement_for(table, first)
            count = 0
            with self._copy(sql) as copy:
                for row in chain((first,), rows):
                    copy.write_row(shape(row))
                    count += 1
            self.counts[table.name] += count
            return
        while part := list(islice(rows, CHUNK)):
            sql, shape = self._statement_for(table, part[0])
            self.connection.exec_driver_sql(sql, list(map(shape, part)))
            self.counts[table.name] += len(part)

    def flush(self) -> None:
        """Insert every buffered row, parents first so foreign keys hold at each statement."""
        for table in sorted(self.buffers, key=self.order.__getitem__):
            rows = self.buffers[table]
            if not rows:
                continue
            sql, shape = self._statement_for(table, rows[0])
            if self.connection.dialect.name == "postgresql":
                with self._copy(sql) as copy:
                    for values in map(shape, rows):
                        copy.write_row(values)
            else:
                self.connection.exec_driver_sql(sql, list(map(shape, rows)))
            rows.clear()

    @contextmanager
    def _copy(self, sql: str) -> Iterator:
        """Yield PostgreSQL's COPY of `sql`, in the transaction of the rest (a raw COPY is
        no SQLAlchemy statement: `models.base.begin_transaction` opens it if needed)."""
        from psycopg.copy import QueuedLibpqWriter

        driver = self.connection.connection.driver_connection
        begin_transaction(driver)
        self.connection.info[COPYING] = True
        try:
            # The queued writer sends the rows from a thread of its own: Python goes on
            # building (a streamed import: reading) the next rows while the server, slower,
            # takes them in, instead of waiting whenever the socket's buffer is full.
            with (
                driver.cursor() as cursor,
                cursor.copy(sql, writer=QueuedLibpqWriter(cursor)) as copy,
            ):
                yield copy
        finally:
            self.connection.info.pop(COPYING, None)

    def _statement_for(self, table: Table, row: dict) -> tuple[str, Callable]:
        """Return the bulk statement of `table` for rows with the keys of `row` (the first
        row of the table says them for all)."""
        if table not in self.statements:
            self.statements[table] = self._statement(table, list(row))
        return self.statements[table]

    def _statement(self, table: Table, keys: list[str]) -> tuple[str, Callable]:
        """Return the bulk statement for `table` and what turns a row into its values."""
        dialect = self.connection.dialect
        if dialect.name == "postgresql":
            # COPY is PostgreSQL's bulk path: a third faster here than an INSERT per row.
            quote = dialect.identifier_preparer.quote
            return (
                f"COPY {quote(table.name)} ({', '.join(map(quote, keys))}) FROM STDIN",
                itemgetter(*keys),
            )
        compiled = insert(table).compile(dialect=dialect, column_keys=keys)
        return str(compiled), itemgetter(*compiled.positiontup)

    def finish(self) -> None:
        """Flush, then on PostgreSQL move the sequences past the ids assigned here and
        analyze the tables that got at least ANALYZED_FROM rows (fewer leave the table's
        statistics about right, and autovacuum soon counts again)."""
        self.flush()
        if self.sqlite_cache is not None:
            self.connection.exec_driver_sql(f"PRAGMA cache_size = {int(self.sqlite_cache)}")
        if self.connection.dialect.name != "postgresql":
            return
        quote = self.connection.dialect.identifier_preparer.quote
        for table in self.next_ids:
            self.connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{quote(table.name)}', 'id'), "
                f"(SELECT max(id) FROM {quote(table.name)}))"
            )
        loaded = [table for table in self.order if self.counts[table.name] >= ANALYZED_FROM]
        analyze(self.connection, loaded)
