"""The declarative base, the Flask-SQLAlchemy handle and shared column helpers."""

import re
import sqlite3
from datetime import UTC, datetime

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import (
    ARRAY,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    any_,
    bindparam,
    event,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.sql.expression import Grouping, UnaryExpression
from sqlalchemy.sql.operators import custom_op
from sqlalchemy.types import NullType

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every model, with constraint names that migrations can rely on."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


def utcnow() -> datetime:
    """Return the current UTC time as a naive datetime (what both databases store)."""
    return datetime.now(UTC).replace(tzinfo=None)


def among(column, values):
    """Return the condition that `column` is one of `values` (ids read by an earlier
    query): on PostgreSQL one array parameter (`column = ANY(…)`), not one parameter per
    value, which the driver adapts and the server parses and plans one by one (200 ids:
    0.7–0.8 ms a statement against 0.2); on SQLite an IN list."""
    values = list(values)
    if db.engine.dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(value_type(column))))
    return column.in_(values)


def not_leading(expression):
    """Return `expression` written `+(…)`, which SQLite's planner never serves from an
    index: the condition it takes part in is then checked on the rows another index gives
    (in the list's order), not used to find them. PostgreSQL reads it as the expression."""
    return UnaryExpression(Grouping(expression), operator=custom_op("+"), type_=expression.type)


def value_type(column):
    """Return the type of `column`'s values: a column declared by its foreign key alone
    (a link table's) has the type of the column it points at; None when unknown (the
    result of an SQL function such as `lower`)."""
    if not isinstance(column.type, NullType):
        return column.type
    keys = getattr(column, "foreign_keys", ())
    return next(iter(keys)).column.type if keys else None


def search_pending_index(table: str) -> Index:
    """Return the partial index of the records whose search text a bulk write left NULL
    (models/search fills them); it holds nothing the rest of the time."""
    pending = text("search_text IS NULL")
    return Index(f"ix_{table}_search_pending", "id", sqlite_where=pending, postgresql_where=pending)


class Tracked:
    """Who created and last changed a record, when, and its version for optimistic locking.

    The version column makes SQLAlchemy refuse an UPDATE whose row changed since it was
    read, so two people saving the same record never silently overwrite each other.
    """

    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    @declared_attr
    def created_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    @declared_attr
    def updated_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.version}


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Turn on WAL, foreign keys and a busy timeout on every SQLite connection."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


# PostgreSQL: a transaction begins at the first statement that needs one, not at the first
# read. The driver runs in autocommit mode (`engine_options`), so a page that only reads
# sends its SELECTs alone: no BEGIN before them and no ROLLBACK after, two round trips of
# the five or six a list page makes. Reads see what they saw before: under PostgreSQL's
# READ COMMITTED, each statement of a transaction takes its own snapshot anyway. Any other
# statement (a write, a savepoint, DDL, a lock) and a read through a server-side cursor
# begin the transaction first, which COMMIT or ROLLBACK then end as before (psycopg's
# commit and rollback follow the server's transaction state). A connection asked for
# AUTOCOMMIT explicitly (VACUUM) or for another isolation level (the backup's snapshot)
# is left as asked.
# Most of the gain is not the two round trips: psycopg prepares a statement run five
# times on a connection, and forgot them all at each ROLLBACK, that is after every page.
# Kept, they spare the server parsing and, once PostgreSQL judges its generic plan good
# enough, planning (a stakeholder's page 21.7 -> 17.1 ms in the process). A generic plan
# knows no parameter: where the value decides the plan (the type-ahead's name prefix),
# the value is written into the statement (`app.lists.starts_with`).
_PLAIN_READ = re.compile(r"\s*SELECT\b(?!.*\bFOR\s+(UPDATE|SHARE|NO\s+KEY|KEY)\b)", re.I | re.S)
BEGIN_AT_FIRST_WRITE = "maillage_begin_at_first_write"  # the engine's mark


def engine_options(url: str, options: dict) -> dict:
    """Return the engine `options` for the database at `url`: on PostgreSQL, the driver's
    autocommit mode, whose transactions begin at the first statement that needs one (only
    on an engine so marked: one made to run DROP DATABASE in autocommit is left alone)."""
    if url.startswith("postgresql"):
        marked = {**options.get("execution_options", {}), BEGIN_AT_FIRST_WRITE: True}
        return {"isolation_level": "AUTOCOMMIT", **options, "execution_options": marked}
    return options


def begin_transaction(driver_connection) -> None:
    """Open a transaction on the driver connection unless one is open: on PostgreSQL in
    autocommit mode, what a raw COPY calls first (it is no SQLAlchemy statement); on
    SQLite, what must come before a savepoint, which would otherwise be the transaction
    itself, committed when released. Out of autocommit mode psycopg opens its transactions
    itself, and sqlite3 at the first write.

    On SQLite the transaction takes the writer lock at once (IMMEDIATE), waiting its turn:
    begun only for reading, a read in it (the next free id) would pin a snapshot, and the
    first write would fail, not wait, had another connection written since."""
    if isinstance(driver_connection, sqlite3.Connection):
        if not driver_connection.in_transaction:
            driver_connection.execute("BEGIN IMMEDIATE")
        return
    from psycopg.pq import TransactionStatus

    idle = driver_connection.pgconn.transaction_status == TransactionStatus.IDLE
    if driver_connection.autocommit and idle:
        driver_connection.execute("BEGIN")


def has_written_nothing(connection) -> bool:
    """Whether `connection` (SQLAlchemy's) is in no transaction: since a transaction begins
    at the first write (PostgreSQL: `_begin_when_needed`; SQLite: the driver), whether
    nothing was written since the last commit, so that another connection sees what this
    one would."""
    driver = connection.connection.driver_connection
    if isinstance(driver, sqlite3.Connection):
        return not driver.in_transaction
    from psycopg.pq import TransactionStatus

    return driver.autocommit and driver.pgconn.transaction_status == TransactionStatus.IDLE


@event.listens_for(Engine, "before_cursor_execute")
def _begin_when_needed(connection, cursor, statement, _parameters, _context, _many) -> None:
    options = connection.get_execution_options()
    if not options.get(BEGIN_AT_FIRST_WRITE) or options.get("isolation_level"):
        return  # not the app's PostgreSQL engine, or a connection asked for its own level
    from psycopg import ServerCursor

    if _PLAIN_READ.match(statement) and not isinstance(cursor, ServerCursor):
        return
    begin_transaction(cursor.connection)
