"""Figures that cost a lot to count, remembered by each process until the data changes.

Every write to the database is audited (`models.audit.record`), so the latest audit event
tells whether anything changed since a value was counted: a value is remembered with that
event (of all events, or of the entity types it depends on) and with the day, and counted
again as soon as either moves. The event is known by its id *and* its time: `maillage
restore` brings back older ids, which new events then take again, but never at the same
instant, so a value counted before a restore is never served after it, by any worker. So
that data written without an audit event (the `maillage demo` loader) shows within
minutes too, nothing is kept longer than `MAX_AGE_SECONDS`.

On PostgreSQL an event's id is drawn when it is written, not when its transaction commits:
another process's change may commit an older id after a newer one was seen, and the
latest event would not move. So the transactions writing when the latest event was read
(each holds a lock on its own transaction id: `pg_locks`, read in the same statement,
after its snapshot) are remembered with the value, which is counted again once any of
them has ended: one more query, only while some were writing. (The snapshot's own list
of running transactions would cost nothing, but leaves out those that started writing
after the last commit: the first writer of a quiet moment.) The gap
left is the microseconds in which a transaction's first write has drawn its id but does
not hold a transaction id yet. On SQLite one transaction writes at a time: ids come in
the order of the commits.

Each gunicorn worker keeps its own memory, at most `MAX_ENTRIES` values (the least
recently used go first: every unique search adds one); only plain values go in it (no ORM
objects, which belong to one session). A value of hundreds of kilobytes (a laid-out
network map) is remembered `big`: in a separate memory of `MAX_BIG_ENTRIES`, so that many
filters tried in turn cannot fill a worker's memory with them.
"""

import functools
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, NamedTuple

from cachetools import LRUCache
from sqlalchemy import event, func, literal_column, select, text
from sqlalchemy.orm import Session

from models import clock
from models.audit import AuditEvent
from models.base import db

MAX_AGE_SECONDS = 300
MAX_ENTRIES = 2048  # a few kilobytes each at most: a worker's memory stays bounded
MAX_BIG_ENTRIES = 16  # a few hundred kilobytes each at most
LAST_CHANGE = "maillage.last_change"

_memory: LRUCache = LRUCache(maxsize=MAX_ENTRIES)
_big_memory: LRUCache = LRUCache(maxsize=MAX_BIG_ENTRIES)
_lock = threading.Lock()  # an LRU reorders itself on every read: reads are guarded too


class Change(NamedTuple):
    """The latest audit event: its id and its time (id 0: none yet)."""

    id: int
    at: datetime | None


class _Latest(NamedTuple):
    """The latest event of all and of each entity type read (absent: none yet), and the
    transactions writing then (PostgreSQL's transaction ids; none on SQLite)."""

    types: frozenset[str]
    overall: Change
    of_type: dict[str, Change]
    writing: frozenset[str]


_asked_types: set[str] = set()  # every entity type this process was asked about


def last_change(entity_types: Iterable[str] | None = None) -> Change:
    """Return the latest audit event (of `entity_types`, when given)."""
    wanted = frozenset(entity_types or ())
    latest = _latest_events(wanted)
    if entity_types is None:
        return latest.overall
    return max((latest.of_type[t] for t in wanted if t in latest.of_type), default=Change(0, None))


def _latest_events(wanted: frozenset[str]) -> _Latest:
    """Return the latest events, read once per transaction in one statement for the latest
    event of all and of every entity type this process was asked about so far: a page asks
    for several remembered figures, and on PostgreSQL each statement is a round trip."""
    latest = db.session.info.get(LAST_CHANGE)
    if latest is None or not wanted <= latest.types:
        with _lock:
            _asked_types.update(wanted)
            types = frozenset(_asked_types)
        postgresql = db.session.get_bind().dialect.name == "postgresql"
        rows = db.session.execute(_latest(types, postgresql)).all()
        of_type: dict[str, Change] = {}
        for entity_type, event_id, at, *_writing in rows:
            kept = of_type.get(entity_type, Change(0, None))
            of_type[entity_type] = max(kept, Change(event_id, at))
        overall = max(of_type.values(), default=Change(0, None))
        # No event at all: nothing committed can hide a later commit.
        writing = frozenset(rows[0][3]) if postgresql and rows else frozenset()
        latest = db.session.info[LAST_CHANGE] = _Latest(types, overall, of_type, writing)
    return latest


