"""safety: screener answers as yes/no/not sure, "a doctor checked this", screener state

Revision ID: sf01
Revises: au02
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

import webapp.db

revision = 'sf01'
down_revision = 'au02'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Screenings stored before this had every "no" pre-selected by the form, so
    # those were not real answers: old rows keep empty no/skipped lists.
    with op.batch_alter_table('screenings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('no_flags', sa.String(length=300), nullable=False,
                                      server_default=','))
        batch_op.add_column(sa.Column('skipped_flags', sa.String(length=300), nullable=False,
                                      server_default=','))
        batch_op.add_column(sa.Column('since_visit', sa.Date(), nullable=True))

    op.create_table('doctor_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=False),
    sa.Column('area', sa.String(length=40), nullable=True),
    sa.Column('clinician', sa.String(length=120), nullable=False),
    sa.Column('conclusion', sa.Text(), nullable=False),
    sa.Column('tests', sa.String(length=300), nullable=False),
    sa.Column('tests_other', sa.String(length=200), nullable=False),
    sa.Column('created_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_doctor_checks_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_doctor_checks')),
    sa.UniqueConstraint('user_id', 'uuid', name=op.f('uq_doctor_checks_user_id_uuid'))
    )
    with op.batch_alter_table('doctor_checks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_doctor_checks_user_id'), ['user_id'], unique=False)

    op.create_table('screener_states',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('pending_areas', sa.String(length=600), nullable=False),
    sa.Column('weekly', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_screener_states_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_screener_states'))
    )


def downgrade() -> None:
    op.drop_table('screener_states')
    with op.batch_alter_table('doctor_checks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_doctor_checks_user_id'))

    op.drop_table('doctor_checks')
    with op.batch_alter_table('screenings', schema=None) as batch_op:
        batch_op.drop_column('since_visit')
        batch_op.drop_column('skipped_flags')
        batch_op.drop_column('no_flags')
