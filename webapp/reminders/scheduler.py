"""The reminder scheduler behind `flask --app wsgi send-reminders` (cron or a
systemd timer every few minutes).

A reminder is due at its local time on its local day, in the person's IANA zone
(zoneinfo, so summer time is right): a time that does not exist on a
spring-forward day fires once, shifted by the gap (02:30 becomes 03:30); a time
that happens twice on a fall-back day fires once, at the first. A run within
the grace window after that moment sends it; a later run skips it.

Exactly once: before sending, the run inserts a "sent" row unique per (person,
kind, local day, slot) and commits it. A second or concurrent run, on this
server or another, hits the unique constraint and leaves it. When no device
accepted the push (5xx, timeout), the row is marked failed and a later run
inside the grace window may claim it again with an atomic update; once any
push service accepted it, it is never sent again. A run that dies mid-send
leaves the row claimed: at most once, never twice.

This module is the command's driver: it reads every person's settings (the one
place that scans across people), then works per person through the ownership
helpers and commits each claim and each result on its own."""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.diary.models import Checkin
from webapp.language.choice import supported
from webapp.measures.schedules import due_questionnaires
from webapp.ownership import owned, owned_record
from webapp.reminders import services
from webapp.reminders.ics import slots
from webapp.reminders.models import ReminderSent, ReminderSettings

log = logging.getLogger("webapp.reminders")
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Due:
    kind: str
    slot: str  # "HH:MM" on the local clock
    local_day: date
    at: datetime  # the moment, in UTC


