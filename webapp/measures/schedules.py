"""Questionnaires a therapist schedules for a client, and what is due or missed.

Nothing about an occurrence is stored: each one is worked out from the schedule
(its local dates, in the person's time zone with zoneinfo, so a week across a
clock change still opens at local midnight) and the person's responses. One is
fulfilled by any response to that questionnaire taken while it was open, missed
when it closed without one. A schedule counts only while the share it was made
through is active and includes questionnaires.

For other rooms: ``due_questionnaires(db, user, now)`` (the reminders scheduler
and the home screen) and ``missed_in_a_row(db, person, therapist, now)`` (the
clients dashboard alerts on two in a row)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.db import utcnow
from webapp.measures.models import MeasureResponse, MeasureSchedule
from webapp.ownership import owned, owned_record, owner_column
from webapp.sharing.models import Share

STEP = {"weekly": 7, "fortnightly": 14}
DUE, DONE, MISSED, LATER = "due", "done", "missed", "later"


@dataclass(frozen=True)
class Occurrence:
    """One due questionnaire: open from ``opens_at`` until ``closes_at`` (UTC)."""

    schedule_id: int
    instrument: str
    due_on: date  # the person's local date it is due (a session: the session date)
    last_day: date  # the last local day it can be taken: "due by"
    opens_at: datetime
    closes_at: datetime
    state: str = LATER


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def windows(schedule: MeasureSchedule, zone: ZoneInfo) -> list[Occurrence]:
    """Every occurrence of ``schedule`` in order, its window in local days: from
    the day it is due for ``expiry_days`` days; before a session, the
    ``expiry_days`` days up to and including the session day."""
    days = schedule.expiry_days
    found = []
    if schedule.cadence == "sessions":
        for session in schedule.sessions:
            opens = session - timedelta(days=days - 1)
            found.append((session, opens, session + timedelta(days=1)))
    elif schedule.starts_on is not None:
        last = schedule.ends_on or schedule.starts_on
        step = STEP.get(schedule.cadence)
        day = schedule.starts_on
        while day <= last:
            found.append((day, day, day + timedelta(days=days)))
            if step is None:
                break
            day += timedelta(days=step)
    return [Occurrence(schedule.id, schedule.instrument, due_on, closes - timedelta(days=1),
                       _midnight(opens, zone), _midnight(closes, zone))
            for due_on, opens, closes in found]


def with_states(occurrences: Sequence[Occurrence], taken: Sequence[datetime],
                now: datetime) -> list[Occurrence]:
    """Each occurrence with its state, given when this questionnaire was taken."""
    result = []
    for one in occurrences:
        if any(one.opens_at <= at < one.closes_at for at in taken):
            state = DONE
        elif now >= one.closes_at:
            state = MISSED
        elif now >= one.opens_at:
            state = DUE
        else:
            state = LATER
        result.append(replace(one, state=state))
    return result


def trailing_misses(occurrences: Sequence[Occurrence]) -> int:
    """How many of the most recent closed occurrences in a row were missed."""
    count = 0
    for one in reversed([o for o in occurrences if o.state in (DONE, MISSED)]):
        if one.state != MISSED:
            break
        count += 1
    return count


def _active(query: Select[Any]) -> Select[Any]:
    """Schedules not stopped, whose share (same person and therapist) is active
    and includes questionnaires."""
    schedule_owner, share_owner = owner_column(MeasureSchedule), owner_column(Share)
    return (query.join(Share, (share_owner == schedule_owner)
                       & (Share.therapist_id == MeasureSchedule.therapist_id))
            .where(MeasureSchedule.stopped_at.is_(None), Share.revoked_at.is_(None),
                   Share.share_measures.is_(True)))


def _taken(db: Session, person: Any, since: datetime) -> dict[str, list[datetime]]:
    rows = db.execute(owned(MeasureResponse, person)
                      .with_only_columns(MeasureResponse.instrument, MeasureResponse.taken_at)
                      .where(MeasureResponse.taken_at >= since))
    taken: dict[str, list[datetime]] = {}
    for instrument, at in rows:
        taken.setdefault(instrument, []).append(at)
    return taken


Planned = list[tuple[MeasureSchedule, list[Occurrence]]]


def schedule_states(db: Session, person: Any, now: datetime, therapist: User | None = None,
                    rows: Sequence[MeasureResponse] | None = None,
                    found: Sequence[MeasureSchedule] | None = None) -> Planned:
    """Person, or a therapist through an active share (``therapist`` narrows to
    theirs): each active schedule with its occurrences and their states. Two
    queries, or one when the page has the person's responses (``rows``) already,
    none when it has the active schedules (``found``) too."""
    if found is None:
        query = _active(owned(MeasureSchedule, person))
        if therapist is not None:
            query = query.where(MeasureSchedule.therapist_id == therapist.id)
        schedules = list(db.scalars(query.order_by(MeasureSchedule.created_at)))
    else:
        schedules = list(found)
    if not schedules:
        return []
    zone = ZoneInfo(person.timezone)
    planned = {s.id: windows(s, zone) for s in schedules}
    starts = [o.opens_at for occurrences in planned.values() for o in occurrences]
    if rows is not None:
        taken: dict[str, list[datetime]] = {}
        for row in rows:
            taken.setdefault(row.instrument, []).append(row.taken_at)
    else:
        taken = _taken(db, person, min(starts)) if starts else {}
    return [(s, with_states(planned[s.id], taken.get(s.instrument, []), now))
            for s in schedules]


def due_questionnaires(db: Session, user: Any, now: datetime | None = None,
                       rows: Sequence[MeasureResponse] | None = None) -> list[Occurrence]:
    """The person (their home screen) or the reminders scheduler: every scheduled
    questionnaire open now and not yet taken, soonest to close first. Reads only;
    at most two queries."""
    now = now or utcnow()
    due = [o for _s, occurrences in schedule_states(db, user, now, rows=rows)
           for o in occurrences if o.state == DUE]
    return sorted(due, key=lambda o: o.closes_at)


def missed_in_a_row(db: Session, person: Any, therapist: User,
                    now: datetime | None = None) -> int:
    """Therapist (the clients dashboard), for a client sharing questionnaires with
    them: the longest run of most recent missed questionnaires among their
    schedules for this client (alert on 2 or more). Reads only."""
    states = schedule_states(db, person, now or utcnow(), therapist)
    return max((trailing_misses(occurrences) for _s, occurrences in states), default=0)


def create_schedule(db: Session, therapist: User, person: Any,
                    values: dict[str, Any]) -> MeasureSchedule:
    """Therapist, through an active share with questionnaires (the view checks it):
    schedule a questionnaire for the client. ``values`` come from parse_schedule."""
    schedule = owned_record(MeasureSchedule, person, therapist_id=therapist.id, **values)
    db.add(schedule)
    db.flush()
    return schedule


def stop_schedule(db: Session, therapist: User, person: Any, schedule_id: int) -> bool:
    """Therapist, through an active share: stop one of their schedules for this
    client (kept, as a record). False when there is no such schedule of theirs."""
    schedule = db.scalar(owned(MeasureSchedule, person).where(
        MeasureSchedule.id == schedule_id, MeasureSchedule.therapist_id == therapist.id,
        MeasureSchedule.stopped_at.is_(None)))
    if schedule is None:
        return False
    schedule.stopped_at = utcnow()
    db.flush()
    return True
