"""Bulk writing of many rows straight to the database driver, in chunks, never committed.

The demo generator uses it, the importer too, and any code that writes tens of thousands
of rows at once. Primary keys are handed out here (`new_id`), after each table's current
maximum, so that child rows can point at their parents without a flush per object; on
PostgreSQL, the tables it filled are analyzed at the end (`analyze`).
"""

import gc
import sqlite3
import sys
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from itertools import chain, islice
from operator import itemgetter

from sqlalchemy import Table, event, func, select
from sqlalchemy.engine import Engine

from models.base import begin_transaction, db

CHUNK = 10_000
SQLITE_ROWS = 1_000  # rows a streamed INSERT takes at most (`_sqlite_stream`)
IN_FLIGHT = 4  # statements built ahead of the inserting thread
# Rows written to a table from which its planner statistics are counted again (PostgreSQL).
ANALYZED_FROM = 1_000
# In a connection's `info` while a stream holds it: a COPY (PostgreSQL), or the thread
# inserting the rows (SQLite).
COPYING = "maillage_copying"
# A bulk statement, and what turns a row into its values (None: the row is its values).
Statement = tuple[str, Callable | None]


@event.listens_for(Engine, "before_cursor_execute")
def _not_while_copying(connection, *_arguments) -> None:
    """Refuse a statement on a connection that a stream holds (a streamed import reads its
    next rows meanwhile): on PostgreSQL the driver would wait for the COPY to end, which
    waits for it; on SQLite it would run beside the inserting thread's statement."""
    if connection.info.get(COPYING):
        raise RuntimeError(
            "A statement on a connection busy with a stream of rows; send it through "
            "another connection (importers.base.lookups_apart)."
        )


# Python's switch interval while SQLite inserts in a thread of its own (`_sqlite_stream`).
SWITCH_INTERVAL = 0.0002

# The process-wide settings that bulk jobs change, how many jobs hold each, and the value
# each had before the first of them: a worker may run several jobs at once, in threads.
_held: Counter[str] = Counter()
_before: dict[str, object] = {}
_holding = threading.Lock()


@contextmanager
def _held_setting(name: str, change: Callable[[], object], restore: Callable) -> Iterator[None]:
    """Hold a process-wide setting for the length of a bulk job: the first job to come
    changes it (`change` returns the value before), the last to leave restores it."""
    with _holding:
        if not _held[name]:
            _before[name] = change()
        _held[name] += 1
    try:
        yield
    finally:
        with _holding:
            _held[name] -= 1
            if not _held[name]:
                restore(_before.pop(name))


def _pause_collector() -> bool:
    was_enabled = gc.isenabled()
    gc.disable()
    return was_enabled


def _resume_collector(was_enabled: bool) -> None:
    if was_enabled:
        gc.enable()


def collector_paused() -> AbstractContextManager[None]:
    """Pause Python's cyclic garbage collector for the length of a bulk job (an import,
    the synergy report).

    Such a job keeps hundreds of thousands of rows, records and values alive until it
    ends; the collector, triggered by their allocation, walked them all again and again
    (about an eighth of a 50,000-row import, a quarter of the report). Reference counting
    still frees everything as usual; only reference cycles wait for the collector's next
    pass after the job.
    """
    return _held_setting("collector", _pause_collector, _resume_collector)


def _switch_often() -> float:
    was = sys.getswitchinterval()
    sys.setswitchinterval(min(was, SWITCH_INTERVAL))
    return was


