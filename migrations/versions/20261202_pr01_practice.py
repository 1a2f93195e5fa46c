"""assigned practice: exercises, checks targets and experiments a therapist
assigns to a client

Revision ID: pr01
Revises: th01
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

import webapp.db

revision = 'pr01'
down_revision = 'th01'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('practice_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('therapist_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('exercise', sa.String(length=32), nullable=True),
    sa.Column('pattern', sa.String(length=32), nullable=True),
    sa.Column('check_kind', sa.String(length=16), nullable=True),
    sa.Column('experiment', sa.String(length=24), nullable=True),
    sa.Column('per_week', sa.Integer(), nullable=False),
    sa.Column('weeks', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('opens_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closes_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('declined_at', webapp.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decline_note', sa.String(length=300), nullable=False),
    sa.Column('stopped_at', webapp.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('exercise', 'checks', 'experiment')", name=op.f('ck_practice_assignments_kind')),
    sa.CheckConstraint('weeks BETWEEN 1 AND 12', name=op.f('ck_practice_assignments_weeks')),
    sa.CheckConstraint('per_week BETWEEN 0 AND 21', name=op.f('ck_practice_assignments_per_week')),
    sa.ForeignKeyConstraint(['therapist_id'], ['users.id'], name=op.f('fk_practice_assignments_therapist_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_practice_assignments_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_assignments')),
    sa.UniqueConstraint('user_id', 'uuid', name=op.f('uq_practice_assignments_user_id_uuid'))
    )
    with op.batch_alter_table('practice_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_assignments_therapist_id'), ['therapist_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_practice_assignments_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('practice_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_assignments_user_id'))
        batch_op.drop_index(batch_op.f('ix_practice_assignments_therapist_id'))
    op.drop_table('practice_assignments')
