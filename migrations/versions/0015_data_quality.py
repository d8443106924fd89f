"""Data quality: pairs said not to be duplicates, merges (kept for undo), bulk actions
(kept for undo) and saved views of the lists.

Four new tables; nothing existing changes.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "change_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=True),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_change_batch_user_id_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_batch")),
    )
    with op.batch_alter_table("change_batch", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_change_batch_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_change_batch_user_id"), ["user_id"], unique=False)

    op.create_table(
        "not_duplicate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("low_id", sa.Integer(), nullable=False),
        sa.Column("high_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('stakeholders', 'contacts')", name=op.f("ck_not_duplicate_kind_known")
        ),
        sa.CheckConstraint("low_id < high_id", name=op.f("ck_not_duplicate_ordered_pair")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_not_duplicate_user_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_not_duplicate")),
        sa.UniqueConstraint("kind", "low_id", "high_id", name=op.f("uq_not_duplicate_kind")),
    )
    op.create_table(
        "record_merge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("kept_id", sa.Integer(), nullable=False),
        sa.Column("removed_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("moved", sa.JSON(), nullable=False),
        sa.Column("versions", sa.JSON(), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.Column("removed_token", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "kind IN ('stakeholders', 'contacts')", name=op.f("ck_record_merge_kind_known")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_record_merge_user_id_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_merge")),
    )
    with op.batch_alter_table("record_merge", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_record_merge_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_record_merge_kept_id"), ["kept_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_record_merge_removed_token"), ["removed_token"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_record_merge_user_id"), ["user_id"], unique=False)

    op.create_table(
        "saved_view",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("list_name", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_saved_view_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_view")),
        sa.UniqueConstraint("user_id", "list_name", "name", name=op.f("uq_saved_view_user_id")),
    )
    with op.batch_alter_table("saved_view", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_view_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("saved_view", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_view_user_id"))

    op.drop_table("saved_view")
    with op.batch_alter_table("record_merge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_merge_user_id"))
        batch_op.drop_index(batch_op.f("ix_record_merge_removed_token"))
        batch_op.drop_index(batch_op.f("ix_record_merge_kept_id"))
        batch_op.drop_index(batch_op.f("ix_record_merge_at"))

    op.drop_table("record_merge")
    op.drop_table("not_duplicate")
    with op.batch_alter_table("change_batch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_batch_user_id"))
        batch_op.drop_index(batch_op.f("ix_change_batch_created_at"))

    op.drop_table("change_batch")
