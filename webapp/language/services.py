"""The language kept on an account."""
from __future__ import annotations

from sqlalchemy.orm import Session

from webapp.auth.models import User


def keep_on_account(db: Session, user: User, language: str) -> None:
    """The signed-in user, for themselves only: speak ``language`` (one Steady speaks,
    checked by the caller) on every phone they sign in on. Flushes; the view commits."""
    user.language = language
    db.flush()
