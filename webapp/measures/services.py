"""Questionnaire operations. They flush; the view commits once. Every query for a
person's responses goes through webapp.ownership; a therapist reaches them only
through an active share that includes questionnaires.

For the clients dashboard: ``open_alerts_for_therapist(db, therapist)`` (item-9
alerts not yet followed up) and ``latest_for_clients(db, therapist)`` (each
client's latest score per questionnaire with its reliable-change label)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.db import utcnow
from webapp.measures.models import MeasureAlert, MeasureResponse
from webapp.measures.parsing import parse_answers
from webapp.measures.scoring import INSTRUMENTS, Change, change, score
from webapp.ownership import create_once, owned, owned_by, owned_one, owner_column
from webapp.sharing.models import Share
from webapp.validation import ValidationFailed, parse_uuid


def response_values(key: str, data: Mapping[str, Any], language: str, zone: str,
                    taken_at: datetime) -> dict[str, Any]:
    """Clean column values for a response: answers checked, score computed here."""
    parsed = parse_answers(key, data)
    result = score(key, parsed["answers"])
    return {"instrument": key, "language": language,
            "answers": "".join(str(a) for a in parsed["answers"]),
            "difficulty": parsed["difficulty"], "total": result.total, "band": result.band,
            "anxiety": result.subscales.get("anxiety"),
            "depression": result.subscales.get("depression"), "item9": result.item9,
            "taken_at": taken_at, "timezone": zone,
            "local_day": taken_at.astimezone(ZoneInfo(zone)).date()}


def take(db: Session, person: User, key: str, data: Mapping[str, Any],
         language: str) -> tuple[MeasureResponse, bool]:
    """Person only: store a completed questionnaire once per UUID (a replay
    returns the stored one). PHQ-9 item 9 above 0 records an alert for each
    therapist the person shares questionnaires with. ValidationFailed, storing
    nothing, when an answer is missing or wrong."""
    if key not in INSTRUMENTS:
        raise ValidationFailed({"instrument": _("There is no such questionnaire.")})
    uuid = parse_uuid(data.get("uuid"), _("This form is out of date. Please answer again."))
    response, created = create_once(
        db, MeasureResponse, person, uuid,
        lambda: response_values(key, data, language, person.timezone, utcnow()))
    if created and (response.item9 or 0) > 0:
        record_alerts(db, person, response)
    return response, created


def sharing_therapists(db: Session, person: Any) -> list[int]:
    """The therapists the person shares questionnaires with (active shares)."""
    return list(db.scalars(owned(Share, person).with_only_columns(Share.therapist_id).where(
        Share.revoked_at.is_(None), Share.share_measures.is_(True))))


def record_alerts(db: Session, person: Any, response: MeasureResponse) -> list[MeasureAlert]:
    """An item-9 alert for each therapist the person shares questionnaires with;
    none when they share them with no one."""
    alerts = [MeasureAlert(user_id=person.id, therapist_id=therapist_id,
                           response_id=response.id, kind="item9", created_at=utcnow())
              for therapist_id in sharing_therapists(db, person)]
    db.add_all(alerts)
    db.flush()
    return alerts


def response_for(db: Session, person: Any, key: Any) -> MeasureResponse | None:
    """The owner's response with this UUID, or None (someone else's is not found)."""
    return owned_one(db, MeasureResponse, person, key)


def responses(db: Session, person: Any, instrument: str | None = None) -> list[MeasureResponse]:
    """Person, or a therapist through the share: their responses, oldest first."""
    query = owned(MeasureResponse, person)
    if instrument:
        query = query.where(MeasureResponse.instrument == instrument)
    return list(db.scalars(query.order_by(MeasureResponse.taken_at, MeasureResponse.id)))


def previous(db: Session, person: Any, response: MeasureResponse) -> MeasureResponse | None:
    """The person's response to the same questionnaire just before this one."""
    return db.scalar(owned(MeasureResponse, person).where(
        MeasureResponse.instrument == response.instrument,
        MeasureResponse.taken_at < response.taken_at)
        .order_by(MeasureResponse.taken_at.desc()).limit(1))


