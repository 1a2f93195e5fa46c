"""Demo data for the therapist side (`flask --app wsgi demo`): Dr Rivera has two-step
sign-in on with a published demo key, and Sam's share ends in 60 days, has a last
session two weeks ago (alerts seen then), a few access-log rows and one unseen
red-flag alert (a this-week answer three days ago), beside the questionnaires'
item-9 alert from the measures demo.

Signing in as the demo therapist needs no setup: on a copy of Steady that is not
in production (where demo accounts are refused anyway), the code page shows the
current code for a demo account. The key is printed by the demo command too, for
trying an authenticator app."""
from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import func, insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from webapp.auth.models import TwoFactor, User
from webapp.db import utcnow
from webapp.diary.models import Screening
from webapp.ownership import owned, owned_record
from webapp.safety import signs
from webapp.sharing import access_log
from webapp.sharing.models import AccessLog, Share
from webapp.sharing.services import person_today, set_end_day

# Public on purpose, like the demo password: base32, for any authenticator app.
DEMO_TOTP_SECRET = "STEADYDEMOTHERAPISTKEY234567ABCD"
DEMO_FLAG_UUID = uuid.uuid5(uuid.NAMESPACE_URL, "steady.example/demo/red-flag")


def two_factor(db: Session, therapist: User) -> None:
    """The demo therapist's two-step sign-in, on, with the published key."""
    record = db.get(TwoFactor, therapist.id)
    if record is None:
        record = owned_record(TwoFactor, therapist, secret=DEMO_TOTP_SECRET)
        db.add(record)
    record.secret, record.enabled_at = DEMO_TOTP_SECRET, record.enabled_at or utcnow()
    db.flush()
    set_committed_value(therapist, "two_factor", record)


def fill(db: Session, person: User, therapist: User, share: Share) -> None:
    """The share's end date, last session, access log and one unseen alert."""
    now = utcnow()
    set_end_day(share, person, person_today(person) + timedelta(days=60))
    share.last_session_on = now.date() - timedelta(days=14)
    share.alerts_seen_at = now - timedelta(days=15)  # at the last session: later ones show
    if db.get(Screening, _flag_id(db, person)) is None:
        sign = signs.current().by_urgency(signs.THIS_WEEK)[0]
        db.add(owned_record(Screening, person, uuid=DEMO_FLAG_UUID, reason="manual",
                            answered_at=now - timedelta(days=3), yes_flags=f",{sign.key},",
                            no_flags=",", skipped_flags=","))
    if not db.scalar(owned(AccessLog, person).with_only_columns(func.count())):
        db.execute(insert(AccessLog), [
            {"person_id": person.id, "share_id": share.id, "viewer_id": therapist.id,
             "viewer_name": therapist.display_name, "part": part, "at": now - ago}
            for part, ago in (("dashboard", timedelta(days=15)), ("summary", timedelta(days=14)),
                              ("safety", timedelta(days=14, minutes=-5)),
                              ("dashboard", timedelta(days=2)), ("summary", timedelta(days=2)))])
    assert set(access_log.PARTS) >= {"dashboard", "summary", "safety"}
    db.flush()


def _flag_id(db: Session, person: User) -> int:
    found = db.scalar(owned(Screening, person).with_only_columns(Screening.id)
                      .where(Screening.uuid == DEMO_FLAG_UUID))
    return found or 0
