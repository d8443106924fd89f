"""What the importers of every kind share: rows, row errors, bulk look-ups, writes."""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Select,
    Table,
    bindparam,
    func,
    select,
    update,
)

from models.base import among, db, utcnow, value_type
from models.bulk import BulkWriter
from models.operations.common import plain

LOOKUP_CHUNK = 2000  # values per IN (...): well under every driver's parameter limit
ARRAY_CHUNK = 10_000  # values per array parameter (PostgreSQL) or JSON array (SQLite)
# The connection of the look-ups while the import's own is copying rows in (`lookups_apart`).
_LOOKUPS: ContextVar = ContextVar("import_lookups", default=None)


@dataclass
class RowError:
    """Why one row was rejected: its number in the sheet, the column, the value, the message."""

    row: int
    column: str
    value: Any
    message: str

    def as_dict(self) -> dict[str, Any]:
        """Return the error as JSON can hold it."""
        value = self.value.isoformat() if isinstance(self.value, date) else self.value
        return {"row": self.row, "column": self.column, "value": value, "message": self.message}


@dataclass(slots=True)
class Record:
    """One data row on its way in: its cells, typed values, the record it matches."""

    number: int
    cells: list
    raw: dict[str, Any]
    data: dict[str, Any] = field(default_factory=dict)
    existing: dict[str, Any] | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    outcome: str = ""

    @property
    def target_id(self) -> int | None:
        """Return the id of the matched record (None for a new one)."""
        return self.existing["id"] if self.existing else None


def chunks(values: Iterable, size: int = LOOKUP_CHUNK) -> Iterator[list]:
    """Yield `values` as lists of at most `size`."""
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


@contextmanager
def lookups_apart() -> Iterator[None]:
    """Send the bulk look-ups (`fetch_in`) through a connection of their own while this
    block runs: a streamed import's COPY holds its own connection whole (PostgreSQL). That
    connection sees what is committed, the import's rows being written not among them."""
    with db.engine.connect() as connection:
        token = _LOOKUPS.set(connection)
        try:
            yield
        finally:
            _LOOKUPS.reset(token)


def fetch_in(statement: Select, column, values: Iterable) -> list:
    """Run `statement` for every chunk of `values`; return all rows.

    A chunk is one parameter: an array on PostgreSQL (`models.base.among`), a JSON array
    on SQLite (`column IN (SELECT value FROM json_each(:values))`). An IN list of 2,000
    placeholders cost more to render, adapt and parse than the look-up itself
    (PostgreSQL, 50,000 name keys: 0.23 → 0.07 s). Other values (dates on SQLite, or of a
    type unknown: the result of an SQL function) go in IN lists."""
    rows = []
    connection = _LOOKUPS.get() or db.session.connection()
    kind = value_type(column)
    if kind is not None and connection.dialect.name == "postgresql":
        for part in chunks(set(values), ARRAY_CHUNK):
            rows.extend(connection.execute(statement.where(among(column, part))).mappings())
    elif kind is not None and kind.python_type in (str, int):  # what JSON holds as is
        listed = func.json_each(bindparam("fetch_in_values", type_=JSON)).table_valued("value")
        statement = statement.where(column.in_(select(listed.c.value)))
        for part in chunks(set(values), ARRAY_CHUNK):
            rows.extend(connection.execute(statement, {"fetch_in_values": part}).mappings())
    else:
        for part in chunks(set(values)):
            rows.extend(connection.execute(statement.where(column.in_(part))).mappings())
    return [dict(row) for row in rows]


def driver_converters(table: Table):
    """Return {column: converter} turning dates into what the raw driver takes."""
    dialect = db.session.connection().dialect
    converters = {}
    for column in table.columns:
        if isinstance(column.type, Date | DateTime):
            processor = column.type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                converters[column.name] = processor
    return converters


def driver_now(table: Table) -> Any:
    """Return the current time as the raw driver takes it for `table`'s `created_at`."""
    convert = driver_converters(table).get("created_at")
    now = utcnow()
    return convert(now) if convert else now


def insert_rows(
    writer: BulkWriter,
    table: Table,
    rows: Iterable,
    indexing: str = "",
    columns: Sequence[str] = (),
) -> None:
    """Insert `rows` into `table` through `writer` as they come (a generator is written
    while it builds the next rows): dicts, their dates converted for the driver, or with
    `columns` tuples of these columns' values as the driver takes them (`driver_now`);
    `indexing`: see `BulkWriter.stream`."""
    converters = [] if columns else list(driver_converters(table).items())
    rows = _converted(rows, converters) if converters else rows
    writer.stream(table, rows, indexing, columns)


def _converted(rows: Iterable[dict], converters: list) -> Iterator[dict]:
    for row in rows:
        for name, convert in converters:
            value = row.get(name)
            if value is not None and value.__class__ is not str:
                row[name] = convert(value)
        yield row


def update_rows(table: Table, actor_id: int | None, rows: list[tuple[int, dict]]) -> None:
    """Update many rows of `table` (id, changed values) in a few executemany statements.

    Rows are grouped by the set of columns they change; each record's version moves on.
    """
    groups: dict[tuple[str, ...], list[dict]] = {}
    for record_id, values in rows:
        keys = tuple(sorted(values))
        groups.setdefault(keys, []).append({"_id": record_id, **{f"_{k}": values[k] for k in keys}})
    now = utcnow()
    for keys, params in groups.items():
        values = {k: bindparam(f"_{k}") for k in keys}
        if "version" in table.c:
            values.update(version=table.c.version + 1, updated_at=now, updated_by_id=actor_id)
        statement = update(table).where(table.c.id == bindparam("_id")).values(**values)
        for part in chunks(params):
            db.session.execute(statement, part)


def jsonable(values: dict[str, Any]) -> dict[str, Any]:
    """Return `values` with dates as ISO text (for the batch's undo record)."""
    return {k: plain(v) for k, v in values.items()}
