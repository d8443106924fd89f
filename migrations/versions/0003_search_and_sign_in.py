"""Stakeholder search index (folded search_text, FTS5 or pg_trgm) and sign-in failures.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE stakeholder_fts USING fts5(search_text, content='stakeholder', "
    "content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER stakeholder_fts_insert AFTER INSERT ON stakeholder BEGIN "
    "INSERT INTO stakeholder_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER stakeholder_fts_delete AFTER DELETE ON stakeholder BEGIN "
    "INSERT INTO stakeholder_fts(stakeholder_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER stakeholder_fts_update AFTER UPDATE OF search_text ON stakeholder BEGIN "
    "INSERT INTO stakeholder_fts(stakeholder_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO stakeholder_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
]


def upgrade():
    with op.batch_alter_table("stakeholder") as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=True))
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failure")),
    )
    op.create_index("ix_login_failure_key_at", "login_failure", ["key", "at"])
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    elif op.get_bind().dialect.name == "postgresql":
        # pg_trgm is a trusted extension: a database owner may create it.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_stakeholder_search_trgm ON stakeholder "
                   "USING gin (search_text gin_trgm_ops)")
    _index_existing_stakeholders()


def _index_existing_stakeholders():
    """Fill search_text of the stakeholders already there (the app's own folding)."""
    from models.normalize import fold

    bind = op.get_bind()
    tags = {}
    for stakeholder_id, name in bind.execute(sa.text("SELECT stakeholder_id, name FROM stakeholder_tag")):
        tags.setdefault(stakeholder_id, []).append(name)
    rows = [
        {"key": sid, "text": fold(" ".join([n or "", l or "", e or "", *tags.get(sid, [])]))}
        for sid, n, l, e in bind.execute(sa.text("SELECT id, name, locality, email FROM stakeholder"))
    ]
    if rows:
        bind.execute(sa.text("UPDATE stakeholder SET search_text = :text WHERE id = :key"), rows)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for name in ("stakeholder_fts_insert", "stakeholder_fts_delete", "stakeholder_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS stakeholder_fts")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_stakeholder_search_trgm")
    op.drop_index("ix_login_failure_key_at", table_name="login_failure")
    op.drop_table("login_failure")
    with op.batch_alter_table("stakeholder") as batch_op:
        batch_op.drop_column("search_text")
