"""users: a random session token in every cookie, and ids never reused

Revision ID: au02
Revises: sh01
Create Date: 2026-11-30
"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = 'au02'
down_revision = 'sh01'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('session_token', sa.String(length=64), nullable=True))
    users = sa.table('users', sa.column('id', sa.Integer), sa.column('session_token', sa.String))
    conn = op.get_bind()
    for (user_id,) in conn.execute(sa.select(users.c.id)).all():
        conn.execute(users.update().where(users.c.id == user_id)
                     .values(session_token=secrets.token_urlsafe(32)))
    # SQLite reuses the highest deleted rowid unless the table is AUTOINCREMENT;
    # the rebuild below (recreate="always") carries the flag into the new table.
    # PostgreSQL sequences never hand out an id twice.
    kwargs = {"recreate": "always", "table_kwargs": {"sqlite_autoincrement": True}} \
        if conn.dialect.name == "sqlite" else {}
    with op.batch_alter_table('users', **kwargs) as batch:
        batch.alter_column('session_token', existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint(op.f('uq_users_session_token'), ['session_token'])
        batch.drop_column('session_version')


def downgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('session_version', sa.Integer(), nullable=False,
                                   server_default='1'))
        batch.drop_constraint(op.f('uq_users_session_token'), type_='unique')
        batch.drop_column('session_token')
