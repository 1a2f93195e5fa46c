"""therapist security: two-factor sign-in, recovery codes, shares that end, the
therapist's last-session date and alerts-seen time, and the access log

Revision ID: th01
Revises: ms01
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

import webapp.db

revision = 'th01'
down_revision = 'ms01'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('two_factor',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('secret', sa.String(length=64), nullable=False),
    sa.Column('enabled_at', webapp.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_step', sa.Integer(), nullable=True),
    sa.Column('created_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_two_factor_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_two_factor'))
    )
    op.create_table('recovery_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('used_at', webapp.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_recovery_codes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_codes')),
    sa.UniqueConstraint('user_id', 'code_hash', name=op.f('uq_recovery_codes_user_id_code_hash'))
    )
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_codes_user_id'), ['user_id'], unique=False)
    op.create_table('share_access_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('share_id', sa.Integer(), nullable=True),
    sa.Column('viewer_id', sa.Integer(), nullable=True),
    sa.Column('viewer_name', sa.String(length=80), nullable=False),
    sa.Column('part', sa.String(length=20), nullable=False),
    sa.Column('at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['users.id'], name=op.f('fk_share_access_log_person_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['share_id'], ['shares.id'], name=op.f('fk_share_access_log_share_id_shares'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['viewer_id'], ['users.id'], name=op.f('fk_share_access_log_viewer_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_access_log'))
    )
    with op.batch_alter_table('share_access_log', schema=None) as batch_op:
        batch_op.create_index('ix_share_access_log_person_at', ['person_id', 'at'], unique=False)
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ends_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('last_session_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('alerts_seen_at', webapp.db.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.drop_column('alerts_seen_at')
        batch_op.drop_column('last_session_on')
        batch_op.drop_column('ends_on')
    with op.batch_alter_table('share_access_log', schema=None) as batch_op:
        batch_op.drop_index('ix_share_access_log_person_at')
    op.drop_table('share_access_log')
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_codes_user_id'))
    op.drop_table('recovery_codes')
    op.drop_table('two_factor')
