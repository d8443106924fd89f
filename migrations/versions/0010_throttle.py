"""One throttle table for sign-in, password changes and subscriptions; one pending
subscription per email.

The counted sign-in failures are dropped with their table: they last 15 minutes anyway.
Of several unconfirmed subscriptions of one email, only the latest is kept.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

PENDING = sa.text("confirmed_at IS NULL")


def upgrade():
    op.drop_index("ix_login_failure_key_at", table_name="login_failure")
    op.drop_table("login_failure")
    op.create_table(
        "throttle_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_throttle_event")),
    )
    op.create_index("ix_throttle_event_key_at", "throttle_event", ["key", "at"])
    op.execute(
        "DELETE FROM newsletter_subscription WHERE confirmed_at IS NULL AND id NOT IN "
        "(SELECT max(id) FROM newsletter_subscription WHERE confirmed_at IS NULL GROUP BY email)"
    )
    op.create_index(
        "uq_newsletter_subscription_pending_email", "newsletter_subscription", ["email"],
        unique=True, sqlite_where=PENDING, postgresql_where=PENDING,
    )  # fmt: skip


def downgrade():
    op.drop_index("uq_newsletter_subscription_pending_email", table_name="newsletter_subscription")
    op.drop_index("ix_throttle_event_key_at", table_name="throttle_event")
    op.drop_table("throttle_event")
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failure")),
    )
    op.create_index("ix_login_failure_key_at", "login_failure", ["key", "at"])