def threads_switching_often() -> AbstractContextManager[None]:
    """Have Python hand its lock from thread to thread every 0.2 ms, not 5, while SQLite
    inserts a stream's rows in a thread of its own.

    Each time SQLite is done with a statement, that thread waits for Python's lock, which
    the thread building the rows lets go only when the switch interval has passed: up to
    5 ms, twice a statement, while SQLite sat idle. A 50,000-row import took 1.63 s, and
    1.45 s with this (import_bench.py's csv, 2026-12-07)."""
    return _held_setting("switch interval", _switch_often, sys.setswitchinterval)


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
        self.statements: dict[tuple[Table, bool], Statement] = {}
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

    def stream(
        self, table: Table, rows: Iterable, indexing: str = "", columns: Sequence[str] = ()
    ) -> None:
        """Insert the rows of one table as they come, after every row queued with `add`
        (parents first), holding none of them: on PostgreSQL in one COPY, the server
        inserting while Python builds the next rows; on SQLite by statements of many rows,
        each run by a thread of its own while Python builds the next (`_sqlite_stream`).

        A row is a dict of column values; with `columns`, a tuple of these columns' values
        in this order (no dict to build, then to read, per row: a streamed import's hot
        loop).

        `indexing`: on SQLite, the statement filling the search index with the rows whose
        ids lie between its two parameters (`models.search.index_inserted`), run after each
        statement's rows; their ids must follow one another, as `new_id` gives them
        (PostgreSQL's search index is an index of the table)."""
        self.flush()
        rows = iter(rows)
        first = next(rows, None)  # its id may need a query: before a stream begins
        if first is None:
            return
        sql, shape = self._statement_for(table, list(columns or first), bool(columns))
        rows = chain((first,), rows)
        if self.connection.dialect.name == "sqlite":
            identity = None
            if indexing:
                identity = itemgetter(list(columns).index("id") if columns else "id")
            self._sqlite_stream(table, rows, sql, shape, identity, indexing)
            return
        count = 0
        with self._copy(sql) as copy:
            for row in rows if shape is None else map(shape, rows):
                copy.write_row(row)
                count += 1
        self.counts[table.name] += count

    def _sqlite_stream(self, table: Table, rows: Iterator, sql: str, shape: Callable | None,
                       identity: Callable | None, indexing: str) -> None:  # fmt: skip
        """Insert `rows` into `table` by statements of up to SQLITE_ROWS rows, each run by a
        thread while the next rows are built; `identity` gives a row's id, for `indexing`.

        SQLite works in our own process: left in the thread that builds the rows, its
        inserting (the indexes' upkeep) came after all the Python of each chunk, on one
        core. A thread lets go of Python's lock while SQLite works, so the two overlap;
        each time SQLite is done it waits for the lock (`threads_switching_often`), so a
        statement inserts many rows (one per row, the thread did little but wait)."""
        driver = self.connection.connection.driver_connection
        head, _values, group = sql.partition(" VALUES ")
        width = group.count("?")
        per = min(SQLITE_ROWS, driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width)
        self.connection.info[COPYING] = True
        try:
            with (
                threads_switching_often(),
                ThreadPoolExecutor(1, thread_name_prefix="maillage-insert") as inserting,
            ):
                pending: deque = deque()
                while piece := list(islice(rows, per)):
                    values = list(chain.from_iterable(map(shape, piece) if shape else piece))
                    many = f"{head} VALUES {', '.join([group] * len(piece))}"
                    ids = (identity(piece[0]), identity(piece[-1])) if identity else None
                    if len(pending) == IN_FLIGHT:
                        pending.popleft().result()
                    pending.append(inserting.submit(_insert, driver, many, values, indexing, ids))
                    self.counts[table.name] += len(piece)
                for inserted in pending:
                    inserted.result()
        finally:
            self.connection.info.pop(COPYING, None)

    def flush(self) -> None:
        """Insert every buffered row, parents first so foreign keys hold at each statement."""
        for table in sorted(self.buffers, key=self.order.__getitem__):
            rows = self.buffers[table]
            if not rows:
                continue
            sql, shape = self._statement_for(table, list(rows[0]))
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

    def _statement_for(self, table: Table, keys: list[str], tuples: bool = False) -> Statement:
        """Return the bulk statement of `table` for rows of the columns `keys` (the first
        row of the table says them for all), and what turns a row into its values: None
        for `tuples`, rows that are their values already, in the order of `keys`."""
        if (table, tuples) not in self.statements:
            self.statements[table, tuples] = self._statement(table, keys, tuples)
        return self.statements[table, tuples]

    def _statement(self, table: Table, keys: list[str], tuples: bool) -> Statement:
        """Return the bulk statement for `table` and what turns a row into its values."""
        quote = self.connection.dialect.identifier_preparer.quote
        listed = ", ".join(map(quote, keys))
        if self.connection.dialect.name == "postgresql":
            # COPY is PostgreSQL's bulk path: a third faster here than an INSERT per row.
            sql = f"COPY {quote(table.name)} ({listed}) FROM STDIN"
        else:
            marks = ", ".join("?" * len(keys))
            sql = f"INSERT INTO {quote(table.name)} ({listed}) VALUES ({marks})"
        return sql, None if tuples else itemgetter(*keys)

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


def _insert(driver, sql: str, values: list, indexing: str, ids: tuple | None) -> None:
    """Insert rows on SQLite, then index them (the inserting thread)."""
    driver.execute(sql, values)
    if indexing:
        driver.execute(indexing, ids)
