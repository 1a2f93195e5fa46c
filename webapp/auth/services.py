"""Account operations. They flush; the calling view commits once."""
from __future__ import annotations

from functools import cache
from typing import Any
from zoneinfo import available_timezones

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.orm import Session, joinedload

from webapp.auth.models import ROLES, User, new_session_token
from webapp.db import Base
from webapp.security import burn_time_like_a_verify, hash_password, needs_rehash, verify_password


class AccountError(ValueError):
    """A problem the person can fix, with the field it belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


# The demo command's accounts live under a reserved domain (RFC 2606) and share a
# published password, so a production server never lets them sign in.
DEMO_DOMAIN = "@steady.example"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def is_demo_account(email: str) -> bool:
    return normalise_email(email).endswith(DEMO_DOMAIN)


def valid_timezone(name: str | None) -> str:
    """The zone if it is a real IANA name, else the configured fallback."""
    if name and name in available_timezones():
        return name
    return current_app.config["DEFAULT_TIMEZONE"]


def user_by_email(db: Session, email: str) -> User | None:
    return db.scalar(select(User).where(User.email == normalise_email(email)))


def load_user_for_session(db: Session, token: str) -> User | None:
    """flask-login loader: the user whose current session token this is. A rotated
    token (logout, password change) or a deleted account's token finds nobody."""
    if not token or len(token) > 64:
        return None
    return db.scalar(_by_session_token(), {"token": token})


@cache
def _by_session_token() -> Any:
    """Built once (every signed-in request runs it). The two-factor record rides
    along in the same statement, for the therapist guard."""
    return (select(User).options(joinedload(User.two_factor))
            .where(User.session_token == bindparam("token")))


def register(db: Session, *, email: str, password: str, display_name: str,
             timezone: str | None, role: str = "person", language: str | None = None) -> User:
    """Anyone may call; creates a user with the given role (and, from the sign-up
    page, the language it was in: what reminders sent later are written in)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    if user_by_email(db, email) is not None:
        # Without email verification a sign-up form cannot hide whether an address is
        # taken; the register limit slows anyone probing (see the README's security notes).
        raise AccountError("email", _("This email cannot be used to sign up. If you already "
                                      "have an account, log in instead."))
    user = User(
        email=normalise_email(email),
        password_hash=hash_password(password),
        display_name=display_name.strip(),
        role=role,
        timezone=valid_timezone(timezone),
        language=language,
    )
    db.add(user)
    db.flush()
    return user


def authenticate(db: Session, email: str, password: str) -> User | None:
    """The user when email and password match, with the hash upgraded if its
    parameters are old; None otherwise, after the same amount of hashing work."""
    user = user_by_email(db, email)
    if user is None:
        burn_time_like_a_verify(password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.flush()
    return user


def end_all_sessions(db: Session, user: User) -> None:
    """Every cookie issued so far, on every device, stops working."""
    user.session_token = new_session_token()
    db.flush()


def change_password(db: Session, user: User, current: str, new: str) -> None:
    """The signed-in user only; ends their other sessions."""
    if not verify_password(user.password_hash, current):
        raise AccountError("current_password", _("That is not your current password."))
    user.password_hash = hash_password(new)
    end_all_sessions(db, user)


def update_profile(db: Session, user: User, *, display_name: str, timezone: str | None) -> None:
    user.display_name = display_name.strip()
    user.timezone = valid_timezone(timezone)
    db.flush()


def delete_account(db: Session, user: User, password: str) -> None:
    """The signed-in user only, after re-entering their password. Removes every
    row they own: tables with a user_id column are cleared explicitly (not only by
    ON DELETE CASCADE) so nothing is left behind on any backend."""
    if not verify_password(user.password_hash, password):
        raise AccountError("password", _("That password is not right, so nothing was deleted."))
    for table in reversed(Base.metadata.sorted_tables):
        for column in ("user_id", "owner_id", "person_id", "therapist_id"):
            if column in table.c:
                db.execute(delete(table).where(table.c[column] == user.id))
    db.delete(user)
    db.flush()


def count_users(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(User)) or 0
