"""Each person's recovery settings: one row, made on their first change."""
from __future__ import annotations

from sqlalchemy.orm import Session

from webapp.ownership import Account, owned, owned_record
from webapp.recovery.models import RecoverySettings


def settings_for(db: Session, user: Account) -> RecoverySettings | None:
    """The owner's settings row, or None while they have changed nothing."""
    return db.scalar(owned(RecoverySettings, user))


def ensure_settings(db: Session, user: Account) -> RecoverySettings:
    """The owner's settings row, made with the defaults when missing (flushed)."""
    found = settings_for(db, user)
    if found is None:
        found = owned_record(RecoverySettings, user)
        db.add(found)
        db.flush()
    return found
