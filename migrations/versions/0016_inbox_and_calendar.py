"""The coordinator's inbox and calendar: follow-ups with an assignee, the mail drop's
messages, addresses waiting to be classified and readings of the mailbox, the calendar
feed's secret, the weekly digest's opt-in and the weeks already sent.

Every open or done follow-up is assigned to the user who logged it, as before.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "maildrop_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("seen", sa.Integer(), nullable=False),
        sa.Column("logged", sa.Integer(), nullable=False),
        sa.Column("queued", sa.Integer(), nullable=False),
        sa.Column("ignored", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maildrop_run")),
    )
    with op.batch_alter_table("maildrop_run", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_maildrop_run_started_at"), ["started_at"], unique=False
        )

    op.create_table(
        "digest_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_digest_sent_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_sent")),
        sa.UniqueConstraint("user_id", "week_start", name=op.f("uq_digest_sent_user_id")),
    )
    op.create_table(
        "maildrop_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_key", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("addresses", sa.JSON(), nullable=False),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_maildrop_message_interaction_id_interaction"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_maildrop_message_user_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maildrop_message")),
        sa.UniqueConstraint("message_key", name=op.f("uq_maildrop_message_message_key")),
    )
    with op.batch_alter_table("maildrop_message", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_maildrop_message_interaction_id"), ["interaction_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_maildrop_message_user_id"), ["user_id"], unique=False)

    op.create_table(
        "maildrop_address",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_maildrop_address_contact_id_contact"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["maildrop_message.id"],
            name=op.f("fk_maildrop_address_message_id_maildrop_message"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["user.id"],
            name=op.f("fk_maildrop_address_resolved_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maildrop_address")),
    )
    with op.batch_alter_table("maildrop_address", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_maildrop_address_address"), ["address"], unique=False)
        batch_op.create_index("ix_maildrop_address_status", ["status", "message_id"], unique=False)

    # Columns are added in place, never by a table rebuild: on SQLite, dropping the old
    # `user` or `interaction` table would run the ON DELETE actions of every table that
    # refers to it while foreign keys are on (see 0012).
    if _sqlite():
        op.execute(
            "ALTER TABLE interaction ADD COLUMN assigned_to_id INTEGER CONSTRAINT "
            'fk_interaction_assigned_to_id_user REFERENCES "user" (id) ON DELETE SET NULL'
        )
    else:
        op.add_column("interaction", sa.Column("assigned_to_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_interaction_assigned_to_id_user"),
            "interaction",
            "user",
            ["assigned_to_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_index(
        "ix_interaction_assigned_follow_ups",
        "interaction",
        ["assigned_to_id", "follow_up_done", "follow_up_on"],
    )
    interaction = sa.table(
        "interaction",
        sa.column("assigned_to_id", sa.Integer),
        sa.column("logged_by_id", sa.Integer),
        sa.column("follow_up_on", sa.Date),
    )
    op.execute(
        interaction.update()
        .where(interaction.c.follow_up_on.is_not(None))
        .values(assigned_to_id=interaction.c.logged_by_id)
    )

    op.add_column("user", sa.Column("calendar_token_hash", sa.String(length=64), nullable=True))
    op.add_column(
        "user", sa.Column("digest_opt_in", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.create_index(
        op.f("ix_user_calendar_token_hash"), "user", ["calendar_token_hash"], unique=True
    )


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def downgrade():
    # In place, as the upgrade (SQLite 3.35+ drops a column once its indexes are gone).
    op.drop_index(op.f("ix_user_calendar_token_hash"), table_name="user")
    op.drop_index("ix_interaction_assigned_follow_ups", table_name="interaction")
    if _sqlite():
        op.execute('ALTER TABLE "user" DROP COLUMN digest_opt_in')
        op.execute('ALTER TABLE "user" DROP COLUMN calendar_token_hash')
        op.execute("ALTER TABLE interaction DROP COLUMN assigned_to_id")
    else:
        op.drop_column("user", "digest_opt_in")
        op.drop_column("user", "calendar_token_hash")
        op.drop_constraint(
            op.f("fk_interaction_assigned_to_id_user"), "interaction", type_="foreignkey"
        )
        op.drop_column("interaction", "assigned_to_id")

    with op.batch_alter_table("maildrop_address", schema=None) as batch_op:
        batch_op.drop_index("ix_maildrop_address_status")
        batch_op.drop_index(batch_op.f("ix_maildrop_address_address"))

    op.drop_table("maildrop_address")
    with op.batch_alter_table("maildrop_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maildrop_message_user_id"))
        batch_op.drop_index(batch_op.f("ix_maildrop_message_interaction_id"))

    op.drop_table("maildrop_message")
    op.drop_table("digest_sent")
    with op.batch_alter_table("maildrop_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maildrop_run_started_at"))

    op.drop_table("maildrop_run")
