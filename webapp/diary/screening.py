"""The red-flag screener's records: answers, "a doctor checked this", the
weekly re-ask and first-time offers. Every query is scoped to the owner;
functions flush, the view commits once.

Why a doctor's check changes the screener: someone whose twitching a doctor
has examined would truthfully answer "yes, for weeks" every week and be sent
back each time. After a check the questions ask what is new or different
since that visit, and the weekly re-ask is off unless the person turns it on."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any, TypeGuard

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.db import utcnow
from webapp.diary import redflags, services, vocab
from webapp.diary.models import DoctorCheck, Screening
from webapp.ownership import create_once, owned, owned_delete, owned_one
from webapp.safety.signs import Catalogue
from webapp.validation import ValidationFailed, parse_uuid

SCREEN_EVERY = timedelta(days=7)
RECENT = timedelta(days=7)  # a retake sooner than this shows the last answers first
TESTS: dict[str, object] = {
    "exam": _l("An examination (strength, reflexes, feeling)"),
    "blood": _l("Blood tests"),
    "nerve": _l("Nerve conduction study"),
    "emg": _l("EMG (a fine needle in the muscle)"),
    "scan": _l("MRI or CT scan"),
}
MAX_CLINICIAN, MAX_CONCLUSION, MAX_TESTS_OTHER = 120, 2000, 200


def _delimited(keys: Iterable[str]) -> str:
    keys = list(dict.fromkeys(keys))
    return "," + ",".join(keys) + "," if keys else ","


# Screenings -----------------------------------------------------------------

def missing_answers(catalogue: Catalogue, answers: Mapping[str, str], after_visit: bool
                    ) -> list[str]:
    """Keys of the questions asked that have no yes / no / not sure answer."""
    return [s.key for s in catalogue.questions(after_visit)
            if answers.get(s.key) not in redflags.ANSWERS]


def record_screening(db: Session, user: User, screening_uuid: Any, reason: str,
                     catalogue: Catalogue, answers: Mapping[str, str],
                     since_visit: date | None) -> tuple[Screening, bool]:
    """Owner only: keep one complete set of answers, dated, for the doctor summary.
    Every question asked must be answered (yes, no or not sure), else
    ValidationFailed names each missing one and nothing is stored. Answering
    closes any open first-time offer."""
    key = parse_uuid(screening_uuid, services.NO_ID)
    stored, created = create_once(
        db, Screening, user, key,
        lambda: parse_screening(catalogue, answers, reason, since_visit))
    if created:
        take_offer(db, user)
    return stored, created


def parse_screening(catalogue: Catalogue, answers: Mapping[str, str], reason: str,
                    since_visit: date | None) -> dict[str, Any]:
    """One complete set of answers -> column values, or ValidationFailed naming
    every question asked that has no answer."""
    asked = catalogue.questions(after_visit=since_visit is not None)
    missing = missing_answers(catalogue, answers, since_visit is not None)
    if missing:
        raise ValidationFailed({k: _("Answer yes or no, or choose not sure.") for k in missing})
    by_answer = {a: [s.key for s in asked if answers[s.key] == a] for a in redflags.ANSWERS}
    return {"answered_at": utcnow(), "reason": reason[:40],
            "yes_flags": _delimited(by_answer[redflags.YES]),
            "no_flags": _delimited(by_answer[redflags.NO]),
            "skipped_flags": _delimited(by_answer[redflags.SKIP]), "since_visit": since_visit}


def answers_of(screening: Screening) -> dict[str, str]:
    return redflags.answers_of(screening.flags, screening.no, screening.skipped)


def last_screening(db: Session, user: User) -> Screening | None:
    return db.scalar(owned(Screening, user).order_by(Screening.answered_at.desc()).limit(1))


def is_recent(screening: Screening | None) -> TypeGuard[Screening]:
    return screening is not None and screening.answered_at > utcnow() - RECENT


# A doctor checked this --------------------------------------------------------

def checks(db: Session, user: User) -> list[DoctorCheck]:
    """The owner's doctor's checks, newest visit first."""
    return list(db.scalars(owned(DoctorCheck, user)
                           .order_by(DoctorCheck.checked_on.desc(), DoctorCheck.id.desc())))


def check_for(db: Session, user: User, check_uuid: Any) -> DoctorCheck | None:
    """The owner's check, or None (someone else's is simply not found)."""
    return owned_one(db, DoctorCheck, user, check_uuid)


def latest_check(db: Session, user: User, areas: Iterable[str] = ()) -> DoctorCheck | None:
    """The most recent visit that covers `areas` (a general check, or one for any
    of them); with no areas, the most recent visit of any kind."""
    query = owned(DoctorCheck, user)
    areas = list(areas)
    if areas:
        query = query.where(or_(DoctorCheck.area.is_(None), DoctorCheck.area.in_(areas)))
    return db.scalar(query.order_by(DoctorCheck.checked_on.desc(), DoctorCheck.id.desc())
                     .limit(1))


def parse_check(data: Mapping[str, Any], today: date) -> dict[str, Any]:
    """Form or JSON values of a doctor's check -> column values, or ValidationFailed."""
    errors: dict[str, str] = {}
    raw_day = str(data.get("checked_on") or "").strip()
    checked_on = None
    try:
        checked_on = date.fromisoformat(raw_day)
    except ValueError:
        errors["checked_on"] = _("Enter the date of the visit.")
    if checked_on and not date(1900, 1, 1) <= checked_on <= today:
        errors["checked_on"] = _("The visit date cannot be in the future.")
    area = str(data.get("area") or "").strip()
    if area and area not in vocab.AREAS_BY_KEY:
        errors["area"] = _("Choose a body area from the list, or in general.")
    tests = data.get("tests") or []
    tests = [tests] if isinstance(tests, str) else list(tests)
    if any(t not in TESTS for t in tests):
        errors["tests"] = _("Choose tests from the list; write others below.")
    limits = {"clinician": MAX_CLINICIAN, "conclusion": MAX_CONCLUSION,
              "tests_other": MAX_TESTS_OTHER}
    texts = {f: str(data.get(f) or "").strip() for f in limits}
    for field, limit in limits.items():
        if len(texts[field]) > limit:
            errors[field] = _("Please keep this under %(max)d characters.", max=limit)
    if errors:
        raise ValidationFailed(errors)
    return {"checked_on": checked_on, "area": area or None, "tests": _delimited(tests), **texts}


