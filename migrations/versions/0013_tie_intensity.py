"""A tie's intensity, on PARTNER's four levels: awareness, cooperation, coordination,
integration (`relationship_intensity`, a fixed vocabulary seeded here).

The column is added in place and empty for the ties recorded before: nobody said how
strong they are. No table rebuild on SQLite (`ADD COLUMN`).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

from models.reference_data import seed_reference_data

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("relationship", sa.Column("intensity", sa.String(length=40), nullable=True))
    seed_reference_data(op.get_bind())


def downgrade():
    with op.batch_alter_table("relationship") as batch_op:
        batch_op.drop_column("intensity")
    op.execute("DELETE FROM vocabulary WHERE list = 'relationship_intensity'")
