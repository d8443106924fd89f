"""Imports run from the job queue: how many times a worker started a batch, and when its
status last changed, so that an interrupted import is retried once or ends as failed.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("import_batch") as batch_op:
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False,
                                      server_default="0"))
        batch_op.add_column(sa.Column("status_changed_at", sa.DateTime(), nullable=True))
    # An import left "running" by the thread runner of earlier versions never ends.
    # (In French, the default language: the message is shown as stored.)
    op.execute("UPDATE import_batch SET status = 'failed', message = 'Importation "
               "interrompue par une mise à jour ; rien n’a été écrit. Importez de nouveau "
               "le fichier.' WHERE status = 'running'")


def downgrade():
    with op.batch_alter_table("import_batch") as batch_op:
        batch_op.drop_column("status_changed_at")
        batch_op.drop_column("attempts")
