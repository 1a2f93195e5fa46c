"""The therapist's client list (/clients): per active client, the last 30 days
against the 30 before, a 30-day sparkline of twitches and anxiety, the last
activity, the latest questionnaire scores with their reliable-change label,
assigned practice done against planned, and the alerts since the therapist last
pressed "seen".

Within the page's budget of 5 statements whatever the number of clients: the
user (loader), the clients with their 60-day twitch totals and the therapist's
code (one query), the per-client facts (one UNION ALL: the daily series, each
questionnaire's last two scores and the practice counts), the alerts (one UNION
ALL of every alert source) and the access-log rows (one INSERT)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Float, String, case, cast, func, literal, select, union_all
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.charts import sparkline
from webapp.db import utcnow
from webapp.diary.models import Checkin, Entry
from webapp.measures.models import MeasureResponse
from webapp.measures.scoring import Change, change
from webapp.ownership import owned_by, owner_column
from webapp.practice.progress import client_totals
from webapp.sharing import alerts as alert_sources
from webapp.sharing.models import Share, TherapistCode
from webapp.sharing.services import shared_with

DAYS = 30
ANXIETY_TOP = 10.0


@dataclass(frozen=True)
class Score:
    instrument: str
    total: int
    day: date
    change: Change | None


@dataclass
class ClientRow:
    share: Share
    person: User
    recent: int | None
    previous: int | None
    intensity: float | None
    anxiety: float | None
    last_activity: date | None
    twitch_line: str = ""
    anxiety_line: str = ""
    alerts: list[alert_sources.Alert] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)  # latest per questionnaire
    practice_done: int | None = None  # None: nothing assigned that the share shows
    practice_planned: int = 0

    @property
    def alert_level(self) -> str | None:
        return alert_sources.highest(self.alerts)


def _entry_totals(sharing: Any, now: datetime) -> Any:
    recent, previous = now - timedelta(days=DAYS), now - timedelta(days=2 * DAYS)
    owner = owner_column(Entry)
    return (owned_by(Entry, sharing.where(Share.share_twitches.is_(True)))
            .with_only_columns(
                owner.label("uid"),
                func.sum(case((Entry.occurred_at >= recent, 1), else_=0)).label("recent"),
                func.sum(case((Entry.occurred_at < recent, 1), else_=0)).label("previous"),
                func.avg(Entry.intensity).label("intensity"),
                func.max(Entry.occurred_at).label("last"))
            .where(Entry.deleted_at.is_(None), Entry.occurred_at >= previous)
            .group_by(owner).subquery())


def _scores(sharing: Any) -> Any:
    """Each client's last two scores per questionnaire, as (uid, "1:phq9" or
    "2:phq9", local day, total)."""
    rank = func.row_number().over(
        partition_by=(MeasureResponse.user_id, MeasureResponse.instrument),
        order_by=(MeasureResponse.taken_at.desc(), MeasureResponse.id.desc())).label("rank")
    ranked = (owned_by(MeasureResponse, sharing.where(Share.share_measures.is_(True)))
              .with_only_columns(owner_column(MeasureResponse).label("uid"),
                                 MeasureResponse.instrument.label("instrument"),
                                 MeasureResponse.local_day.label("day"),
                                 MeasureResponse.total.label("total"), rank).subquery())
    return select(ranked.c.uid, cast(ranked.c.rank, String) + literal(":") + ranked.c.instrument,
                  ranked.c.day, cast(ranked.c.total, Float)).where(ranked.c.rank <= 2)


def _daily(sharing: Any, start: date, therapist: User, now: datetime) -> Any:
    """Twitches per day and check-in anxiety per day, per client, since ``start``;
    the last two scores of each questionnaire; the practice counts."""
    entry_owner, checkin_owner = owner_column(Entry), owner_column(Checkin)
    twitches = (owned_by(Entry, sharing.where(Share.share_twitches.is_(True)))
                .with_only_columns(entry_owner, literal("twitches"), Entry.local_day,
                                   cast(func.count(), Float))
                .where(Entry.deleted_at.is_(None), Entry.local_day >= start)
                .group_by(entry_owner, Entry.local_day))
    anxiety = (owned_by(Checkin, sharing.where(Share.share_checkins.is_(True)))
               .with_only_columns(checkin_owner, literal("anxiety"), Checkin.day,
                                  cast(func.avg(Checkin.anxiety), Float))
               .where(Checkin.day >= start)
               .group_by(checkin_owner, Checkin.day))
    practice = client_totals(sharing, therapist.id, now,
                             sharing.where(Share.share_exercises.is_(True)),
                             sharing.where(Share.share_recovery.is_(True)))
    return union_all(twitches, anxiety, _scores(sharing), *practice)


def _facts(rows: Sequence[Any]) -> tuple[dict[tuple[int, str], dict[date, float]],
                                         dict[int, list[Score]], dict[int, list[int]]]:
    """The facts statement's rows, by client: daily series, scores, practice."""
    series: dict[tuple[int, str], dict[date, float]] = {}
    ranked: dict[tuple[int, str], dict[int, tuple[date, int]]] = {}
    practice: dict[int, list[int]] = {}
    for uid, kind, day, value in rows:
        if kind in ("twitches", "anxiety"):
            series.setdefault((uid, kind), {})[day] = value
        elif kind.startswith("practice_"):
            totals = practice.setdefault(uid, [0, 0])
            totals[0 if kind == "practice_done" else 1] += int(value or 0)
        else:
            rank, instrument = kind.split(":", 1)
            ranked.setdefault((uid, instrument), {})[int(rank)] = (day, int(value))
    scores: dict[int, list[Score]] = {}
    for (uid, instrument), found in sorted(ranked.items()):
        day, total = found[1]
        before = found.get(2)
        scores.setdefault(uid, []).append(Score(
            instrument, total, day, change(instrument, before[1], total) if before else None))
    return series, scores, practice