def _ended(writing: frozenset[str]) -> bool:
    """Return whether any of the transactions `writing` has ended (asked once per
    transaction)."""
    if not writing:
        return False
    asked = db.session.info.setdefault(ENDED_ASKED, {})
    if writing not in asked:
        asked[writing] = db.session.scalar(ENDED, {"writing": sorted(writing)})
    return asked[writing]


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget_last_change(session, *_args) -> None:
    """A flush may add audit events; after a transaction, others may have."""
    session.info.pop(LAST_CHANGE, None)
    session.info.pop(ENDED_ASKED, None)
    session.info.pop(REMEMBERED_HERE, None)


# The transaction ids locked now by their transactions, and whether any of `writing` is
# let go since. Those of other databases on the server are in too, and only cost a count
# again when they end: leaving them out (through pg_stat_activity) took 1.3 ms of the
# server's time on every page, against 0.1 ms.
LOCKED = (
    "SELECT CAST(transactionid AS text) FROM pg_locks WHERE locktype = 'transactionid' "
    "AND mode = 'ExclusiveLock' AND granted"
)
WRITING = literal_column(f"ARRAY({LOCKED})")
ENDED = text(
    f"SELECT EXISTS (SELECT 1 FROM unnest(CAST(:writing AS text[])) AS x WHERE x NOT IN ({LOCKED}))"
)
ENDED_ASKED = "maillage.writers_ended"
REMEMBERED_HERE = "maillage.remembered"  # the values already given in this transaction
MAX_HERE = 32  # of them: a page asks for a few, many times


@functools.cache
def _latest(entity_types: frozenset[str], postgresql: bool):
    """Return the statement of `last_change`: the latest event, and the latest of each
    type, each a single step down an index (the primary key, or (entity_type, id)); on
    PostgreSQL, with the transactions writing (the same array on every row)."""
    newest = [select(func.max(AuditEvent.id)).scalar_subquery()]
    for name in sorted(entity_types):
        newest.append(
            select(func.max(AuditEvent.id)).where(AuditEvent.entity_type == name).scalar_subquery()
        )
    columns = [AuditEvent.entity_type, AuditEvent.id, AuditEvent.at]
    return select(*columns, *([WRITING] if postgresql else [])).where(AuditEvent.id.in_(newest))


def remembered(
    name: str,
    key: Any,
    compute: Callable[[], Any],
    depends_on: Iterable[str] | None = None,
    big: bool = False,
) -> Any:
    """Return `compute()`, counted again only when the data it `depends_on` (audited entity
    types; None: any) changed, the day changed, or it is older than MAX_AGE_SECONDS. A `big`
    value goes in the small memory of MAX_BIG_ENTRIES."""
    slot = (str(db.engine.url), name, key)
    # A small value asked again by the same page (an MRC's region, per MRC) is not looked
    # up again; a big one is not kept beside its memory of few entries.
    if big:
        this_transaction = {}
    elif (this_transaction := db.session.info.get(REMEMBERED_HERE)) is None:
        this_transaction = db.session.info[REMEMBERED_HERE] = LRUCache(MAX_HERE)
    unflushed = db.session.new or db.session.dirty or db.session.deleted
    if slot in this_transaction and not unflushed:
        return this_transaction[slot]
    version = (last_change(depends_on), clock.today())
    writing = _latest_events(frozenset()).writing  # read with it, in the same statement
    memory = _big_memory if big else _memory
    now = time.monotonic()
    with _lock:
        kept = memory.get(slot)
    if (
        kept is not None
        and kept[0] == version
        and now - kept[1] < MAX_AGE_SECONDS
        and not _ended(kept[3])
    ):
        this_transaction[slot] = kept[2]
        return kept[2]
    value = compute()
    with _lock:
        memory[slot] = (version, now, value, writing)
    this_transaction[slot] = value
    return value


def forget_everything() -> None:
    """Drop every remembered value (the tests start each case from nothing)."""
    with _lock:
        _memory.clear()
        _big_memory.clear()
