"""recovery: the checking ledger, parked worries, recovery settings, sharing the ledger

Revision ID: rc01
Revises: sf01
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

import webapp.db


revision = 'rc01'
down_revision = 'sf01'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('check_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('other_text', sa.String(length=120), nullable=False),
    sa.Column('urge', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=10), nullable=True),
    sa.Column('timer_minutes', sa.Integer(), nullable=True),
    sa.Column('postponed_until', webapp.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('timer_result', sa.String(length=10), nullable=True),
    sa.Column('occurred_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('local_day', sa.Date(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', webapp.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('timer_minutes IS NULL OR timer_minutes BETWEEN 1 AND 60', name=op.f('ck_check_items_timer_minutes')),
    sa.CheckConstraint('urge IS NULL OR urge BETWEEN 0 AND 10', name=op.f('ck_check_items_urge')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_check_items_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_items')),
    sa.UniqueConstraint('user_id', 'uuid', name=op.f('uq_check_items_user_id_uuid'))
    )
    with op.batch_alter_table('check_items', schema=None) as batch_op:
        batch_op.create_index('ix_check_items_user_day', ['user_id', 'local_day'], unique=False)
        batch_op.create_index(batch_op.f('ix_check_items_user_id'), ['user_id'], unique=False)

    op.create_table('parked_worries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.Column('parked_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', webapp.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_parked_worries_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parked_worries')),
    sa.UniqueConstraint('user_id', 'uuid', name=op.f('uq_parked_worries_user_id_uuid'))
    )
    with op.batch_alter_table('parked_worries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parked_worries_user_id'), ['user_id'], unique=False)

    op.create_table('recovery_settings',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('worry_start', sa.Integer(), nullable=True),
    sa.Column('worry_length', sa.Integer(), nullable=False),
    sa.Column('taper_on', sa.Boolean(), nullable=False),
    sa.Column('taper_since', webapp.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('taper_offer_hidden_at', webapp.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('taper_suggested_at', webapp.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('taper_suggested_by', sa.Integer(), nullable=True),
    sa.Column('baseline_days', sa.Integer(), nullable=False),
    sa.Column('created_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('baseline_days BETWEEN 1 AND 90', name=op.f('ck_recovery_settings_baseline_days')),
    sa.CheckConstraint('worry_length BETWEEN 5 AND 120', name=op.f('ck_recovery_settings_worry_length')),
    sa.CheckConstraint('worry_start IS NULL OR worry_start BETWEEN 0 AND 1439', name=op.f('ck_recovery_settings_worry_start')),
    sa.ForeignKeyConstraint(['taper_suggested_by'], ['users.id'], name=op.f('fk_recovery_settings_taper_suggested_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_recovery_settings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_recovery_settings'))
    )
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.add_column(sa.Column('share_recovery', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))



def downgrade() -> None:
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.drop_column('share_recovery')

    op.drop_table('recovery_settings')
    with op.batch_alter_table('parked_worries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parked_worries_user_id'))

    op.drop_table('parked_worries')
    with op.batch_alter_table('check_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_check_items_user_id'))
        batch_op.drop_index('ix_check_items_user_day')

    op.drop_table('check_items')
