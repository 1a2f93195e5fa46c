"""doctor_questions: the person's own questions on the doctor summary

Revision ID: dq01
Revises: rx01
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

import webapp.db

revision = 'dq01'
down_revision = 'rx01'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('doctor_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', webapp.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_doctor_questions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_doctor_questions')),
    sa.UniqueConstraint('user_id', 'uuid', name=op.f('uq_doctor_questions_user_id_uuid'))
    )
    with op.batch_alter_table('doctor_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_doctor_questions_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('doctor_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_doctor_questions_user_id'))
    op.drop_table('doctor_questions')
