"""Contacts remember when their personal data was erased (access requests, retention).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("contact") as batch_op:
        batch_op.add_column(sa.Column("anonymized_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("contact") as batch_op:
        batch_op.drop_column("anonymized_at")
