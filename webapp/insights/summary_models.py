"""The person's own questions for their doctor, kept on the printable summary.
A client-generated UUID, unique per owner, makes a replayed create a no-op."""
from __future__ import annotations

import uuid as uuid_mod

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.db import Base, TimestampMixin
from webapp.ownership import Owned

MAX_QUESTION = 300
MAX_QUESTIONS = 8  # one printed page holds no more


class DoctorQuestion(Owned, TimestampMixin, Base):
    """One question, in the person's words, shown in ``position`` order."""

    __tablename__ = "doctor_questions"
    __table_args__ = (UniqueConstraint("user_id", "uuid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid_mod.UUID]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(MAX_QUESTION))
    position: Mapped[int] = mapped_column(default=0)
