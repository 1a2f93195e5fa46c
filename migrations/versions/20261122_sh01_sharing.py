"""sharing

Revision ID: sh01
Revises: ex01
Create Date: 2026-11-22 03:36:19.379238
"""
from alembic import op
import sqlalchemy as sa
import webapp.db


revision = 'sh01'
down_revision = 'ex01'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('shares',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.Column('share_twitches', sa.Boolean(), nullable=False),
    sa.Column('share_checkins', sa.Boolean(), nullable=False),
    sa.Column('share_notes', sa.Boolean(), nullable=False),
    sa.Column('share_screenings', sa.Boolean(), nullable=False),
    sa.Column('share_exercises', sa.Boolean(), nullable=False),
    sa.Column('revoked_at', webapp.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['users.id'], name=op.f('fk_shares_person_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['therapist_id'], ['users.id'], name=op.f('fk_shares_therapist_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shares'))
    )
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shares_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shares_therapist_id'), ['therapist_id'], unique=False)

    op.create_table('therapist_codes',
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('created_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['therapist_id'], ['users.id'], name=op.f('fk_therapist_codes_therapist_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('therapist_id', name=op.f('pk_therapist_codes')),
    sa.UniqueConstraint('code', name=op.f('uq_therapist_codes_code'))
    )


def downgrade() -> None:
    op.drop_table('therapist_codes')
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shares_therapist_id'))
        batch_op.drop_index(batch_op.f('ix_shares_person_id'))

    op.drop_table('shares')