def record_check(db: Session, user: User, check_uuid: Any, data: Mapping[str, Any]
                 ) -> tuple[DoctorCheck, bool]:
    """Owner only: record that a doctor checked this. The same UUID again returns
    the stored check. A new check sets the weekly re-ask back to its default,
    which is off once a doctor has checked."""
    key = parse_uuid(check_uuid, services.NO_ID)
    check, created = create_once(db, DoctorCheck, user, key,
                                 lambda: parse_check(data, services.local_now(user).date()))
    if created:
        state = services.screener_state(db, user)
        if state is not None:
            state.weekly = None
            db.flush()
    return check, created


def delete_check(db: Session, user: User, check: DoctorCheck) -> None:
    """Owner only: remove one of their checks."""
    db.execute(owned_delete(DoctorCheck, user).where(DoctorCheck.id == check.id))
    db.flush()


def has_check(db: Session, user: User) -> bool:
    return db.scalar(owned(DoctorCheck, user).with_only_columns(DoctorCheck.id).limit(1)) \
        is not None


# The weekly re-ask and first-time offers -------------------------------------

def weekly_on(db: Session, user: User) -> bool:
    """Whether the screener comes back once a week after a check-in: the
    person's choice, else on until a doctor's check is recorded, then off."""
    state = services.screener_state(db, user)
    if state is not None and state.weekly is not None:
        return state.weekly
    return not has_check(db, user)


def set_weekly(db: Session, user: User, on: bool) -> None:
    """Owner only: turn the weekly re-ask on or off."""
    services.ensure_screener_state(db, user).weekly = on
    db.flush()


def screening_due(db: Session, user: User) -> bool:
    """True when the weekly re-ask is on and the questions were last answered
    more than a week ago (or never)."""
    if not weekly_on(db, user):
        return False
    last = last_screening(db, user)
    return last is None or last.answered_at < utcnow() - SCREEN_EVERY


def pending_areas(user: User) -> list[str]:
    """Body areas logged for the first time whose screener offer is open.
    Read from the user row (loaded with it), so it costs no statement."""
    raw = getattr(user, "screener_pending_areas", None) or ","
    return [a for a in raw.split(",") if a]


def take_offer(db: Session, user: User) -> list[str]:
    """Owner only: close the open first-time offer (shown, answered or declined);
    returns the areas it was for."""
    state = services.screener_state(db, user)
    if state is None:
        return []
    areas = [a for a in state.pending_areas.split(",") if a]
    if areas:
        state.pending_areas = ","
        db.flush()
    return areas
