"""The person's own questions for the doctor: the one parser, the services (flush,
never commit) and their place in the JSON export and import."""
from __future__ import annotations

import uuid as uuid_mod
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask import Flask
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func
from sqlalchemy.orm import Session

from webapp.db import utcnow
from webapp.insights.summary_models import MAX_QUESTION, MAX_QUESTIONS, DoctorQuestion
from webapp.ownership import Account, create_once, owned, owned_delete, owned_one, owned_record
from webapp.portability.registry import (
    ADDED,
    TEXT,
    WHOLE,
    RecordType,
    item_key,
    optional,
    register_record_type,
)
from webapp.validation import ValidationFailed


def parse_question(data: Mapping[str, Any]) -> dict[str, Any]:
    """Form or JSON values -> column values, or ValidationFailed naming the field."""
    text = " ".join(str(data.get("text") or "").split())
    if not text:
        raise ValidationFailed({"text": _("Write the question first.")})
    if len(text) > MAX_QUESTION:
        raise ValidationFailed({"text": _("At most %(n)d characters, please.", n=MAX_QUESTION)})
    return {"text": text}


def questions(db: Session, user: Account) -> list[DoctorQuestion]:
    """The owner's questions, in their order. One statement."""
    return list(db.scalars(owned(DoctorQuestion, user)
                           .order_by(DoctorQuestion.position, DoctorQuestion.id)))


def add_question(db: Session, user: Account, key: uuid_mod.UUID,
                 data: Mapping[str, Any]) -> DoctorQuestion:
    """Owner only: a new question at the end (the same UUID again changes nothing)."""
    def values() -> dict[str, Any]:
        parsed = parse_question(data)
        count, last = db.execute(owned(DoctorQuestion, user).with_only_columns(
            func.count(), func.max(DoctorQuestion.position))).one()
        if count >= MAX_QUESTIONS:
            raise ValidationFailed({"text": _("At most %(n)d questions fit on the page.",
                                              n=MAX_QUESTIONS)})
        return {**parsed, "position": (last or 0) + 1}

    question, _created = create_once(db, DoctorQuestion, user, key, values)
    return question


def question_for(db: Session, user: Account, key: Any) -> DoctorQuestion | None:
    """The owner's question, or None (someone else's is not found)."""
    return owned_one(db, DoctorQuestion, user, key)


def edit_question(db: Session, question: DoctorQuestion, data: Mapping[str, Any]) -> None:
    """Owner only (found through question_for): new words for the question."""
    question.text = parse_question(data)["text"]
    question.updated_at = utcnow()
    db.flush()


def remove_question(db: Session, user: Account, question: DoctorQuestion) -> None:
    """Owner only: the question is gone."""
    db.execute(owned_delete(DoctorQuestion, user).where(DoctorQuestion.id == question.id))
    db.flush()


# Export and import ---------------------------------------------------------------

def question_json(question: DoctorQuestion) -> dict[str, Any]:
    return {"uuid": str(question.uuid), "text": question.text, "position": question.position,
            "created_at": question.created_at.isoformat(),
            "updated_at": question.updated_at.isoformat()}


def _moment(raw: Any) -> datetime:
    """An exported time with its zone, up to now; anything else is now."""
    try:
        value = datetime.fromisoformat(str(raw))
    except ValueError:
        return utcnow()
    if value.tzinfo is None or value > utcnow():
        return utcnow()
    return value


def restore_question(db: Session, user: Account, item: dict[str, Any]) -> str:
    values = parse_question(item)
    position = item.get("position")
    row = owned_record(DoctorQuestion, user, uuid=item_key(item), **values,
                       position=position if isinstance(position, int) else 0,
                       created_at=_moment(item.get("created_at")),
                       updated_at=_moment(item.get("updated_at")))
    db.add(row)
    db.flush()
    return ADDED


QUESTIONS = RecordType(
    key="doctor_questions", model=DoctorQuestion, to_json=question_json,
    restore=restore_question, order_by="position",
    fields={"text": TEXT, "position": optional(WHOLE), "created_at": optional(TEXT),
            "updated_at": optional(TEXT)},
    noun=lambda n: ngettext("%(num)d question for the doctor",
                            "%(num)d questions for the doctor", n),
    label=lambda: _("Question for the doctor"))


def register_records(app: Flask) -> None:
    """The questions for the doctor join every export and import."""
    register_record_type(app, QUESTIONS)
