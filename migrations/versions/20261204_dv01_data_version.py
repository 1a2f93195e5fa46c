"""data version: a number on each account that every write to its rows raises

Revision ID: dv01
Revises: lg01
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = 'dv01'
down_revision = 'lg01'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('data_version', sa.Integer(), nullable=False,
                                      server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('data_version')
