"""The search indexes: which records match a search, and how bulk writers keep them right."""

from collections.abc import Iterable

from sqlalchemy import (
    and_,
    column,
    exists,
    literal,
    literal_column,
    select,
    table,
    text,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from models.audit import AuditEvent
from models.base import db, not_leading
from models.cache import remembered
from models.contact import Contact
from models.interaction import Interaction
from models.normalize import fold, person_key
from models.search.texts import read_texts
from models.stakeholder import Stakeholder
from models.user import User

# Each searchable model, in the order its pending texts are filled (a contact's text holds
# its stakeholder's name), with its SQLite FTS5 table and its PostgreSQL trigram index.
SEARCHABLE = {
    Stakeholder: ("stakeholder_fts", "ix_stakeholder_search_trgm"),
    Contact: ("contact_fts", "ix_contact_search_trgm"),
    Interaction: ("interaction_fts", "ix_interaction_search_trgm"),
    AuditEvent: ("audit_event_fts", "ix_audit_event_search_trgm"),
}
CHUNK = 1000  # records whose text is read and written per statement


# PostgreSQL's covering index of the stakeholders found by a search or a type-ahead, in
# name order with their search text and the columns the list shows (migration 0017): the
# names are checked in the index, never in the wide table's rows.
OFFERED_INDEX = "ix_stakeholder_offered"


# The models' index of the name order, which PostgreSQL does without: the offered index
# begins with the same columns and answers the same queries (migration 0018).
REPLACED_ON_POSTGRESQL = "ix_stakeholder_archived_name"


def left_out_of_schema_comparison(name: str | None, reflected: bool, dialect: str) -> bool:
    """Return whether a schema comparison (autogenerate, the test of the migrated schema)
    leaves a database object alone: the search indexes, which the models do not know, and
    on PostgreSQL the index the offered index replaces."""
    if dialect == "postgresql" and name == REPLACED_ON_POSTGRESQL:
        return True
    return reflected and is_search_index(name)


def is_search_index(name: str | None) -> bool:
    """Return whether a database object is one of the search indexes' (made by migrations
    0003, 0004, 0011 and 0017, unknown to the models), so that schema comparisons leave it
    alone."""
    return bool(name) and (
        name == OFFERED_INDEX
        or any(name.startswith(fts) or name == trgm for fts, trgm in SEARCHABLE.values())
    )


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matches(model, q: str | None, each_row: bool = False, walked: bool = False):
    """Return the SQL condition that every folded word of `q` is in the search text of a
    `model` record (Stakeholder, Contact, Interaction, AuditEvent, User); None if none.

    `walked`: the list is read in the order of an index (a contact list's names). On
    SQLite a word found in more than FEW_MATCHES records (`is_rare_search`) is then
    checked row by row along that order (its matches listed once), not used to look each
    match up by id and sort them all: « marie » in 150,000 contacts, 18 ms of lookups
    and sorting against 3 ms of walking; a rare word is still looked up (a walk would
    read every name to find none).

    `each_row`: the query's other conditions leave few rows to test (a type-ahead's names
    starting with what was typed): on SQLite each of them is looked up in the index (an
    `EXISTS`) instead of the index's matches being listed first, thousands for a common
    word (names starting with "cen": 0.8 ms against 3.4). Not for a walk of the whole
    list in name order, where each row's look-up costs far more (549 ms). On PostgreSQL the
    pattern is then written into the statement: planned for a pattern it does not know
    (a prepared statement's generic plan), PostgreSQL read the 7,000 names starting with
    « cen » through two indexes to keep 10 (8 ms, against 0.05 with the pattern known)."""
    if model not in SEARCHABLE and model is not User:
        raise ValueError(f"{model.__name__} has no search text")
    words = fold(q).split()
    if not words:
        return None
    if model is User:
        return _user_matches(words)
    sqlite = db.engine.dialect.name == "sqlite"
    # Trigrams index the words of three letters and more, all looked up at once (FTS5
    # intersects their matches: « marie tremblay » is a few contacts, not all the Maries).
    indexed = _trigram_words(words) if sqlite else []
    conditions = []
    if indexed and each_row:
        conditions.append(_fts_has(model, indexed))
    elif indexed and walked and not is_rare_search(q, model):
        conditions.append(not_leading(model.id).in_(_fts_matches(model, indexed)))
    elif indexed:
        conditions.append(model.id.in_(_fts_matches(model, indexed)))
    conditions += [_holds_text(model, word, each_row) for word in words if word not in indexed]
    return and_(*conditions)


def _trigram_words(words: list[str]) -> list[str]:
    """Return the words a trigram index holds: those of three letters and more."""
    return [word for word in words if len(word) >= 3]


def _holds_text(model, word: str, literally: bool = False):
    """Return the condition that the search text of a `model` record holds `word`, read
    in the row (LIKE); `literally`: the pattern written into the statement, as
    `app.lists.starts_with` says why."""
    pattern = f"%{_escape_like(word)}%"
    if literally:
        pattern = literal(pattern, model.search_text.type, literal_execute=True)
    return model.search_text.like(pattern, escape="\\")


def found_first(query, model, q: str | None):
    """Return `query` (records of `model`, its own conditions applied, in no order)
    narrowed to those holding every folded word of `q`, as `matches` finds them, in the
    order its search index finds them soonest; None when no word has three letters.

    For a type-ahead's first matches among thousands, where any fifty will do: read in
    name order, the first fifty names holding « cen » were found after some 11,700 others
    (3 ms on 100,000 stakeholders, on either database). On SQLite the FTS5 table leads (a
    join, in its rowid order, so that the query's limit stops it: 0.05 ms); on PostgreSQL
    the primary key is walked with the patterns written into the statement, planned for
    them (0.2 ms; a rare word goes through the trigram index)."""
    words = fold(q).split()
    indexed = _trigram_words(words)
    if not indexed:
        return None
    if db.engine.dialect.name != "sqlite":
        return query.where(matches(model, q, each_row=True)).order_by(model.id)
    fts = SEARCHABLE[model][0]
    index = table(fts, column("rowid"))
    query = query.join(index, index.c.rowid == model.id).where(_holds(fts, indexed))
    # A word under three letters is not in the trigram index.
    query = query.where(*(_holds_text(model, word) for word in words if word not in indexed))
    return query.order_by(index.c.rowid)


def _user_matches(words: list[str]):
    """Return the condition on User for `words`: the accounts are a few dozen, so their
    folded name and email are matched here rather than kept and indexed."""
    users = db.session.execute(select(User.id, User.name, User.email)).all()
    texts = {key: fold(f"{name} {email}") for key, name, email in users}
    return User.id.in_([key for key, text in texts.items() if all(w in text for w in words)])


def stakeholder_search(q: str | None):
    """Return the SQL condition on Stakeholder matching every word of `q` (None if empty)."""
    return matches(Stakeholder, q)


def _fts_matches(model, words: list[str]):
    """Return the select of the ids whose indexed text holds every one of `words`
    (SQLite's FTS5)."""
    fts = SEARCHABLE[model][0]
    return select(literal_column("rowid")).select_from(text(fts)).where(_holds(fts, words))


def _fts_has(model, words: list[str]):
    """Return the condition that the indexed text of the row of `model` holds every one of
    `words`, looked up for that row (SQLite's FTS5, by its rowid)."""
    fts = SEARCHABLE[model][0]
    index = table(fts, column("rowid"))
    return exists(
        select(literal(1)).select_from(index).where(_holds(fts, words), index.c.rowid == model.id)
    )


def _holds(fts: str, words: list[str]):
    """Return the FTS5 condition that the index `fts` holds every one of `words`: each a
    phrase, side by side (which FTS5 reads as AND). An operator, not `text(... :phrase)`:
    the phrases get a parameter of their own."""
    phrases = " ".join('"' + word.replace('"', '""') + '"' for word in words)
    return literal_column(fts).op("MATCH")(phrases)


# A search word found in at most this many stakeholders is best looked up by id. SQLite,
# without statistics, rather walks the list's name index until a page of matches turns
# up: quick for a common word, but the whole index for a rare one (10-17 ms on 100,000
# stakeholders, against under 1 ms by id; the two cost the same at a few hundred matches).
FEW_MATCHES = 500


# What a word's count of matches depends on, per model: its records, and what rewrites
# their search text in bulk (a contact's holds its stakeholder's name).
COUNTED_FROM = {
    Stakeholder: ("stakeholder", "import_batch", "change_batch"),
    Contact: ("contact", "stakeholder", "import_batch", "change_batch"),
}


def is_rare_search(q: str | None, model=Stakeholder) -> bool:
    """On SQLite, return whether at most FEW_MATCHES records of `model` (Stakeholder or
    Contact) hold every word of `q` of three letters or more (none: False). The count,
    up to that, is remembered until they change: « marie » and « tremblay » are each
    common among contacts, « marie tremblay » is rare."""
    words = sorted(set(_trigram_words(fold(q).split())))
    if db.engine.dialect.name != "sqlite" or not words:
        return False
    key, count = " ".join(words), _counter(model, words)
    found = remembered(f"search-matches-{model.__tablename__}", key, count, COUNTED_FROM[model])
    return found <= FEW_MATCHES


def _counter(model, words: list[str]):
    """Return what counts the `model` records holding every one of `words`, up to
    FEW_MATCHES + 1."""
    statement = _fts_matches(model, words).limit(FEW_MATCHES + 1)
    return lambda: len(db.session.scalars(statement).all())


# Writing -----------------------------------------------------------------------------------


def index_pending(*models, session: Session | None = None) -> int:
    """Fill the search text that bulk writes left NULL, of `models` (all of them if none
    is named), and index it; return how many records were filled.

    Contacts of the stakeholders filled here are refreshed too: they hold their name."""
    session = session or db.session
    connection = session.connection()
    wanted = set(models or SEARCHABLE)
    if Stakeholder in wanted:
        wanted.add(Contact)
        stale = select(Stakeholder.id).where(Stakeholder.search_text.is_(None))
        connection.execute(
            update(Contact.__table__)
            .where(Contact.stakeholder_id.in_(stale), Contact.search_text.is_not(None))
            .values(search_text=None)
        )
    filled = 0
    for model in (m for m in SEARCHABLE if m in wanted):
        pending = select(model.id).where(model.search_text.is_(None)).order_by(model.id)
        ids = list(connection.scalars(pending))
        for start in range(0, len(ids), CHUNK):
            filled += _rewrite(session, model, ids[start : start + CHUNK])
    return filled


def index_pending_stakeholders() -> int:
    """Fill the stakeholders' (and their contacts') search text left NULL; return how many."""
    return index_pending(Stakeholder)


def refresh_search_text(session: Session, model, condition) -> int:
    """Recompute the search text of the `model` records meeting `condition`; return how
    many (a renamed stakeholder's contacts, a renamed user's audit events)."""
    ids = list(session.connection().scalars(select(model.id).where(condition)))
    return sum(_rewrite(session, model, ids[i : i + CHUNK]) for i in range(0, len(ids), CHUNK))


def _rewrite(session: Session, model, ids: list[int]) -> int:
    """Write the search text of the `model` records `ids`, read from the database."""
    connection = session.connection()
    entries = read_texts(connection, model, ids)
    if not entries:
        return 0
    table = model.__table__
    statement = (
        update(table)
        .where(table.c.id == db.bindparam("key"))
        .values(search_text=db.bindparam("text"))
    )
    rows = [{"key": key, "text": value} for key, value in entries]
    keys = {}
    if model is Contact:  # its sort key is written with its text (`Contact.name_key`)
        names = select(Contact.id, Contact.first_name, Contact.last_name).where(Contact.id.in_(ids))
        keys = {key: person_key(first, last) for key, first, last in connection.execute(names)}
        statement = statement.values(name_key=db.bindparam("name"))
        rows = [{**row, "name": keys[row["key"]]} for row in rows]
    connection.execute(statement, rows)
    write_search_index(model, entries, fresh=False, session=session)
    for key, value in entries:  # objects already loaded see the new text without a query
        obj = session.identity_map.get(session.identity_key(model, key))
        if obj is not None:
            set_committed_value(obj, "search_text", value)
            if key in keys:
                set_committed_value(obj, "name_key", keys[key])
    return len(entries)


def index_inserted(model) -> str:
    """Return SQLite's statement indexing the `model` records whose ids lie between its two
    parameters with the search text they were inserted with (the bulk writer runs it as it
    inserts: `models.bulk.BulkWriter.stream`)."""
    fts, table = SEARCHABLE[model][0], model.__tablename__
    return (f'INSERT INTO "{fts}"(rowid, search_text) SELECT id, search_text FROM "{table}" '
            "WHERE id BETWEEN ? AND ? AND search_text IS NOT NULL")  # fmt: skip


def write_search_index(
    model, entries: Iterable[tuple[int, str]], fresh: bool, session: Session | None = None
) -> None:
    """Write (id, search_text) pairs to SQLite's FTS5 table of `model`, replacing older
    entries unless the records are `fresh` (just inserted). PostgreSQL needs nothing."""
    connection = (session or db.session).connection()
    entries = list(entries)
    if connection.dialect.name != "sqlite" or not entries:
        return
    fts = SEARCHABLE[model][0]
    if not fresh:
        connection.exec_driver_sql(
            f"DELETE FROM {fts} WHERE rowid = ?", [(key,) for key, _text in entries]
        )
    rows = [(key, value) for key, value in entries if value is not None]
    if rows:
        connection.exec_driver_sql(f"INSERT INTO {fts}(rowid, search_text) VALUES (?, ?)", rows)
