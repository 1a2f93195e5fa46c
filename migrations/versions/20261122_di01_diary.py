"""diary

Revision ID: di01
Revises: 642733b61329
Create Date: 2026-11-22 02:49:05.336234
"""
from alembic import op
import sqlalchemy as sa
import webapp.db


revision = 'di01'
down_revision = '642733b61329'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('checkins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('anxiety', sa.Integer(), nullable=True),
    sa.Column('mood', sa.Integer(), nullable=True),
    sa.Column('sleep_hours', sa.Double(), nullable=True),
    sa.Column('sleep_quality', sa.Integer(), nullable=True),
    sa.Column('caffeine', sa.Integer(), nullable=True),
    sa.Column('water', sa.Integer(), nullable=True),
    sa.Column('alcohol', sa.Integer(), nullable=True),
    sa.Column('movement_minutes', sa.Integer(), nullable=True),
    sa.Column('stressful_events', sa.Integer(), nullable=True),
    sa.Column('twitchiness', sa.String(length=8), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_checkins_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkins')),
    sa.UniqueConstraint('user_id', 'day', name=op.f('uq_checkins_user_id_day')),
    sa.UniqueConstraint('user_id', 'uuid', name=op.f('uq_checkins_user_id_uuid'))
    )
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkins_user_id'), ['user_id'], unique=False)

    op.create_table('entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('local_day', sa.Date(), nullable=False),
    sa.Column('areas', sa.String(length=600), nullable=False),
    sa.Column('triggers', sa.String(length=600), nullable=False),
    sa.Column('intensity', sa.Integer(), nullable=True),
    sa.Column('duration', sa.String(length=16), nullable=True),
    sa.Column('feel', sa.String(length=16), nullable=True),
    sa.Column('situation', sa.String(length=16), nullable=True),
    sa.Column('anxiety', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', webapp.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('anxiety IS NULL OR anxiety BETWEEN 0 AND 10', name=op.f('ck_entries_anxiety')),
    sa.CheckConstraint('intensity IS NULL OR intensity BETWEEN 1 AND 10', name=op.f('ck_entries_intensity')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_entries_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entries')),
    sa.UniqueConstraint('user_id', 'uuid', name=op.f('uq_entries_user_id_uuid'))
    )
    with op.batch_alter_table('entries', schema=None) as batch_op:
        batch_op.create_index('ix_entries_user_day', ['user_id', 'local_day'], unique=False)
        batch_op.create_index(batch_op.f('ix_entries_user_id'), ['user_id'], unique=False)

    op.create_table('screenings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('answered_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('yes_flags', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_screenings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screenings')),
    sa.UniqueConstraint('user_id', 'uuid', name=op.f('uq_screenings_user_id_uuid'))
    )
    with op.batch_alter_table('screenings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screenings_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('screenings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_screenings_user_id'))

    op.drop_table('screenings')
    with op.batch_alter_table('entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entries_user_id'))
        batch_op.drop_index('ix_entries_user_day')

    op.drop_table('entries')
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkins_user_id'))

    op.drop_table('checkins')
