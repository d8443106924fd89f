"""Accent- and case-insensitive search of stakeholders: the one place that decides a match.

Each stakeholder keeps `search_text`: its name, locality, email and tags, folded
(`Montréal` → `montreal`). Every word typed must appear in it, in any order. The column
is indexed for substring search by each database's own means: PostgreSQL's pg_trgm (a GIN
index that maintains itself, migration 0003) and SQLite's FTS5 with the trigram tokenizer
(table `stakeholder_fts`, rowid = stakeholder id, migration 0004). Words shorter than three
letters, which trigrams cannot index, fall back to a plain scan.

On SQLite this module writes the FTS5 table, in bulk, because a trigger per row made a
50,000-row import eight seconds slower (only deletions go through a trigger):
- ORM writes: `search_text` is refreshed before each flush and indexed after it;
- bulk writers either give `search_text` on insert and call `index_new_stakeholders`
  with the rows, or leave it NULL and call `index_pending_stakeholders` once at the end.
"""

from collections.abc import Iterable

from sqlalchemy import and_, event, inspect, literal_column, select, text, update
from sqlalchemy.orm import Session

from models.base import db
from models.cache import remembered
from models.normalize import fold
from models.stakeholder import Stakeholder, StakeholderTag


def is_search_index(name: str | None) -> bool:
    """Return whether a database object is one of the search index's (made by migrations
    0003 and 0004, unknown to the models), so that schema comparisons leave it alone."""
    return bool(name) and (
        name.startswith("stakeholder_fts") or name == "ix_stakeholder_search_trgm"
    )


def search_text(name, locality, email, tags=()) -> str:
    """Return the folded text a stakeholder is found by."""
    return fold(" ".join([name or "", locality or "", email or "", *tags]))


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def stakeholder_search(q: str | None):
    """Return the SQL condition on Stakeholder matching every word of `q` (None if empty)."""
    words = fold(q).split()
    if not words:
        return None
    sqlite = db.engine.dialect.name == "sqlite"
    conditions = []
    for word in words:
        if sqlite and len(word) >= 3:
            conditions.append(Stakeholder.id.in_(_fts_matches(word)))
        else:
            conditions.append(Stakeholder.search_text.like(f"%{_escape_like(word)}%", escape="\\"))
    return and_(*conditions)


def _fts_matches(word: str):
    """Return the select of the ids whose indexed text holds `word` (SQLite's FTS5)."""
    phrase = '"' + word.replace('"', '""') + '"'
    return (
        select(literal_column("rowid"))
        .select_from(text("stakeholder_fts"))
        .where(text("stakeholder_fts MATCH :phrase").bindparams(phrase=phrase))
    )


# A search word found in at most this many stakeholders is best looked up by id. SQLite,
# without statistics, rather walks the list's name index until a page of matches turns
# up: quick for a common word, but the whole index for a rare one (10-17 ms on 100,000
# stakeholders, against under 1 ms by id; the two cost the same at a few hundred matches).
FEW_MATCHES = 500


def is_rare_search(q: str | None) -> bool:
    """On SQLite, return whether a word of `q` is found in at most FEW_MATCHES stakeholders
    (each word's count, up to that, is remembered until the stakeholders change)."""
    if db.engine.dialect.name != "sqlite":
        return False
    for word in sorted({w for w in fold(q).split() if len(w) >= 3}):
        count = _counter(word)
        found = remembered("search-matches", word, count, ("stakeholder", "import_batch"))
        if found <= FEW_MATCHES:
            return True
    return False


def _counter(word: str):
    """Return what counts the stakeholders holding `word`, up to FEW_MATCHES + 1."""
    return lambda: len(db.session.scalars(_fts_matches(word).limit(FEW_MATCHES + 1)).all())


def index_pending_stakeholders() -> int:
    """Fill `search_text` where a bulk write left it NULL; return how many were filled."""
    pending = db.session.execute(
        select(Stakeholder.id, Stakeholder.name, Stakeholder.locality, Stakeholder.email).where(
            Stakeholder.search_text.is_(None)
        )
    ).all()
    if not pending:
        return 0
    tags: dict[int, list[str]] = {}
    for stakeholder_id, tag in db.session.execute(
        select(StakeholderTag.stakeholder_id, StakeholderTag.name).where(
            StakeholderTag.stakeholder_id.in_(
                select(Stakeholder.id).where(Stakeholder.search_text.is_(None))
            )
        )
    ):
        tags.setdefault(stakeholder_id, []).append(tag)
    rows = [
        {"key": sid, "text": search_text(name, locality, email, tags.get(sid, ()))}
        for sid, name, locality, email in pending
    ]
    statement = (
        update(Stakeholder.__table__)
        .where(Stakeholder.__table__.c.id == db.bindparam("key"))
        .values(search_text=db.bindparam("text"))
    )
    db.session.connection().execute(statement, rows)
    write_search_index([(row["key"], row["text"]) for row in rows], fresh=False)
    return len(rows)


def index_new_stakeholders(entries: Iterable[tuple[int, str]]) -> None:
    """Index stakeholders just inserted with their `search_text`: (id, search_text) pairs."""
    write_search_index(entries, fresh=True)


def write_search_index(entries: Iterable[tuple[int, str]], fresh: bool, session=None) -> None:
    """Write (id, search_text) pairs to SQLite's FTS5 table, replacing older entries unless
    the stakeholders are `fresh` (just inserted). PostgreSQL's index needs nothing."""
    connection = (session or db.session).connection()
    entries = list(entries)
    if connection.dialect.name != "sqlite" or not entries:
        return
    if not fresh:
        connection.exec_driver_sql(
            "DELETE FROM stakeholder_fts WHERE rowid = ?", [(key,) for key, _text in entries]
        )
    connection.exec_driver_sql(
        "INSERT INTO stakeholder_fts(rowid, search_text) VALUES (?, ?)",
        [(key, value) for key, value in entries if value is not None],
    )


@event.listens_for(Session, "before_flush")
def _refresh_search_text(session, _context, _instances) -> None:
    """Recompute `search_text` of the stakeholders this flush creates or changes."""
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Stakeholder):
            fresh = search_text(obj.name, obj.locality, obj.email, obj.tag_names)
            if obj.search_text != fresh:
                obj.search_text = fresh


@event.listens_for(Session, "after_flush")
def _index_flushed(session, _context) -> None:
    """Index the stakeholders whose `search_text` this flush wrote."""
    entries = [
        (obj.id, obj.search_text)
        for obj in (*session.new, *session.dirty)
        if isinstance(obj, Stakeholder) and inspect(obj).attrs.search_text.history.has_changes()
    ]
    if entries:
        write_search_index(entries, fresh=False, session=session)


def matches(model, q: str | None):
    """Return the SQL condition on `model` matching every word of `q` (None if empty)."""
    if model is Stakeholder:
        return stakeholder_search(q)
    words = (q or "").lower().split()
    if not words:
        return None
    columns = {
        "contact": ("first_name", "last_name", "email"),
        "interaction": ("summary",),
        "audit_event": ("entity_type", "action"),
        "user": ("name", "email"),
    }[model.__tablename__]
    from sqlalchemy import or_

    return and_(*(or_(*(getattr(model, c).ilike(f"%{w}%") for c in columns)) for w in words))