@dataclass(frozen=True)
class Summary:
    instrument: str
    latest: MeasureResponse
    previous: MeasureResponse | None
    change: Change | None


def summarise(rows: Sequence[MeasureResponse]) -> dict[str, Summary]:
    """Per questionnaire (rows oldest first): the latest response, the one before,
    and the reliable-change label between them."""
    by_key: dict[str, list[MeasureResponse]] = {}
    for row in rows:
        by_key.setdefault(row.instrument, []).append(row)
    found = {}
    for key, taken in by_key.items():
        latest = taken[-1]
        before = taken[-2] if len(taken) > 1 else None
        found[key] = Summary(key, latest, before,
                             change(key, before.total, latest.total) if before else None)
    return found


def latest_for_clients(db: Session, therapist: User) -> dict[int, dict[str, Summary]]:
    """Therapist (the clients dashboard): for each client sharing questionnaires
    with them, the latest two responses per questionnaire, summarised. One query."""
    sharing = select(Share.person_id).where(Share.therapist_id == therapist.id,
                                            Share.revoked_at.is_(None),
                                            Share.share_measures.is_(True))
    rank = func.row_number().over(
        partition_by=(MeasureResponse.user_id, MeasureResponse.instrument),
        order_by=(MeasureResponse.taken_at.desc(), MeasureResponse.id.desc())).label("rank")
    ranked = owned_by(MeasureResponse, sharing).add_columns(rank).subquery()
    recent = select(MeasureResponse).join(ranked, ranked.c.id == MeasureResponse.id).where(
        ranked.c.rank <= 2).order_by(MeasureResponse.taken_at, MeasureResponse.id)
    by_person: dict[int, list[MeasureResponse]] = {}
    for row in db.scalars(recent):
        by_person.setdefault(row.user_id, []).append(row)
    return {person_id: summarise(rows) for person_id, rows in by_person.items()}


# Item-9 alerts -------------------------------------------------------------------------

@dataclass(frozen=True)
class AlertRow:
    alert: MeasureAlert
    response: MeasureResponse
    person: User
    share_id: int


def open_alerts_for_therapist(db: Session, therapist: User,
                              person: Any | None = None) -> list[AlertRow]:
    """Therapist only: item-9 alerts for them not yet followed up, newest first,
    from clients whose share with them is active and includes questionnaires
    (``person`` narrows to one client). One query."""
    alert_owner, share_owner = owner_column(MeasureAlert), owner_column(Share)
    base = owned(MeasureAlert, person) if person is not None else select(MeasureAlert)
    query = (base.add_columns(MeasureResponse, User, Share.id)
             .join(MeasureResponse, MeasureResponse.id == MeasureAlert.response_id)
             .join(User, User.id == alert_owner)
             .join(Share, (share_owner == alert_owner)
                   & (Share.therapist_id == MeasureAlert.therapist_id))
             .where(MeasureAlert.therapist_id == therapist.id,
                    MeasureAlert.followed_up_at.is_(None), Share.revoked_at.is_(None),
                    Share.share_measures.is_(True))
             .order_by(MeasureAlert.created_at.desc()))
    rows: Sequence[Any] = db.execute(query).all()  # four columns: past what the stubs type
    return [AlertRow(*row) for row in rows]


def follow_up(db: Session, therapist: User, person: Any, alert_id: int) -> bool:
    """Therapist, through an active share with questionnaires (the view checks it):
    mark one of their alerts for this client as followed up, by them, now. False
    when there is no such open alert."""
    alert = db.scalar(owned(MeasureAlert, person).where(
        MeasureAlert.id == alert_id, MeasureAlert.therapist_id == therapist.id,
        MeasureAlert.followed_up_at.is_(None)))
    if alert is None:
        return False
    alert.followed_up_at, alert.followed_up_by = utcnow(), therapist.id
    db.flush()
    return True
