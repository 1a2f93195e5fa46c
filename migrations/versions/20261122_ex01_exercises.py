"""exercises: sessions with ratings, and each person's own breathing pattern

Revision ID: ex01
Revises: di01
Create Date: 2026-11-22 02:49:41.524237
"""
from alembic import op
import sqlalchemy as sa
import webapp.db


revision = 'ex01'
down_revision = 'di01'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('custom_patterns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('inhale', sa.Double(), nullable=False),
    sa.Column('hold_in', sa.Double(), nullable=False),
    sa.Column('exhale', sa.Double(), nullable=False),
    sa.Column('hold_out', sa.Double(), nullable=False),
    sa.Column('updated_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_custom_patterns_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_custom_patterns')),
    sa.UniqueConstraint('user_id', name=op.f('uq_custom_patterns_user_id'))
    )
    op.create_table('exercise_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('exercise', sa.String(length=32), nullable=False),
    sa.Column('pattern', sa.String(length=32), nullable=True),
    sa.Column('phases', sa.Text(), nullable=True),
    sa.Column('planned_seconds', sa.Integer(), nullable=False),
    sa.Column('actual_seconds', sa.Integer(), nullable=False),
    sa.Column('anxiety_before', sa.Integer(), nullable=True),
    sa.Column('anxiety_after', sa.Integer(), nullable=True),
    sa.Column('intensity_before', sa.Integer(), nullable=True),
    sa.Column('intensity_after', sa.Integer(), nullable=True),
    sa.Column('completed', sa.Boolean(), nullable=False),
    sa.Column('started_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('actual_seconds >= 0', name=op.f('ck_exercise_sessions_actual_seconds')),
    sa.CheckConstraint('anxiety_after BETWEEN 0 AND 10', name=op.f('ck_exercise_sessions_anxiety_after')),
    sa.CheckConstraint('anxiety_before BETWEEN 0 AND 10', name=op.f('ck_exercise_sessions_anxiety_before')),
    sa.CheckConstraint('intensity_after BETWEEN 0 AND 10', name=op.f('ck_exercise_sessions_intensity_after')),
    sa.CheckConstraint('intensity_before BETWEEN 0 AND 10', name=op.f('ck_exercise_sessions_intensity_before')),
    sa.CheckConstraint('planned_seconds >= 0', name=op.f('ck_exercise_sessions_planned_seconds')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_exercise_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exercise_sessions')),
    sa.UniqueConstraint('user_id', 'uuid', name=op.f('uq_exercise_sessions_user_id_uuid'))
    )


def downgrade() -> None:
    op.drop_table('exercise_sessions')
    op.drop_table('custom_patterns')
