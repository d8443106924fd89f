"""An interaction's `user_id` is `logged_by_id`: the coordinator who logged it.

The column is renamed in place (`ALTER TABLE ... RENAME COLUMN`, SQLite 3.25+ and
PostgreSQL): its values, its foreign key to `user` and the follow-ups index follow it.
No table rebuild (`batch_alter_table` would make one on SQLite): dropping the old table
runs the ON DELETE CASCADE of the link tables while foreign keys are on, and every
interaction would lose its stakeholders, contacts and measures. PostgreSQL's foreign key
also takes the name the naming convention gives it; SQLite cannot rename a constraint, and
its name there is only text in the table's definition.

What undoing an interactions import restores is stored under the column's name: batches
imported before keep working once their `user_id` is read as `logged_by_id`. The audit
trail keeps the names it was written with.

An import batch's status is one of `models.import_batch.ImportStatus`, now a CHECK
constraint (a value no version ever wrote, if any, becomes `failed`). `import_batch` is
rebuilt for it on SQLite: no table refers to it, so nothing cascades.

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

OLD, NEW = "user_id", "logged_by_id"
# The values of ImportStatus when this revision was written.
STATUSES = "('draft', 'queued', 'running', 'done', 'rejected', 'failed')"


def upgrade():
    _rename(OLD, NEW)
    op.execute(f"UPDATE import_batch SET status = 'failed' WHERE status NOT IN {STATUSES}")
    with op.batch_alter_table("import_batch") as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_import_batch_status_known"), f"status IN {STATUSES}"
        )


def downgrade():
    with op.batch_alter_table("import_batch") as batch_op:
        batch_op.drop_constraint(op.f("ck_import_batch_status_known"), type_="check")
    _rename(NEW, OLD)


def _rename(old: str, new: str) -> None:
    op.alter_column("interaction", old, new_column_name=new)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"ALTER TABLE interaction RENAME CONSTRAINT fk_interaction_{old}_user "
            f"TO fk_interaction_{new}_user"
        )
    _rename_in_undo_records(old, new)


def _rename_in_undo_records(old: str, new: str) -> None:
    """Rename the column in what undoing an interactions import restores."""
    batch = sa.table("import_batch", sa.column("id"), sa.column("kind"), sa.column("changes", sa.JSON))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(batch.c.id, batch.c.changes).where(
            batch.c.kind == "interactions", batch.c.changes.is_not(None)
        )
    ).all()
    for batch_id, changes in rows:
        updated = changes.get("updated") or []
        if not any(old in entry.get("before", {}) for entry in updated):
            continue
        for entry in updated:
            before = entry.get("before", {})
            if old in before:
                before[new] = before.pop(old)
        connection.execute(
            batch.update().where(batch.c.id == batch_id).values(changes=changes)
        )
