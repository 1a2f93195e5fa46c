"""The short lists a therapist's client page shows beside the diary, read in ONE
owner-scoped statement (webapp.owned_lists.read_lists): the client's
questionnaire responses, the therapist's active schedules and open item-9
alerts for them, and the practice the therapist assigned. Read once per request
and shared by the questionnaires' and the practice's parts of the page."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from flask import g
from sqlalchemy.orm import Session

from webapp.db import utcnow
from webapp.measures.models import MeasureAlert, MeasureResponse, MeasureSchedule
from webapp.owned_lists import Wanted, read_lists
from webapp.practice.models import Assignment
from webapp.sharing.models import Share


@dataclass
class ClientLists:
    responses: list[MeasureResponse] = field(default_factory=list)  # oldest first
    schedules: list[MeasureSchedule] = field(default_factory=list)
    alerts: list[MeasureAlert] = field(default_factory=list)  # newest first
    assignments: list[Assignment] = field(default_factory=list)  # newest first


def client_lists(db: Session, share: Share, person: Any, therapist: Any) -> ClientLists:
    """Therapist, on an active share's client page: the lists the share's scopes
    allow (questionnaires; exercises or the ledger for practice), read-only
    copies. One statement per request, none when the share allows none of them."""
    key = (share.id, therapist.id)
    cached = g.get("steady_client_lists")
    if cached is not None and cached[0] == key:
        return cached[1]
    wanted: dict[str, Wanted[Any]] = {}
    if share.share_measures:
        wanted["responses"] = Wanted(MeasureResponse, order=lambda r: (r.taken_at, r.id))
        wanted["schedules"] = Wanted(MeasureSchedule, (
            MeasureSchedule.therapist_id == therapist.id, MeasureSchedule.stopped_at.is_(None)),
            order=lambda s: (s.created_at, s.id))
        wanted["alerts"] = Wanted(MeasureAlert, (
            MeasureAlert.therapist_id == therapist.id, MeasureAlert.followed_up_at.is_(None)),
            order=lambda a: (a.created_at, a.id), newest_first=True)
    if share.share_exercises or share.share_recovery:
        wanted["assignments"] = Wanted(Assignment, (
            Assignment.therapist_id == therapist.id, Assignment.stopped_at.is_(None),
            Assignment.closes_at > utcnow() - timedelta(days=14)),
            order=lambda a: (a.created_at, a.id), newest_first=True)
    found = ClientLists()
    if wanted:
        for name, rows in zip(wanted, read_lists(db, person, *wanted.values()), strict=True):
            setattr(found, name, rows)
    g.steady_client_lists = (key, found)
    return found
