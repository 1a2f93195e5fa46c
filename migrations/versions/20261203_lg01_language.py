"""language: the language a person chose, kept on their account

Revision ID: lg01
Revises: pr01
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = 'lg01'
down_revision = 'pr01'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('language')
