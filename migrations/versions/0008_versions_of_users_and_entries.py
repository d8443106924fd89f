"""Users and reference entries get a version: an edit from a stale form is refused.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLES = ("user", "region", "sector", "theme", "measure", "vocabulary")


def upgrade():
    for name in TABLES:
        with op.batch_alter_table(name) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), server_default="1", nullable=False)
            )


def downgrade():
    for name in TABLES:
        with op.batch_alter_table(name) as batch_op:
            batch_op.drop_column("version")
