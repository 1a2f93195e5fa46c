from __future__ import annotations

import secrets

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.db import Base, TimestampMixin

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
    # The only identity a session or remember-me cookie carries: random, never reused,
    # replaced to end every session at once (logout, password change).
    session_token: Mapped[str] = mapped_column(String(64), unique=True,
                                               default=new_session_token)

    # flask-login protocol, written out instead of UserMixin so get_id carries the token
    is_active = True
    is_anonymous = False
    is_authenticated = True

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_therapist(self) -> bool:
        return self.role == "therapist"
