"""sealed two-step secrets: room for the encrypted form, and existing ones sealed

Revision ID: ts01
Revises: dv01
Create Date: 2026-12-05

The key comes from the app's SECRET_KEY (webapp/auth/sealed.py), so the secrets
are sealed when this runs inside the app (`flask --app wsgi db upgrade`, as the
README and `make run` do). Run without the app, it only widens the column, and
secrets stored before it stay readable as they are. Downgrading inside the app
unseals them again for the older code.
"""
import sqlalchemy as sa
from alembic import op

revision = 'ts01'
down_revision = 'dv01'
branch_labels = None
depends_on = None


def _secrets(bind):
    table = sa.table('two_factor', sa.column('user_id', sa.Integer),
                     sa.column('secret', sa.String))
    return table, bind.execute(sa.select(table.c.user_id, table.c.secret)).all()


def _rewrite(change) -> None:
    """Each stored secret through ``change(secret, key)``, inside the app only."""
    from flask import current_app, has_app_context

    if not has_app_context():
        return
    key = current_app.config["SECRET_KEY"]
    bind = op.get_bind()
    table, rows = _secrets(bind)
    for user_id, secret in rows:
        changed = change(secret, key)
        if changed != secret:
            bind.execute(table.update().where(table.c.user_id == user_id)
                         .values(secret=changed))


def upgrade() -> None:
    with op.batch_alter_table('two_factor', schema=None) as batch_op:
        batch_op.alter_column('secret', existing_type=sa.String(length=64),
                              type_=sa.String(length=255), existing_nullable=False)
    from webapp.auth.sealed import is_sealed, seal

    _rewrite(lambda secret, key: secret if is_sealed(secret) else seal(secret, key))


def downgrade() -> None:
    from webapp.auth.sealed import unseal

    _rewrite(unseal)  # back to the plain form the older code reads
    with op.batch_alter_table('two_factor', schema=None) as batch_op:
        batch_op.alter_column('secret', existing_type=sa.String(length=255),
                              type_=sa.String(length=64), existing_nullable=False)
