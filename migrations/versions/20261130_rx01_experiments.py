"""experiments: personal experiments and their daily adherence answers

Revision ID: rx01
Revises: rc01
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

import webapp.db

revision = 'rx01'
down_revision = 'rc01'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('experiments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('template', sa.String(length=24), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('change', sa.Text(), nullable=False),
    sa.Column('measures', sa.String(length=80), nullable=False),
    sa.Column('phases', sa.String(length=300), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('stopped_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_experiments_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_experiments')),
    sa.UniqueConstraint('user_id', 'uuid', name=op.f('uq_experiments_user_id_uuid'))
    )
    with op.batch_alter_table('experiments', schema=None) as batch_op:
        batch_op.create_index('ix_experiments_user_ends', ['user_id', 'ends_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_experiments_user_id'), ['user_id'], unique=False)

    op.create_table('experiment_adherence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('experiment_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kept', sa.String(length=8), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['experiment_id'], ['experiments.id'], name=op.f('fk_experiment_adherence_experiment_id_experiments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_experiment_adherence_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_experiment_adherence')),
    sa.UniqueConstraint('experiment_id', 'day', name=op.f('uq_experiment_adherence_experiment_id_day')),
    sa.UniqueConstraint('user_id', 'uuid', name=op.f('uq_experiment_adherence_user_id_uuid'))
    )
    with op.batch_alter_table('experiment_adherence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_experiment_adherence_experiment_id'), ['experiment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_experiment_adherence_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('experiment_adherence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_experiment_adherence_user_id'))
        batch_op.drop_index(batch_op.f('ix_experiment_adherence_experiment_id'))

    op.drop_table('experiment_adherence')
    with op.batch_alter_table('experiments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_experiments_user_id'))
        batch_op.drop_index('ix_experiments_user_ends')

    op.drop_table('experiments')
