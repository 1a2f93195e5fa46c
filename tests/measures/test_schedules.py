"""Scheduled questionnaires: once, weekly, every 2 weeks and before sessions, in
the person's local dates across a clock change; expiry; missed in a row; what a
therapist may schedule, and what is refused with nothing stored."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from tests.fixtures.accounts import post_form
from webapp import db
from webapp.auth.models import User
from webapp.measures.models import MeasureSchedule
from webapp.measures.schedules import (
    DONE,
    DUE,
    LATER,
    MISSED,
    due_questionnaires,
    missed_in_a_row,
    trailing_misses,
    windows,
    with_states,
)

LONDON = ZoneInfo("Europe/London")  # clocks go forward on Sunday 29 March 2026


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def plan(cadence: str, starts: date | None = None, ends: date | None = None,
         sessions: str = "", expiry: int = 4) -> MeasureSchedule:
    return MeasureSchedule(id=1, instrument="phq4", cadence=cadence, starts_on=starts,
                           ends_on=ends, session_dates=sessions, expiry_days=expiry)


def test_weekly_opens_at_local_midnight_on_both_sides_of_the_clock_change():
    found = windows(plan("weekly", date(2026, 3, 23), date(2026, 4, 6)), LONDON)
    assert [o.due_on for o in found] == [date(2026, 3, 23), date(2026, 3, 30), date(2026, 4, 6)]
    assert found[0].opens_at == utc(2026, 3, 23, 0)  # GMT
    assert found[0].closes_at == utc(2026, 3, 27, 0)
    assert found[1].opens_at == utc(2026, 3, 29, 23)  # midnight BST
    assert found[1].closes_at == utc(2026, 4, 2, 23)
    assert found[1].last_day == date(2026, 4, 2)


def test_every_two_weeks_and_once():
    found = windows(plan("fortnightly", date(2026, 3, 16), date(2026, 4, 13)), LONDON)
    assert [o.due_on for o in found] == [date(2026, 3, 16), date(2026, 3, 30), date(2026, 4, 13)]
    once = windows(plan("once", date(2026, 10, 24), expiry=2), LONDON)  # clocks go back 25 Oct
    assert len(once) == 1
    assert (once[0].opens_at, once[0].closes_at) == (utc(2026, 10, 23, 23), utc(2026, 10, 26, 0))


def test_before_each_session_closes_at_the_end_of_the_session_day():
    found = windows(plan("sessions", sessions="2026-03-30,2026-04-13"), LONDON)
    assert [o.due_on for o in found] == [date(2026, 3, 30), date(2026, 4, 13)]
    assert found[0].opens_at == utc(2026, 3, 27, 0)  # 4 days: 27, 28, 29, 30 March
    assert found[0].closes_at == utc(2026, 3, 30, 23)  # midnight BST after the session


def test_a_response_while_due_fulfils_it_in_local_time():
    found = windows(plan("weekly", date(2026, 3, 23), date(2026, 4, 6)), LONDON)
    late_sunday = utc(2026, 3, 29, 22, 59)  # 23:59 BST on Sunday: before Monday's opens
    monday = utc(2026, 3, 29, 23, 30)  # 00:30 BST on Monday 30 March
    states = with_states(found, [late_sunday], utc(2026, 4, 1))
    assert [o.state for o in states] == [MISSED, DUE, LATER]
    states = with_states(found, [monday], utc(2026, 4, 1))
    assert [o.state for o in states] == [MISSED, DONE, LATER]


def test_expiry_turns_due_into_missed():
    found = windows(plan("once", date(2026, 5, 4), expiry=4), LONDON)
    assert with_states(found, [], utc(2026, 5, 7, 22, 59))[0].state == DUE  # 23:59 Thursday
    assert with_states(found, [], utc(2026, 5, 7, 23, 0))[0].state == MISSED


def test_missed_in_a_row_counts_only_the_latest_run():
    found = windows(plan("weekly", date(2026, 5, 4), date(2026, 6, 29)), LONDON)
    taken = [utc(2026, 5, 5, 12), utc(2026, 5, 19, 12)]  # weeks 1 and 3
    assert trailing_misses(with_states(found, taken, utc(2026, 6, 6))) == 2  # 25 May, 1 June
    assert trailing_misses(with_states(found, taken, utc(2026, 5, 27))) == 0
    assert trailing_misses(with_states(found, taken + [utc(2026, 6, 1, 12)],
                                       utc(2026, 6, 16))) == 1


# Through the therapist's form and the person's home screen ---------------------------

def schedule(therapy, **fields):
    share_id = therapy["share_id"]
    return post_form(therapy["therapist_client"], f"/clients/{share_id}/measures/schedule",
                     fields, form_page=f"/clients/{share_id}/measures")


def stored(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(MeasureSchedule))


def today() -> date:
    return datetime.now(UTC).date()


@pytest.mark.parametrize(("fields", "message"), [
    ({"cadence": "weekly", "ends_on": ""}, "A repeating questionnaire needs an end date"),
    ({"cadence": "fortnightly", "ends_on": ""}, "A repeating questionnaire needs an end date"),
    ({"cadence": "sessions", "session_dates": "2099-01-05"}, "Each session date must be"),
    ({"cadence": "sessions", "session_dates": "next tuesday"}, "Write each session date"),
    ({"cadence": "once", "starts_on": "2099-01-05"}, "Choose a date from today"),
    ({"cadence": "weekly", "ends_on": "2099-01-05"}, "Choose an end from the first day"),
    ({"instrument": "beck"}, "Choose a questionnaire."),
    ({"expiry_days": "30"}, "Keep it open for 1 to 7 days."),
])
def test_bad_schedules_are_refused_and_nothing_is_stored(app, therapy, fields, message):
    data = {"instrument": "phq4", "cadence": "once", "starts_on": today().isoformat(),
            "expiry_days": "4", **fields}
    response = schedule(therapy, **data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    for name, value in fields.items():
        if name not in ("instrument", "cadence"):  # choices, not typed
            assert value in page  # what was typed is still there
    assert stored(app) == 0


def test_a_revoked_client_cannot_be_scheduled_for(app, client, therapy):
    share_id = therapy["share_id"]
    form_page = therapy["therapist_client"].get(f"/clients/{share_id}/measures")
    post_form(client, f"/share/{share_id}/revoke", {}, form_page="/share")
    response = therapy["therapist_client"].post(
        f"/clients/{share_id}/measures/schedule",
        data={"csrf_token": _token(form_page), "instrument": "phq4", "cadence": "once",
              "starts_on": today().isoformat()})
    assert response.status_code == 404
    assert stored(app) == 0


def _token(page):
    from tests.fixtures.accounts import csrf_from

    return csrf_from(page.get_data(as_text=True))


def test_a_due_questionnaire_shows_at_home_until_taken(app, client, therapy, take):
    response = schedule(therapy, instrument="phq4", cadence="weekly",
                        starts_on=today().isoformat(),
                        ends_on=(today() + timedelta(weeks=4)).isoformat(), expiry_days="4")
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "From your therapist" in home and "PHQ-4 due by" in home
    take("phq4", [1, 1, 1, 1])
    assert "PHQ-4 due by" not in client.get("/").get_data(as_text=True)
    page = therapy["therapist_client"].get(
        f"/clients/{therapy['share_id']}/measures").get_data(as_text=True)
    assert "Done 1, missed 0." in page


def test_due_and_missed_for_other_rooms(app, therapy):
    schedule(therapy, instrument="gad7", cadence="weekly",
             starts_on=today().isoformat(),
             ends_on=(today() + timedelta(weeks=4)).isoformat(), expiry_days="2")
    with app.app_context():
        person = db.session.get(User, therapy["person"].id)
        therapist = db.session.get(User, therapy["therapist"].id)
        now = datetime.now(UTC)
        assert [d.instrument for d in due_questionnaires(db.session, person, now)] == ["gad7"]
        assert missed_in_a_row(db.session, person, therapist, now) == 0
        later = now + timedelta(days=10)  # days 0 and 7 closed unanswered; 14 not open
        assert missed_in_a_row(db.session, person, therapist, later) == 2
        assert due_questionnaires(db.session, therapist, now) == []


def test_a_schedule_can_be_stopped(app, client, therapy):
    schedule(therapy, instrument="phq9", cadence="once", starts_on=today().isoformat())
    share_id = therapy["share_id"]
    with app.app_context():
        schedule_id = db.session.scalar(select(MeasureSchedule.id))
    done = post_form(therapy["therapist_client"], f"/clients/{share_id}/measures/schedule/stop",
                     {"schedule": str(schedule_id)}, form_page=f"/clients/{share_id}/measures")
    assert done.status_code == 302
    assert "PHQ-9 due by" not in client.get("/").get_data(as_text=True)
