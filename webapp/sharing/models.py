from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.db import Base, TimestampMixin, utcnow
from webapp.ownership import Owned

SCOPES = ("twitches", "checkins", "notes", "screenings", "exercises", "recovery")


class TherapistCode(Base):
    """The code a therapist gives clients so they can share with them. Not private
    (it is handed out): found by the code, or by the therapist's id, its key."""

    __tablename__ = "therapist_codes"

    therapist_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                              primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Share(Owned, TimestampMixin, Base):
    """A person's diary, shared read-only with one therapist, in the chosen parts.
    A revoked share stays as a record of when sharing stopped. It is the person's:
    the therapist finds it only by the id of a share made with them."""

    __tablename__ = "shares"
    __owner__ = "person_id"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                              index=True)
    share_twitches: Mapped[bool] = mapped_column(default=True)
    share_checkins: Mapped[bool] = mapped_column(default=True)
    share_notes: Mapped[bool] = mapped_column(default=False)
    share_screenings: Mapped[bool] = mapped_column(default=True)
    share_exercises: Mapped[bool] = mapped_column(default=True)
    share_recovery: Mapped[bool] = mapped_column(default=False)  # the checking ledger
    revoked_at: Mapped[datetime | None]

    def allows(self, scope: str) -> bool:
        return bool(getattr(self, f"share_{scope}"))