def moment(day: date, slot: str, zone: ZoneInfo) -> datetime:
    """When ``slot`` happens on ``day`` in ``zone``, in UTC. A time skipped by
    a spring-forward is read with the offset before the change (moved on by the
    gap); a time that happens twice is its first occurrence (fold=0)."""
    hour, minute = (int(n) for n in slot.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(UTC)


def due_now(found: ReminderSettings, worry_at: str | None, now: datetime,
            grace: timedelta) -> Iterator[Due]:
    """Each of the person's reminders whose moment is in (now - grace, now]."""
    zone = ZoneInfo(found.timezone)
    today = now.astimezone(zone).date()
    for kind, slot in slots(found, worry_at):
        for day in (today - timedelta(days=1), today):
            if day.weekday() in found.quiet_weekdays:
                continue
            at = moment(day, slot, zone)
            if at <= now < at + grace:
                yield Due(kind, slot, day, at)


QUESTIONNAIRE_AT = "18:00"  # for a questionnaire, when the person has no check-in time


def questionnaires_due(found: ReminderSettings, opening_days: set[date], now: datetime,
                       grace: timedelta) -> Iterator[Due]:
    """A questionnaire a therapist scheduled: one reminder on the first local day
    it is open, at the person's check-in time (or 18:00), unless that is a quiet
    day. Several opening on one day share one reminder."""
    zone = ZoneInfo(found.timezone)
    slot = found.checkin_at if found.checkin_on else QUESTIONNAIRE_AT
    for day in sorted(opening_days):
        if day.weekday() in found.quiet_weekdays:
            continue
        at = moment(day, slot, zone)
        if at <= now < at + grace:
            yield Due("questionnaire", slot, day, at)


@dataclass(frozen=True)
class Person:
    id: int
    timezone: str = "UTC"  # the account's zone: questionnaire windows are counted in it
    language: str = "en"  # the account's language: what the reminder's words are in


def _slot(person: Person, due: Due) -> Any:
    return owned(ReminderSent, person).where(
        ReminderSent.kind == due.kind, ReminderSent.local_day == due.local_day,
        ReminderSent.slot == due.slot)


def _claim(db: Session, person: Person, due: Due) -> bool:
    """Take this reminder for this run: a new "sent" row, or a failed one that
    may be tried again (an update conditional on its status, so only one run
    wins). Committed at once, so other runs see it."""
    try:
        db.add(owned_record(ReminderSent, person, kind=due.kind, local_day=due.local_day,
                            slot=due.slot))
        db.commit()
        return True
    except IntegrityError:
        db.rollback()
    taken = db.scalar(_slot(person, due).with_only_columns(ReminderSent.id))
    won = db.execute(
        update(ReminderSent)
        .where(ReminderSent.id == taken, ReminderSent.status == "failed",
               ReminderSent.attempts < MAX_ATTEMPTS)
        .values(status="sending", attempts=ReminderSent.attempts + 1))
    db.commit()
    return bool(getattr(won, "rowcount", 0))


def _mark(db: Session, person: Person, due: Due, status: str) -> None:
    taken = db.scalar(_slot(person, due).with_only_columns(ReminderSent.id))
    db.execute(update(ReminderSent).where(ReminderSent.id == taken).values(status=status))
    db.commit()


def _checked_in(db: Session, person: Person, day: date) -> bool:
    return db.scalar(owned(Checkin, person).with_only_columns(Checkin.id)
                     .where(Checkin.day == day)) is not None


def _send_one(db: Session, person: Person, found: ReminderSettings, due: Due,
              counts: Counter[str]) -> None:
    if due.kind == "checkin" and _checked_in(db, person, due.local_day):
        counts["skipped"] += 1
        return
    if not _claim(db, person, due):
        counts["skipped"] += 1  # sent already, by this or another run
        return
    with force_locale(person.language):
        message = services.payload(due.kind, found.wording)
    to = services.targets(db, person)
    db.commit()  # end the reading transaction: no lock is held while pushes are sent
    outcome = services.push_all(person, to, message)
    services.forget(db, person, outcome.gone)
    counts["removed"] += len(outcome.gone)
    if outcome.accepted:
        counts["sent"] += 1
        _mark(db, person, due, "sent")
    elif outcome.failed:
        counts["failed"] += 1
        _mark(db, person, due, "failed")  # a later run inside the grace window tries again
    else:
        counts["skipped"] += 1  # no device left to send to
        _mark(db, person, due, "sent")


def _people(db: Session) -> list[Person]:
    """Everyone with a reminder switched on, with their account's zone and language:
    the one scan across people."""
    rows = db.execute(
        select(ReminderSettings.user_id, User.timezone, User.language)
        .join(User, User.id == ReminderSettings.user_id)
        .where(or_(ReminderSettings.checkin_on, ReminderSettings.worry_on,
                   ReminderSettings.exercise_times != ""))
        .order_by(ReminderSettings.user_id))
    return [Person(user_id, zone, supported(language) or "en") for user_id, zone, language in rows]


def _opening_days(db: Session, person: Person, now: datetime) -> set[date]:
    """The local days on which a questionnaire open now first opened."""
    zone = ZoneInfo(person.timezone)
    return {o.opens_at.astimezone(zone).date() for o in due_questionnaires(db, person, now)}


def run(db: Session, now: datetime | None = None, grace_minutes: int = 30) -> Counter[str]:
    """Send every reminder due now; returns counts of sent, skipped, failed,
    removed (subscriptions gone) and errors (rows that could not be handled:
    logged, and the run goes on). Commits as it goes (see the module docstring)."""
    now = now or datetime.now(UTC)
    grace = timedelta(minutes=grace_minutes)
    counts: Counter[str] = Counter(sent=0, skipped=0, failed=0, removed=0, errors=0)
    for person in _people(db):
        try:
            found = db.scalar(owned(ReminderSettings, person))
            if found is None:
                continue
            worry_at = services.worry_start(db, person) if found.worry_on else None
            due = [*due_now(found, worry_at, now, grace),
                   *questionnaires_due(found, _opening_days(db, person, now), now, grace)]
            for one in due:
                _send_one(db, person, found, one, counts)
        except Exception:  # noqa: BLE001 - one bad row must not stop everyone's reminders
            db.rollback()
            counts["errors"] += 1
            log.exception("reminders for user %s could not be handled", person.id)
    db.commit()
    return counts


def summary(counts: Counter[str] | dict[str, Any]) -> str:
    return ("send-reminders: {sent} sent, {skipped} skipped, {failed} failed, "
            "{removed} subscriptions removed, {errors} errors").format(**counts)
