"""Diary operations for the signed-in owner. They flush; the view commits once.
Authorization lives in every query: another person's record is never found."""
from __future__ import annotations

import uuid as uuid_mod
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.db import utcnow
from webapp.diary.models import Checkin, Entry, ScreenerState
from webapp.diary.parsing import parse_checkin, parse_entry
from webapp.validation import ValidationFailed

UNDO_WINDOW = timedelta(minutes=10)


class StaleEdit(Exception):
    """An edit started from an older version; both versions go back to the person."""

    def __init__(self, current: Entry | Checkin) -> None:
        super().__init__("stale edit")
        self.record = current


def parse_uuid(raw: Any) -> uuid_mod.UUID:
    try:
        return uuid_mod.UUID(str(raw))
    except (ValueError, TypeError, AttributeError):
        raise ValidationFailed({"uuid": "This record has no valid id. Reload the page."}) from None


def local_now(user: User) -> datetime:
    return utcnow().astimezone(ZoneInfo(user.timezone))


def entry_for(db: Session, user: User, entry_uuid: uuid_mod.UUID | str,
              include_deleted: bool = False) -> Entry | None:
    """The owner's entry, or None (someone else's entry is simply not found)."""
    try:
        key = parse_uuid(entry_uuid)
    except ValidationFailed:
        return None
    query = select(Entry).where(Entry.user_id == user.id, Entry.uuid == key)
    if not include_deleted:
        query = query.where(Entry.deleted_at.is_(None))
    return db.scalar(query)


def insert_once(db: Session, record: Any, model: type,
                 user: User, key: uuid_mod.UUID) -> tuple[Any, bool]:
    """Insert, or return the row a concurrent request already stored under this UUID."""
    try:
        with db.begin_nested():
            db.add(record)
            db.flush()
    except IntegrityError:
        existing = db.scalar(select(model).where(model.user_id == user.id, model.uuid == key))
        if existing is None:
            raise
        return existing, False
    return record, True


def create_entry(db: Session, user: User, entry_uuid: Any, data: Mapping[str, Any]
                 ) -> tuple[Entry, bool]:
    """Owner only: store a twitch. The same UUID again returns the stored entry.
    A body area logged for the first time opens the screener offer (note_new_areas)."""
    key = parse_uuid(entry_uuid)
    existing = entry_for(db, user, key, include_deleted=True)
    if existing is not None:
        return existing, False
    values = parse_entry(data, user.timezone, utcnow())
    entry, created = insert_once(db, Entry(uuid=key, user_id=user.id, **values), Entry, user, key)
    if created:
        note_new_areas(db, user, entry)
    return entry, created


def update_entry(db: Session, user: User, entry_uuid: Any, base_version: int | None,
                 data: Mapping[str, Any]) -> Entry:
    """Owner only: change an entry. A base_version older than the stored one
    raises StaleEdit and changes nothing."""
    entry = entry_for(db, user, entry_uuid)
    if entry is None:
        raise LookupError("no such entry")
    if base_version is not None and int(base_version) != entry.version:
        raise StaleEdit(entry)
    values = parse_entry(data, entry.timezone, utcnow())
    for name, value in values.items():
        setattr(entry, name, value)
    entry.version += 1
    db.flush()
    return entry


def delete_entry(db: Session, user: User, entry: Entry) -> None:
    """Owner only: hide the entry; it can be restored for UNDO_WINDOW. Older
    deletions of this owner are removed for good."""
    now = utcnow()
    db.execute(delete(Entry).where(Entry.user_id == user.id,
                                   Entry.deleted_at < now - UNDO_WINDOW))
    entry.deleted_at = now
    db.flush()


def restore_entry(db: Session, user: User, entry_uuid: Any) -> Entry | None:
    """Owner only: undo a recent delete. None when too late or not theirs."""
    entry = entry_for(db, user, entry_uuid, include_deleted=True)
    if entry is None or entry.deleted_at is None or entry.deleted_at < utcnow() - UNDO_WINDOW:
        return None
    entry.deleted_at = None
    db.flush()
    return entry


def checkin_for_day(db: Session, user: User, day: date) -> Checkin | None:
    return db.scalar(select(Checkin).where(Checkin.user_id == user.id, Checkin.day == day))


def save_checkin(db: Session, user: User, checkin_uuid: Any, data: Mapping[str, Any],
                 base_version: int | None = None) -> tuple[Checkin, bool]:
    """Owner only: one check-in per local day. A second save for the same day
    edits it (keeping its UUID); the same UUID again returns the stored one."""
    key = parse_uuid(checkin_uuid)
    values = parse_checkin(data, local_now(user).date())
    same_uuid = db.scalar(select(Checkin).where(Checkin.user_id == user.id, Checkin.uuid == key))
    existing = same_uuid or checkin_for_day(db, user, values["day"])
    if existing is None:
        return insert_once(db, Checkin(uuid=key, user_id=user.id, **values), Checkin, user, key)
    if same_uuid is not None and base_version is None:
        return same_uuid, False  # a replayed create
    if base_version is not None and int(base_version) != existing.version:
        raise StaleEdit(existing)
    if values["day"] != existing.day and checkin_for_day(db, user, values["day"]):
        raise ValidationFailed({"day": "There is already a check-in for that day."})
    for name, value in values.items():
        setattr(existing, name, value)
    existing.version += 1
    db.flush()
    return existing, False


def first_time_areas(db: Session, user: User, entry: Entry) -> list[str]:
    """Body areas in this entry that no earlier entry of the owner had."""
    new = []
    for area, _side in entry.area_list:
        earlier = db.scalar(
            select(Entry.id).where(Entry.user_id == user.id, Entry.id != entry.id,
                                   Entry.areas.like(f"%,{area}:%")).limit(1))
        if earlier is None:
            new.append(area)
    return new


def screener_state(db: Session, user: User) -> ScreenerState | None:
    """The owner's screener state row (first-time offers, weekly choice), if any."""
    return db.get(ScreenerState, user.id)


def ensure_screener_state(db: Session, user: User) -> ScreenerState:
    """The owner's screener state row, made when missing."""
    state = db.get(ScreenerState, user.id)
    if state is not None:
        return state
    try:
        with db.begin_nested():
            state = ScreenerState(user_id=user.id, pending_areas=",")
            db.add(state)
            db.flush()
    except IntegrityError:  # a concurrent request made it first
        state = db.get(ScreenerState, user.id, populate_existing=True)
        if state is None:
            raise
    return state


def note_new_areas(db: Session, user: User, entry: Entry) -> list[str]:
    """Owner only: body areas this entry logs for the first time wait for the
    first-time screener offer. Stored, so an entry synced from the offline
    outbox gets the offer on the next page view, like one from the form."""
    new = first_time_areas(db, user, entry)
    if new:
        state = ensure_screener_state(db, user)
        pending = dict.fromkeys([a for a in state.pending_areas.split(",") if a] + new)
        state.pending_areas = "," + ",".join(pending) + ","
        db.flush()
    return new
