"""Diary operations for the signed-in owner. They flush; the view commits once.
Authorization lives in every query (webapp.ownership): another person's record
is never found."""
from __future__ import annotations

import uuid as uuid_mod
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.db import utcnow
from webapp.diary.models import Checkin, Entry, ScreenerState
from webapp.diary.parsing import parse_checkin, parse_entry
from webapp.ownership import (
    StaleEdit,
    create_once,
    edit_versioned,
    insert_once,
    owned,
    owned_one,
    owned_record,
    put_in_bin,
    take_from_bin,
)
from webapp.validation import ValidationFailed, parse_uuid

UNDO_WINDOW = timedelta(minutes=10)
NO_ID = _l("This record has no valid id. Reload the page.")

__all__ = ["NO_ID", "UNDO_WINDOW", "StaleEdit", "checkin_for_day", "create_entry",
           "delete_entry", "ensure_screener_state", "entry_for", "first_time_areas", "local_now",
           "note_new_areas", "restore_entry", "save_checkin", "screener_state", "update_entry"]


def local_now(user: User) -> datetime:
    return utcnow().astimezone(ZoneInfo(user.timezone))


def entry_for(db: Session, user: User, entry_uuid: uuid_mod.UUID | str,
              include_deleted: bool = False) -> Entry | None:
    """The owner's entry, or None (someone else's entry is simply not found)."""
    live = () if include_deleted else (Entry.deleted_at.is_(None),)
    return owned_one(db, Entry, user, entry_uuid, *live)


def create_entry(db: Session, user: User, entry_uuid: Any, data: Mapping[str, Any]
                 ) -> tuple[Entry, bool]:
    """Owner only: store a twitch. The same UUID again returns the stored entry.
    A body area logged for the first time opens the screener offer (note_new_areas)."""
    key = parse_uuid(entry_uuid, NO_ID)
    entry, created = create_once(db, Entry, user, key,
                                 lambda: parse_entry(data, user.timezone, utcnow()))
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
    return edit_versioned(db, entry, base_version,
                          lambda: parse_entry(data, entry.timezone, utcnow()))


def delete_entry(db: Session, user: User, entry: Entry) -> None:
    """Owner only: hide the entry; it can be restored for UNDO_WINDOW. Older
    deletions of this owner are removed for good."""
    put_in_bin(db, Entry, user, entry, UNDO_WINDOW)


def restore_entry(db: Session, user: User, entry_uuid: Any) -> Entry | None:
    """Owner only: undo a recent delete. None when too late or not theirs."""
    return take_from_bin(db, entry_for(db, user, entry_uuid, include_deleted=True), UNDO_WINDOW)


def checkin_for_day(db: Session, user: User, day: date) -> Checkin | None:
    return db.scalar(owned(Checkin, user).where(Checkin.day == day))


def save_checkin(db: Session, user: User, checkin_uuid: Any, data: Mapping[str, Any],
                 base_version: int | None = None) -> tuple[Checkin, bool]:
    """Owner only: one check-in per local day. A second save for the same day
    edits it (keeping its UUID); the same UUID again returns the stored one."""
    key = parse_uuid(checkin_uuid, NO_ID)
    values = parse_checkin(data, local_now(user).date())
    same_uuid = owned_one(db, Checkin, user, key)
    existing = same_uuid or checkin_for_day(db, user, values["day"])
    if existing is None:
        return insert_once(db, Checkin, user, key, values)
    if same_uuid is not None and base_version is None:
        return same_uuid, False  # a replayed create

    def moved_to_a_free_day() -> dict[str, Any]:
        if values["day"] != existing.day and checkin_for_day(db, user, values["day"]):
            raise ValidationFailed({"day": _("There is already a check-in for that day.")})
        return values

    return edit_versioned(db, existing, base_version, moved_to_a_free_day), False


def first_time_areas(db: Session, user: User, entry: Entry) -> list[str]:
    """Body areas in this entry that no earlier entry of the owner had."""
    new = []
    for area, _side in entry.area_list:
        earlier = db.scalar(owned(Entry, user).with_only_columns(Entry.id)
                            .where(Entry.id != entry.id, Entry.areas.like(f"%,{area}:%"))
                            .limit(1))
        if earlier is None:
            new.append(area)
    return new


def screener_state(db: Session, user: User) -> ScreenerState | None:
    """The owner's screener state row (first-time offers, weekly choice), if any;
    its primary key is the owner's id."""
    return db.get(ScreenerState, user.id)


def ensure_screener_state(db: Session, user: User) -> ScreenerState:
    """The owner's screener state row, made when missing."""
    state = db.get(ScreenerState, user.id)
    if state is not None:
        return state
    try:
        with db.begin_nested():
            state = owned_record(ScreenerState, user, pending_areas=",")
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
