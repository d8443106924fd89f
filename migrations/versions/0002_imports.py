"""Imports: the wizard's state, progress and undo data on batches; remembered mappings.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('import_mapping',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('signature', sa.String(length=64), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_mapping')),
    sa.UniqueConstraint('kind', 'signature', name=op.f('uq_import_mapping_kind'))
    )
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=20), server_default='done', nullable=False))
        batch_op.add_column(sa.Column('stored_name', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('mapping', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('skip_invalid', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('phase', sa.String(length=20), server_default='', nullable=False))
        batch_op.add_column(sa.Column('progress_done', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('progress_total', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('message', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('changes', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('errors', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('rejected_rows', sa.JSON(), nullable=True))



def downgrade():
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.drop_column('rejected_rows')
        batch_op.drop_column('errors')
        batch_op.drop_column('changes')
        batch_op.drop_column('message')
        batch_op.drop_column('progress_total')
        batch_op.drop_column('progress_done')
        batch_op.drop_column('phase')
        batch_op.drop_column('skip_invalid')
        batch_op.drop_column('mapping')
        batch_op.drop_column('stored_name')
        batch_op.drop_column('status')

    op.drop_table('import_mapping')
