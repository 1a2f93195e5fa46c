from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.auth.sealed import SealedSecret
from webapp.db import Base, TimestampMixin, utcnow
from webapp.ownership import Owned

ROLES = ("person", "therapist")


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(TimestampMixin, Base):
    """A person keeping a diary, or a therapist they share it with."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('person', 'therapist')", name="role"),
        {"sqlite_autoincrement": True},  # a deleted account's id is never handed out again
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(16), default="person")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # The language they chose (webapp/language/): None until they choose, and then it
    # follows them to every phone they sign in on.
    language: Mapped[str | None] = mapped_column(String(8))
    # The only identity a session or remember-me cookie carries: random, never reused,
    # replaced to end every session at once (logout, password change).
    session_token: Mapped[str] = mapped_column(String(64), unique=True,
                                               default=new_session_token)
    # Goes up with every write to anything of theirs (webapp/data_version.py), so a
    # page remembered under an older number is never shown again (webapp/page_cache.py).
    data_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Loaded with the user by the session's loader (one statement per request).
    # Joined into the one statement that loads the signed-in user: every therapist page
    # checks it, and a lazy load would cost each of them a statement.
    two_factor: Mapped[TwoFactor | None] = relationship(viewonly=True, uselist=False,
                                                        lazy="joined")

    # flask-login protocol, written out instead of UserMixin so get_id carries the token
    is_active = True
    is_anonymous = False
    is_authenticated = True

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_therapist(self) -> bool:
        return self.role == "therapist"

    @property
    def two_factor_on(self) -> bool:
        return self.two_factor is not None and self.two_factor.enabled_at is not None


class TwoFactor(Owned, Base):
    """A person's or therapist's authenticator (TOTP) secret. Made when the setup
    page is first shown (``enabled_at`` None until a code confirms it), so the QR
    code stays the same across reloads. ``last_step`` is the 30-second time step
    of the last code accepted: a code from that step or an earlier one is refused,
    so a code seen over someone's shoulder cannot be used again."""

    __tablename__ = "two_factor"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    secret: Mapped[str] = mapped_column(SealedSecret())  # encrypted at rest
    enabled_at: Mapped[datetime | None]
    last_step: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RecoveryCode(Owned, Base):
    """One single-use recovery code, kept only as a SHA-256 hash (see
    webapp/auth/two_factor.py for why a fast hash is enough here)."""

    __tablename__ = "recovery_codes"
    __table_args__ = (UniqueConstraint("user_id", "code_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]