def client_list(db: Session, therapist: User, today: date) -> tuple[str | None, list[ClientRow]]:
    """Therapist only: their sharing code and one row per active client (revoked
    and ended shares left out), by name. Reads only; the view logs the access."""
    now = utcnow()
    sharing = shared_with(therapist).with_only_columns(Share.person_id)
    totals = _entry_totals(sharing, now)
    code = (select(TherapistCode.code).where(TherapistCode.therapist_id == therapist.id)
            .scalar_subquery())
    rows: Sequence[Any] = db.execute(  # seven columns: past what the stubs can type
        shared_with(therapist)
        .add_columns(User, totals.c.recent, totals.c.previous, totals.c.intensity,
                     totals.c.last, code)
        .join(User, User.id == Share.person_id)
        .outerjoin(totals, totals.c.uid == Share.person_id)
        .order_by(User.display_name, Share.id)).all()
    if not rows:
        return db.scalar(select(code)), []
    start = today - timedelta(days=DAYS - 1)
    days = [start + timedelta(days=i) for i in range(DAYS)]
    series, scores, practice = _facts(db.execute(_daily(sharing, start, therapist, now)).all())
    found = alert_sources.collect(db, shared_with(therapist).with_only_columns(Share.id))
    clients = []
    for share, person, recent, previous, intensity, last, _code in rows:
        twitches = series.get((person.id, "twitches"), {})
        anxiety = series.get((person.id, "anxiety"), {})
        anxious = [v for v in anxiety.values() if v is not None]
        activity = [d for d in (last.date() if last else None, max(anxiety, default=None))
                    if d is not None]
        clients.append(ClientRow(
            share=share, person=person,
            recent=(recent or 0) if share.share_twitches else None,
            previous=(previous or 0) if share.share_twitches else None,
            intensity=intensity if share.share_twitches else None,
            anxiety=sum(anxious) / len(anxious) if anxious else None,
            last_activity=max(activity) if activity else None,
            twitch_line=sparkline([twitches.get(d, 0.0) for d in days], 5.0)
            if share.share_twitches else "",
            anxiety_line=sparkline([anxiety.get(d) for d in days], ANXIETY_TOP)
            if share.share_checkins else "",
            alerts=found.get(share.id, []), scores=scores.get(person.id, []),
            practice_done=practice[person.id][0] if person.id in practice else None,
            practice_planned=practice.get(person.id, [0, 0])[1]))
    return rows[0][-1], clients
