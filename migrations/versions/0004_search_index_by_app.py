"""The SQLite search index is written by the app in bulk; indexes for the stakeholder list.

Migration 0003's FTS5 table mirrored `stakeholder` through three triggers, one index write
per inserted row: a 50,000-row import spent 8 s there, where one bulk insert into the same
index takes 0.4 s. The FTS5 table now keeps its own copy of the text (rowid = stakeholder
id), written by `models.search`; only deletions still go through a trigger, so that every
way of deleting a stakeholder (undo of an import, cascades, tests) leaves no stale entry.
PostgreSQL's pg_trgm index maintains itself and is unchanged.

The stakeholder list reads its first page in name order, of everything or of one region:
two composite indexes give those pages without sorting 100,000 rows, and replace the
single-column indexes on `archived` and `region_code` that they start with (or contain).
A coordinator's open follow-ups come from one index (user, done, date) that replaces the
one on `user_id`. The audit trail's index on `entity_type` gains `id`, so that the latest event of a type,
which tells the dashboards' memory whether to count again, is one index step.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OLD_TRIGGERS = ("stakeholder_fts_insert", "stakeholder_fts_delete", "stakeholder_fts_update")


def upgrade():
    op.drop_index("ix_stakeholder_archived", table_name="stakeholder")
    op.drop_index("ix_stakeholder_region_code", table_name="stakeholder")
    op.create_index("ix_stakeholder_archived_name", "stakeholder", ["archived", "name_key"])
    op.create_index(
        "ix_stakeholder_region_archived_name",
        "stakeholder",
        ["region_code", "archived", "name_key"],
    )
    op.drop_index("ix_audit_event_entity_type", table_name="audit_event")
    op.create_index("ix_audit_event_entity_type_id", "audit_event", ["entity_type", "id"])
    op.drop_index("ix_interaction_user_id", table_name="interaction")
    op.create_index(
        "ix_interaction_follow_ups", "interaction", ["user_id", "follow_up_done", "follow_up_on"]
    )
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in OLD_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS stakeholder_fts")
    op.execute("CREATE VIRTUAL TABLE stakeholder_fts USING fts5(search_text, tokenize='trigram')")
    op.execute(
        "CREATE TRIGGER stakeholder_fts_delete AFTER DELETE ON stakeholder BEGIN "
        "DELETE FROM stakeholder_fts WHERE rowid = old.id; END"
    )
    op.execute(
        "INSERT INTO stakeholder_fts(rowid, search_text) "
        "SELECT id, search_text FROM stakeholder WHERE search_text IS NOT NULL"
    )


def downgrade():
    op.drop_index("ix_stakeholder_region_archived_name", table_name="stakeholder")
    op.drop_index("ix_stakeholder_archived_name", table_name="stakeholder")
    op.create_index("ix_stakeholder_region_code", "stakeholder", ["region_code"])
    op.create_index("ix_stakeholder_archived", "stakeholder", ["archived"])
    op.drop_index("ix_audit_event_entity_type_id", table_name="audit_event")
    op.create_index("ix_audit_event_entity_type", "audit_event", ["entity_type"])
    op.drop_index("ix_interaction_follow_ups", table_name="interaction")
    op.create_index("ix_interaction_user_id", "interaction", ["user_id"])
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS stakeholder_fts_delete")
    op.execute("DROP TABLE IF EXISTS stakeholder_fts")
    op.execute(
        "CREATE VIRTUAL TABLE stakeholder_fts USING fts5(search_text, content='stakeholder', "
        "content_rowid='id', tokenize='trigram')"
    )
    op.execute(
        "CREATE TRIGGER stakeholder_fts_insert AFTER INSERT ON stakeholder BEGIN "
        "INSERT INTO stakeholder_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER stakeholder_fts_delete AFTER DELETE ON stakeholder BEGIN "
        "INSERT INTO stakeholder_fts(stakeholder_fts, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER stakeholder_fts_update AFTER UPDATE OF search_text ON stakeholder BEGIN "
        "INSERT INTO stakeholder_fts(stakeholder_fts, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); "
        "INSERT INTO stakeholder_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
    )
    op.execute("INSERT INTO stakeholder_fts(stakeholder_fts) VALUES ('rebuild')")
