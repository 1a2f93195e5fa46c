from __future__ import annotations

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.db import Base, TimestampMixin

ROLES = ("person", "therapist")


class User(TimestampMixin, Base):
    """A person keeping a diary, or a therapist they share it with."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('person', 'therapist')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(16), default="person")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # Bumped to end every session and remember-me cookie at once.
    session_version: Mapped[int] = mapped_column(default=1)

    # flask-login protocol, written out instead of UserMixin so get_id carries the version
    is_active = True
    is_anonymous = False
    is_authenticated = True

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_therapist(self) -> bool:
        return self.role == "therapist"
