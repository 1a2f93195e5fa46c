"""measures: questionnaire responses, item-9 alerts, therapist schedules, share scope

Revision ID: ms01
Revises: rm01
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

import webapp.db

revision = 'ms01'
down_revision = 'rm01'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('measure_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('instrument', sa.String(length=8), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('answers', sa.String(length=16), nullable=False),
    sa.Column('difficulty', sa.Integer(), nullable=True),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('band', sa.String(length=24), nullable=False),
    sa.Column('anxiety', sa.Integer(), nullable=True),
    sa.Column('depression', sa.Integer(), nullable=True),
    sa.Column('item9', sa.Integer(), nullable=True),
    sa.Column('taken_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('local_day', sa.Date(), nullable=False),
    sa.Column('created_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('difficulty IS NULL OR difficulty BETWEEN 0 AND 3', name=op.f('ck_measure_responses_difficulty')),
    sa.CheckConstraint('total BETWEEN 0 AND 27', name=op.f('ck_measure_responses_total')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_measure_responses_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_responses')),
    sa.UniqueConstraint('user_id', 'uuid', name=op.f('uq_measure_responses_user_id_uuid'))
    )
    with op.batch_alter_table('measure_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_responses_user_id'), ['user_id'], unique=False)
        batch_op.create_index('ix_measure_responses_user_instrument_taken', ['user_id', 'instrument', 'taken_at'], unique=False)

    op.create_table('measure_schedules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.Column('instrument', sa.String(length=8), nullable=False),
    sa.Column('cadence', sa.String(length=12), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('session_dates', sa.String(length=400), nullable=False),
    sa.Column('expiry_days', sa.Integer(), nullable=False),
    sa.Column('stopped_at', webapp.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("cadence IN ('once', 'weekly', 'fortnightly', 'sessions')", name=op.f('ck_measure_schedules_cadence')),
    sa.CheckConstraint('expiry_days BETWEEN 1 AND 7', name=op.f('ck_measure_schedules_expiry_days')),
    sa.ForeignKeyConstraint(['therapist_id'], ['users.id'], name=op.f('fk_measure_schedules_therapist_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_measure_schedules_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_schedules'))
    )
    with op.batch_alter_table('measure_schedules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_schedules_therapist_id'), ['therapist_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_measure_schedules_user_id'), ['user_id'], unique=False)

    op.create_table('measure_alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('followed_up_at', webapp.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('followed_up_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['followed_up_by'], ['users.id'], name=op.f('fk_measure_alerts_followed_up_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['response_id'], ['measure_responses.id'], name=op.f('fk_measure_alerts_response_id_measure_responses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['therapist_id'], ['users.id'], name=op.f('fk_measure_alerts_therapist_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_measure_alerts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_alerts')),
    sa.UniqueConstraint('response_id', 'therapist_id', name=op.f('uq_measure_alerts_response_id_therapist_id'))
    )
    with op.batch_alter_table('measure_alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_alerts_therapist_id'), ['therapist_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_measure_alerts_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.add_column(sa.Column('share_measures', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.drop_column('share_measures')

    with op.batch_alter_table('measure_alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_alerts_user_id'))
        batch_op.drop_index(batch_op.f('ix_measure_alerts_therapist_id'))

    op.drop_table('measure_alerts')
    with op.batch_alter_table('measure_schedules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_schedules_user_id'))
        batch_op.drop_index(batch_op.f('ix_measure_schedules_therapist_id'))

    op.drop_table('measure_schedules')
    with op.batch_alter_table('measure_responses', schema=None) as batch_op:
        batch_op.drop_index('ix_measure_responses_user_instrument_taken')
        batch_op.drop_index(batch_op.f('ix_measure_responses_user_id'))

    op.drop_table('measure_responses')
