"""share end moment: the instant a share's last day ends where the person lives

Revision ID: se01
Revises: ts01
Create Date: 2026-12-06

A share's end date was compared with UTC's date, so for a person west of UTC the
share ended hours before their own last day did (and "today" was refused as passed
in their evening). Each share now keeps the moment its last day ends in the
person's zone, filled here for every share that has an end date.
"""
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = 'se01'
down_revision = 'ts01'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True))
    bind = op.get_bind()
    shares = sa.table('shares', sa.column('id', sa.Integer), sa.column('person_id', sa.Integer),
                      sa.column('ends_on', sa.Date),
                      sa.column('ends_at', sa.DateTime(timezone=True)))
    users = sa.table('users', sa.column('id', sa.Integer), sa.column('timezone', sa.String))
    rows = bind.execute(sa.select(shares.c.id, shares.c.ends_on, users.c.timezone)
                        .join(users, users.c.id == shares.c.person_id)
                        .where(shares.c.ends_on.is_not(None))).all()
    for share_id, ends_on, zone in rows:
        if isinstance(ends_on, str):  # SQLite without type information
            ends_on = datetime.fromisoformat(ends_on).date()
        moment = datetime.combine(ends_on + timedelta(days=1), time(0),
                                  ZoneInfo(zone or 'UTC')).astimezone(UTC)
        bind.execute(shares.update().where(shares.c.id == share_id).values(ends_at=moment))


def downgrade() -> None:
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.drop_column('ends_at')
