"""The register of confidentiality incidents (Law 25): kept by administrators.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLE = "confidentiality_incident"


def upgrade():
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("discovered_on", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("information_concerned", sa.Text(), nullable=False),
        sa.Column("people_count", sa.Integer(), nullable=False),
        sa.Column("serious_injury_risk", sa.String(length=20), nullable=False),
        sa.Column("risk_assessment", sa.Text(), nullable=False),
        sa.Column("cai_notified_on", sa.Date(), nullable=True),
        sa.Column("people_notified_on", sa.Date(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "people_count >= 0", name=op.f("ck_confidentiality_incident_people_count_positive")
        ),
        sa.CheckConstraint(
            "serious_injury_risk IN ('low', 'serious')",
            name=op.f("ck_confidentiality_incident_risk_known"),
        ),
        *[
            sa.ForeignKeyConstraint(
                [column], ["user.id"], name=op.f(f"fk_{TABLE}_{column}_user"), ondelete="SET NULL"
            )
            for column in ("recorded_by_id", "created_by_id", "updated_by_id")
        ],
        sa.PrimaryKeyConstraint("id", name=op.f("pk_confidentiality_incident")),
    )
    for column in ("occurred_on", "recorded_by_id", "created_by_id", "updated_by_id"):
        op.create_index(op.f(f"ix_{TABLE}_{column}"), TABLE, [column])


def downgrade():
    op.drop_table(TABLE)
