"""On PostgreSQL, the covering index of migration 0017 takes the place of the index of the
name order it begins with.

`ix_stakeholder_offered` holds (archived, name_key, id) and the columns a search and a
type-ahead read; `ix_stakeholder_archived_name` holds (archived, name_key) alone. With
both, the planner took the narrower one for a word found in many names and read the wide
table's row of each name it checked: the quick log's type-ahead for "cen" read 11,890
pages in 10.8 ms, against 1,057 pages in 4.4 ms from the covering index alone. The
covering index answers every query the other did (same first columns, in the same
order), so PostgreSQL keeps only it; SQLite, which has no covering index, keeps the
name order's (`models.search.index.REPLACED_ON_POSTGRESQL`).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_stakeholder_archived_name", table_name="stakeholder")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_stakeholder_archived_name", "stakeholder", ["archived", "name_key"])
