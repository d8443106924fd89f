"""Figures that cost a lot to count, remembered by each process until the data changes.

Every write to the database is audited (`models.audit.record`), so the latest audit event
tells whether anything changed since a value was counted: a value is remembered with that
event (of all events, or of the entity types it depends on) and with the day, and counted
again as soon as either moves. The event is known by its id *and* its time: `maillage
restore` brings back older ids, which new events then take again, but never at the same
instant, so a value counted before a restore is never served after it, by any worker. So
that data written without an audit event (the `maillage demo` loader) shows within
minutes too, nothing is kept longer than `MAX_AGE_SECONDS`.

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
from datetime import date, datetime
from typing import Any, NamedTuple

from cachetools import LRUCache
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

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
    """The latest event of all and of each entity type read (absent: none yet)."""

    types: frozenset[str]
    overall: Change
    of_type: dict[str, Change]


_asked_types: set[str] = set()  # every entity type this process was asked about


def last_change(entity_types: Iterable[str] | None = None) -> Change:
    """Return the latest audit event (of `entity_types`, when given).

    Read once per transaction, in one statement for the latest event of all and of every
    entity type this process was asked about so far: a page asks for several remembered
    figures, and on PostgreSQL each statement is a round trip to the server."""
    wanted = frozenset(entity_types or ())
    latest = db.session.info.get(LAST_CHANGE)
    if latest is None or not wanted <= latest.types:
        with _lock:
            _asked_types.update(wanted)
            types = frozenset(_asked_types)
        rows = db.session.execute(_latest(types)).all()
        of_type: dict[str, Change] = {}
        for entity_type, event_id, at in rows:
            of_type[entity_type] = max(
                of_type.get(entity_type, Change(0, None)), Change(event_id, at)
            )
        overall = max(of_type.values(), default=Change(0, None))
        latest = db.session.info[LAST_CHANGE] = _Latest(types, overall, of_type)
    if entity_types is None:
        return latest.overall
    return max((latest.of_type[t] for t in wanted if t in latest.of_type), default=Change(0, None))


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget_last_change(session, *_args) -> None:
    """A flush may add audit events; after a transaction, others may have."""
    session.info.pop(LAST_CHANGE, None)


@functools.cache
def _latest(entity_types: frozenset[str]):
    """Return the statement of `last_change`: the latest event, and the latest of each
    type, each a single step down an index (the primary key, or (entity_type, id))."""
    newest = [select(func.max(AuditEvent.id)).scalar_subquery()]
    for name in sorted(entity_types):
        newest.append(
            select(func.max(AuditEvent.id)).where(AuditEvent.entity_type == name).scalar_subquery()
        )
    return select(AuditEvent.entity_type, AuditEvent.id, AuditEvent.at).where(
        AuditEvent.id.in_(newest)
    )


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
    version = (last_change(depends_on), date.today())
    slot = (str(db.engine.url), name, key)
    memory = _big_memory if big else _memory
    now = time.monotonic()
    with _lock:
        kept = memory.get(slot)
    if kept is not None and kept[0] == version and now - kept[1] < MAX_AGE_SECONDS:
        return kept[2]
    value = compute()
    with _lock:
        memory[slot] = (version, now, value)
    return value


def forget_everything() -> None:
    """Drop every remembered value (the tests start each case from nothing)."""
    with _lock:
        _memory.clear()
        _big_memory.clear()
