"""Diary operations for the signed-in owner. They flush; the view commits once.
Authorization lives in every query (webapp.ownership): another person's record
is never found."""
from __future__ import annotations

import uuid as uuid_mod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.db import utcnow
from webapp.diary.models import Checkin, Entry, ScreenerState, split_areas
from webapp.diary.parsing import parse_checkin, parse_entry
from webapp.ownership import (
    StaleEdit,
    Values,
    create_many_once,
    create_once,
    edit_versioned,
    insert_once,
    owned,
    owned_any,
    owned_one,
    owned_record,
    put_in_bin,
    stored_with_keys,
    take_from_bin,
)
from webapp.validation import ValidationFailed, parse_uuid

UNDO_WINDOW = timedelta(minutes=10)
NO_ID = _l("This record has no valid id. Reload the page.")

__all__ = ["NO_ID", "UNDO_WINDOW", "EntryRun", "StaleEdit", "checkin_for_day",
           "create_entries", "create_entry", "delete_entry", "ensure_screener_state",
           "entry_for", "first_time_areas", "local_now", "note_new_areas", "prepare_entries",
           "restore_entry", "save_checkin", "screener_state", "update_entry"]


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
        note_new_areas(db, user, [entry])
    return entry, created


@dataclass(frozen=True)
class EntryRun:
    """New twitches from the outbox, with what storing them needs read first: each
    one's (key, parsed values), the owner's entries already stored under those keys,
    the body areas the new ones name that no stored entry of the owner names, and
    (when there are such areas) the owner's screener state, if they have one."""
    items: Sequence[tuple[uuid_mod.UUID, Values]]
    stored: Mapping[uuid_mod.UUID, Entry]
    unlogged: list[str]
    screener: ScreenerState | None = None


def prepare_entries(db: Session, user: User, items: Sequence[tuple[uuid_mod.UUID, Values]]
                    ) -> EntryRun:
    """Owner only, reading only (before the write lock): what ``create_entries`` needs
    to store these twitches, given each one's parsed values (parse_entry), in three
    statements at most (the third only when an area is new), however many there are."""
    stored = stored_with_keys(db, Entry, user, (key for key, _ in items))
    areas = dict.fromkeys(area for key, values in items
                          if key not in stored and not isinstance(values, ValidationFailed)
                          for area, _side in split_areas(values["areas"]))
    unlogged = _unlogged(db, user, list(areas), leaving_out=[])
    # Read now (and held: the session keeps only weak references), so the writing
    # part need not read it.
    return EntryRun(items, stored, unlogged, screener_state(db, user) if unlogged else None)


def create_entries(db: Session, user: User, run: EntryRun
                   ) -> list[tuple[Entry, bool] | ValidationFailed]:
    """Owner only: ``create_entry`` for many twitches at once (the outbox's replay),
    prepared by ``prepare_entries``, with the same answers, in one statement (two
    more when one opens a screener offer). Raises IntegrityError when a concurrent
    request stored one of the UUIDs since: see create_many_once."""
    answers = create_many_once(db, Entry, user, run.items, run.stored)
    logged = {area for answer in answers if not isinstance(answer, ValidationFailed)
              and answer[1] for area, _side in answer[0].area_list}
    _offer_screener(db, user, [area for area in run.unlogged if area in logged], run.screener)
    return answers


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


def first_time_areas(db: Session, user: User, entries: Sequence[Entry]) -> list[str]:
    """Body areas in these entries that no other entry of the owner had, in the
    order they appear: one statement, whatever the number of areas."""
    areas = list(dict.fromkeys(area for entry in entries for area, _side in entry.area_list))
    return _unlogged(db, user, areas, leaving_out=[entry.id for entry in entries])


def _unlogged(db: Session, user: User, areas: list[str], leaving_out: list[int]) -> list[str]:
    """Those of ``areas`` that no entry of the owner names, apart from the entries
    ``leaving_out``: one statement, none for no areas."""
    if not areas:
        return []
    params = {"owner": user.id, "ids": leaving_out,
              **{f"p{n}": f"%,{area}:%" for n, area in enumerate(areas)}}
    seen = db.execute(_earlier_areas(len(areas)), params).one()
    return [area for area, earlier in zip(areas, seen, strict=True) if not earlier]


@cache
def _earlier_areas(count: int) -> Any:
    """For ``count`` areas: whether another entry of the owner names each one, the
    owner, the entries left out and each area's pattern as parameters. Built once
    per count (every twitch saved runs it)."""
    others = owned_any(Entry).with_only_columns(Entry.id).where(
        Entry.id.not_in(bindparam("ids", expanding=True)))
    return select(*(others.where(Entry.areas.like(bindparam(f"p{n}"))).exists().label(f"a{n}")
                    for n in range(count)))


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


def note_new_areas(db: Session, user: User, entries: Sequence[Entry]) -> list[str]:
    """Owner only: body areas these new entries log for the first time wait for the
    first-time screener offer. Stored, so an entry synced from the offline
    outbox gets the offer on the next page view, like one from the form."""
    new = first_time_areas(db, user, entries)
    _offer_screener(db, user, new)
    return new


def _offer_screener(db: Session, user: User, areas: list[str],
                    state: ScreenerState | None = None) -> None:
    """The first-time screener offer waits for these body areas too (``state``: the
    owner's screener state, when already loaded)."""
    if areas:
        state = state or ensure_screener_state(db, user)
        pending = dict.fromkeys([a for a in state.pending_areas.split(",") if a] + areas)
        state.pending_areas = "," + ",".join(pending) + ","
        db.flush()
