"""Contacts, interactions and audit events are searched like stakeholders.

Each gains a folded `search_text`, indexed as the stakeholders' is: an FTS5 trigram table
written by the app (only deletions go through a trigger) on SQLite, a pg_trgm GIN index on
PostgreSQL. Every searchable table also gains a partial index of the rows whose text a
bulk write left NULL, so that filling them is one index step. The texts of the rows
already there are computed here with the app's own folding (models/search/texts.py says
what each record is found by), a few thousand rows at a time.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-24
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

NEW = ("contact", "interaction", "audit_event")
PENDING = sa.text("search_text IS NULL")
CHUNK = 5000
LABEL_KEYS = ("name", "first_name", "last_name", "email", "code")


def upgrade():
    for table in NEW:
        op.add_column(table, sa.Column("search_text", sa.Text(), nullable=True))
    for table in ("stakeholder", *NEW):
        op.create_index(f"ix_{table}_search_pending", table, ["id"],
                        sqlite_where=PENDING, postgresql_where=PENDING)  # fmt: skip
    _fill_contacts()
    _fill("interaction", "SELECT id, summary FROM interaction", _fold_all)
    _fill_audit_events()
    dialect = op.get_bind().dialect.name
    for table in NEW:
        if dialect == "sqlite":
            op.execute(f"CREATE VIRTUAL TABLE {table}_fts USING fts5(search_text, "
                       "tokenize='trigram')")  # fmt: skip
            op.execute(f"CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN "
                       f"DELETE FROM {table}_fts WHERE rowid = old.id; END")  # fmt: skip
            op.execute(f"INSERT INTO {table}_fts(rowid, search_text) "
                       f"SELECT id, search_text FROM {table} WHERE search_text IS NOT NULL")  # fmt: skip
        elif dialect == "postgresql":
            op.execute(f"CREATE INDEX ix_{table}_search_trgm ON {table} "
                       "USING gin (search_text gin_trgm_ops)")  # fmt: skip


def _fold_all(row):
    from models.normalize import fold

    return fold(" ".join(str(value) for value in row[1:] if value))


def _fill(table, query, text_of):
    """Write the text of every row of `table` (read by `query`, id first), by chunks."""
    bind, last = op.get_bind(), 0
    while True:
        rows = bind.execute(sa.text(f"{query} WHERE {table}.id > :last "
                                    f"ORDER BY {table}.id LIMIT {CHUNK}"), {"last": last}).all()  # fmt: skip
        if not rows:
            return
        bind.execute(sa.text(f"UPDATE {table} SET search_text = :text WHERE id = :key"),
                     [{"key": row[0], "text": text_of(row)} for row in rows])  # fmt: skip
        last = rows[-1][0]


def _fill_contacts():
    _fill(
        "contact",
        "SELECT contact.id, first_name, last_name, title, contact.email, contact.phone, "
        "stakeholder.name FROM contact LEFT JOIN stakeholder "
        "ON stakeholder.id = contact.stakeholder_id",
        _fold_all,
    )


def _fill_audit_events():
    bind = op.get_bind()
    names = {
        ("stakeholder", key): name
        for key, name in bind.execute(sa.text("SELECT id, name FROM stakeholder"))
    }
    names.update(
        (("contact", key), f"{first} {last}")
        for key, first, last in bind.execute(sa.text("SELECT id, first_name, last_name FROM contact"))
    )  # fmt: skip
    names.update(
        (("user", key), f"{name} {email}")
        for key, name, email in bind.execute(sa.text('SELECT id, name, email FROM "user"'))
    )

    def text_of(row):
        key, action, entity_type, entity_id, before, after, actor, actor_email = row
        label = _label(_json(before), _json(after)) or names.get((entity_type, entity_id), "")
        return _fold_all((key, action, entity_type, entity_id, label, actor, actor_email))

    _fill(
        "audit_event",
        "SELECT audit_event.id, action, entity_type, entity_id, before, after, "
        'actor.name, actor.email FROM audit_event LEFT JOIN "user" actor '
        "ON actor.id = audit_event.actor_id",
        text_of,
    )


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def _label(before, after):
    found = []
    for values in (after or {}, before or {}):
        for key in LABEL_KEYS:
            value = values.get(key) if isinstance(values, dict) else None
            if isinstance(value, str) and value and value not in found:
                found.append(value)
    return " ".join(found)


def downgrade():
    dialect = op.get_bind().dialect.name
    for table in NEW:
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_delete")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
        elif dialect == "postgresql":
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_trgm")
    for table in ("stakeholder", *NEW):
        op.drop_index(f"ix_{table}_search_pending", table_name=table)
    for table in NEW:  # SQLite drops a column in place since 3.35: no table rebuilt
        op.drop_column(table, "search_text")
