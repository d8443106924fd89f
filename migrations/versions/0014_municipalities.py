"""Quebec's municipalities as reference data, and a stakeholder's municipality and MRC.

The `municipality` table is loaded from the directory shipped with the code
(`models/data/quebec-municipalities.csv`, MAMH, CC BY 4.0); `maillage reference
municipalities FILE` loads a newer edition. A stakeholder gains `municipality_code` (an
official municipality, which gives its region and MRC) and `mrc_code` (its MRC or
equivalent territory). The columns are added in place, and dropped in place by the
downgrade: no table rebuild on SQLite, which would cascade to the stakeholders' records.

The stakeholders recorded before keep their free-text locality; those whose locality is
exactly one municipality of their region (case, accents and dashes aside) are linked to it.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

from models.municipality import follow_directory, load_directory, shipped_rows

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "municipality",
        sa.Column("geographic_code", sa.String(length=5), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("designation", sa.String(length=100), nullable=False),
        sa.Column("region_code", sa.String(length=40), nullable=False),
        sa.Column("mrc_code", sa.String(length=3), nullable=False),
        sa.Column("mrc_name", sa.String(length=200), nullable=False),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"], ["region.code"], name=op.f("fk_municipality_region_code_region")
        ),
        sa.PrimaryKeyConstraint("geographic_code", name=op.f("pk_municipality")),
    )
    op.create_index(op.f("ix_municipality_name_key"), "municipality", ["name_key"])
    op.create_index(op.f("ix_municipality_mrc_code"), "municipality", ["mrc_code"])
    op.add_column(
        "stakeholder", sa.Column("municipality_code", sa.String(length=5), nullable=True)
    )
    op.add_column("stakeholder", sa.Column("mrc_code", sa.String(length=3), nullable=True))
    op.create_index(
        op.f("ix_stakeholder_municipality_code"), "stakeholder", ["municipality_code"]
    )
    op.create_index(op.f("ix_stakeholder_mrc_code"), "stakeholder", ["mrc_code"])
    connection = op.get_bind()
    load_directory(connection, shipped_rows())
    follow_directory(connection)


def downgrade():
    # Dropped in place (SQLite 3.35+): a rebuilt stakeholder table would cascade its deletion
    # to contacts, commitments and ties.
    op.drop_index(op.f("ix_stakeholder_mrc_code"), table_name="stakeholder")
    op.drop_index(op.f("ix_stakeholder_municipality_code"), table_name="stakeholder")
    op.execute("ALTER TABLE stakeholder DROP COLUMN mrc_code")
    op.execute("ALTER TABLE stakeholder DROP COLUMN municipality_code")
    op.drop_index(op.f("ix_municipality_mrc_code"), table_name="municipality")
    op.drop_index(op.f("ix_municipality_name_key"), table_name="municipality")
    op.drop_table("municipality")
