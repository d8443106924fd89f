"""Accent- and case-insensitive search of stakeholders: the one place that decides a match.

Each stakeholder keeps `search_text`: its name, locality, email and tags, folded
(`Montréal` → `montreal`). Every word typed must appear in it, in any order. The column
is indexed for substring search by each database's own means, created by migration 0003:
SQLite's FTS5 with the trigram tokenizer (table `stakeholder_fts`, kept in step by
triggers), PostgreSQL's pg_trgm (a GIN index). Words shorter than three letters, which
trigrams cannot index, fall back to a plain scan.

ORM writes refresh `search_text` before each flush; bulk writers leave it NULL and call
`index_pending_stakeholders` once at the end.
"""

from sqlalchemy import and_, event, literal_column, select, text, update
from sqlalchemy.orm import Session

from models.base import db
from models.normalize import fold
from models.stakeholder import Stakeholder, StakeholderTag


def is_search_index(name: str | None) -> bool:
    """Return whether a database object is one of the search index's (made by migration
    0003, unknown to the models), so that schema comparisons leave it alone."""
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
            phrase = '"' + word.replace('"', '""') + '"'
            matches = (
                select(literal_column("rowid"))
                .select_from(text("stakeholder_fts"))
                .where(text("stakeholder_fts MATCH :phrase").bindparams(phrase=phrase))
            )
            conditions.append(Stakeholder.id.in_(matches))
        else:
            conditions.append(Stakeholder.search_text.like(f"%{_escape_like(word)}%", escape="\\"))
    return and_(*conditions)


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
    return len(rows)


@event.listens_for(Session, "before_flush")
def _refresh_search_text(session, _context, _instances) -> None:
    """Recompute `search_text` of the stakeholders this flush creates or changes."""
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Stakeholder):
            fresh = search_text(obj.name, obj.locality, obj.email, obj.tag_names)
            if obj.search_text != fresh:
                obj.search_text = fresh
