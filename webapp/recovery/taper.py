"""The monitoring taper ("log less"): after a baseline of days with any diary
logging, Steady offers to move per-twitch logging out of the way. The person
switches it on or off at any time; a therapist the ledger is shared with can
suggest it, and the person accepts or declines. Services flush; views commit."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, union
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.db import utcnow
from webapp.diary.models import Checkin, Entry
from webapp.ownership import Account, owned
from webapp.recovery.models import DEFAULT_BASELINE
from webapp.recovery.settings import ensure_settings, settings_for

DAYS_COUNTED = 90  # counting stops here: the baseline is at most 90 days


@dataclass(frozen=True)
class Taper:
    """Where the person is with the taper, for the settings page."""

    on: bool
    since: datetime | None
    suggested_at: datetime | None
    suggested_by: str | None
    logged_days: int
    baseline_days: int
    offer_hidden: bool

    @property
    def baseline_reached(self) -> bool:
        return self.logged_days >= self.baseline_days


def logged_days(db: Session, user: Account) -> int:
    """Days with any diary logging (a twitch or a check-in), up to DAYS_COUNTED."""
    days = union(
        owned(Entry, user).with_only_columns(Entry.local_day).where(Entry.deleted_at.is_(None)),
        owned(Checkin, user).with_only_columns(Checkin.day)).limit(DAYS_COUNTED).subquery()
    return int(db.scalar(select(func.count()).select_from(days)) or 0)


def taper_state(db: Session, user: Account) -> Taper:
    """Owner only: the taper as the settings page shows it."""
    settings = settings_for(db, user)
    by = None
    if settings is not None and settings.taper_suggested_by is not None:
        therapist = db.get(User, settings.taper_suggested_by)
        by = therapist.display_name if therapist is not None else None
    return Taper(
        on=bool(settings and settings.taper_on),
        since=settings.taper_since if settings else None,
        suggested_at=settings.taper_suggested_at if settings else None,
        suggested_by=by, logged_days=logged_days(db, user),
        baseline_days=settings.baseline_days if settings else DEFAULT_BASELINE,
        offer_hidden=bool(settings and settings.taper_offer_hidden_at))


def set_taper(db: Session, user: Account, on: bool) -> None:
    """Owner only: switch logging less on or off. Either answers a therapist's
    suggestion, and the offer does not come back once the person has chosen."""
    settings = ensure_settings(db, user)
    if on and not settings.taper_on:
        settings.taper_since = utcnow()
    if not on:
        settings.taper_since = None
    settings.taper_on = on
    settings.taper_suggested_at = settings.taper_suggested_by = None
    settings.taper_offer_hidden_at = settings.taper_offer_hidden_at or utcnow()
    db.flush()


def hide_offer(db: Session, user: Account) -> None:
    """Owner only: "not now" to the offer; logging less stays one tap away in settings."""
    settings = ensure_settings(db, user)
    settings.taper_offer_hidden_at = utcnow()
    settings.taper_suggested_at = settings.taper_suggested_by = None
    db.flush()


def suggest_taper(db: Session, therapist: Any, person: Account) -> bool:
    """A therapist the ledger is shared with (the caller checks the share): ask
    the person to consider logging less. False when it is already on."""
    settings = ensure_settings(db, person)
    if settings.taper_on:
        return False
    settings.taper_suggested_at = utcnow()
    settings.taper_suggested_by = therapist.id
    db.flush()
    return True
