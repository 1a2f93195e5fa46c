from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column

from webapp.db import Base, TimestampMixin, utcnow
from webapp.ownership import Owned

SCOPES = ("twitches", "checkins", "notes", "screenings", "exercises", "recovery",
          "measures")  # measures: questionnaires (webapp/measures), added by issue 13


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
    # Questionnaires (webapp/measures): scores, bands, item-9 alerts, schedules.
    share_measures: Mapped[bool] = mapped_column(default=False, server_default=false())
    revoked_at: Mapped[datetime | None]
    # The last day the therapist can read it (inclusive, the person's own day; None:
    # no end), and the moment that day ends in the person's zone, which every check
    # compares with (set together by services.set_end_day).
    ends_on: Mapped[date | None] = mapped_column(Date)
    ends_at: Mapped[datetime | None]
    # The therapist's side of the share: their last session with this client, and
    # when they last pressed "seen" on the client's alerts.
    last_session_on: Mapped[date | None] = mapped_column(Date)
    alerts_seen_at: Mapped[datetime | None]

    def allows(self, scope: str) -> bool:
        return bool(getattr(self, f"share_{scope}"))

    def ended(self, now: datetime | None = None) -> bool:
        """True once the person's last day has ended (the day itself still counts,
        to its midnight where the person lives)."""
        return self.ends_at is not None and self.ends_at <= (now or utcnow())


class AccessLog(Owned, Base):
    """One view or export of a person's shared diary by a therapist. The rows are
    the person's (they read them on /share; deleting their account removes them);
    no code path edits or deletes one, and the therapist never reads them. The
    viewer's name is kept as it was, so the row still says who looked after the
    share or the therapist's account is gone (both keys then become NULL)."""

    __tablename__ = "share_access_log"
    __owner__ = "person_id"
    # Written on every therapist read, so no data version goes up for it
    # (webapp/data_version.py): the one page that lists it (/share) is never remembered.
    __table_args__ = (Index("ix_share_access_log_person_at", "person_id", "at"),
                      {"info": {"unversioned": True}})

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    share_id: Mapped[int | None] = mapped_column(ForeignKey("shares.id", ondelete="SET NULL"))
    viewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    viewer_name: Mapped[str] = mapped_column(String(80))
    part: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(default=utcnow)
