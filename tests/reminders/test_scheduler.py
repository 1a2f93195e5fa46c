"""The scheduler behind `flask --app wsgi send-reminders`: due at the person's
own time across both summer-time changes in two zones, exactly once however
often, late or concurrently it runs, skipped after today's check-in, and never
stopped by one bad row or a push service that fails."""
from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from tests.core.test_private_routes import sharing_code, sign_in
from tests.fixtures.accounts import PASSWORD, post_form
from tests.measures.conftest import share_code_with, share_id_on
from tests.reminders.conftest import api, stranger_rows
from webapp import db
from webapp.auth.models import User
from webapp.measures.parsing import parse_schedule
from webapp.measures.schedules import create_schedule
from webapp.reminders import scheduler, services
from webapp.reminders.models import PushSubscription, ReminderSent, ReminderSettings

URL = "/api/push/subscription"
MADRID, NEW_YORK = ZoneInfo("Europe/Madrid"), ZoneInfo("America/New_York")


def settings(**values: Any) -> ReminderSettings:
    base = {"timezone": "Europe/Madrid", "checkin_on": True, "checkin_at": "20:30",
            "exercise_times": "", "worry_on": False, "quiet_days": "", "wording": "generic"}
    return ReminderSettings(user_id=1, **{**base, **values})


def due(found: ReminderSettings, now: datetime, grace: int = 30) -> list[scheduler.Due]:
    return list(scheduler.due_now(found, None, now, timedelta(minutes=grace)))


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# The moment a reminder is due ------------------------------------------------------------

@pytest.mark.parametrize(("zone", "at", "day", "expected_utc"), [
    # Madrid: summer time starts 2026-03-29 (02:00 -> 03:00), ends 2026-10-25 (03:00 -> 02:00)
    ("Europe/Madrid", "20:30", date(2026, 3, 28), utc(2026, 3, 28, 19, 30)),
    ("Europe/Madrid", "20:30", date(2026, 3, 29), utc(2026, 3, 29, 18, 30)),
    ("Europe/Madrid", "02:30", date(2026, 3, 29), utc(2026, 3, 29, 1, 30)),  # skipped: 03:30
    ("Europe/Madrid", "02:30", date(2026, 10, 25), utc(2026, 10, 25, 0, 30)),  # twice: first
    ("Europe/Madrid", "20:30", date(2026, 10, 25), utc(2026, 10, 25, 19, 30)),
    # New York: summer time starts 2026-03-08 (02:00 -> 03:00), ends 2026-11-01 (02:00 -> 01:00)
    ("America/New_York", "08:00", date(2026, 3, 7), utc(2026, 3, 7, 13, 0)),
    ("America/New_York", "08:00", date(2026, 3, 8), utc(2026, 3, 8, 12, 0)),
    ("America/New_York", "02:15", date(2026, 3, 8), utc(2026, 3, 8, 7, 15)),  # skipped: 03:15
    ("America/New_York", "01:30", date(2026, 11, 1), utc(2026, 11, 1, 5, 30)),  # twice: first
    ("America/New_York", "08:00", date(2026, 11, 1), utc(2026, 11, 1, 13, 0)),
])
def test_the_moment_follows_the_local_clock(zone, at, day, expected_utc):
    assert scheduler.moment(day, at, ZoneInfo(zone)) == expected_utc
    found = settings(timezone=zone, checkin_at=at)
    assert due(found, expected_utc - timedelta(seconds=1)) == []
    assert [d.local_day for d in due(found, expected_utc)] == [day]
    assert [d.local_day for d in due(found, expected_utc + timedelta(minutes=29))] == [day]
    assert due(found, expected_utc + timedelta(minutes=30)) == []  # past the grace window


def test_quiet_days_and_switched_off_reminders_are_never_due():
    sunday = utc(2026, 3, 29, 18, 30)  # 20:30 in Madrid
    assert due(settings(quiet_days="6"), sunday) == []
    assert due(settings(checkin_on=False), sunday) == []
    both = settings(exercise_times="20:30")
    assert sorted(d.kind for d in due(both, sunday)) == ["checkin", "exercise"]


def test_a_late_slot_before_midnight_still_counts_after_it():
    found = settings(timezone="America/New_York", checkin_at="23:50")
    after_midnight = datetime(2026, 11, 2, 0, 10, tzinfo=NEW_YORK)
    [late] = due(found, after_midnight.astimezone(UTC))
    assert late.local_day == date(2026, 11, 1)


# Whole runs against the fake push service --------------------------------------------------

def remind(app: Any, user: Any, **values: Any) -> None:
    base = {"timezone": "Europe/Madrid", "checkin_on": True, "checkin_at": "20:30",
            "exercise_times": "", "worry_on": False, "quiet_days": "", "wording": "generic"}
    with app.app_context():
        services.save_settings(db.session, user, {**base, **values})
        db.session.commit()


def run(app: Any, now: datetime, grace: int = 30) -> Counter[str]:
    with app.app_context():
        return scheduler.run(db.session, now, grace)


@pytest.fixture
def phone(app, client, person, other, make_device):
    device = make_device("phone")
    assert api(client, "POST", URL, device.json()).status_code == 201
    return device


@pytest.mark.parametrize(("zone", "at", "start"), [
    ("Europe/Madrid", "02:30", utc(2026, 3, 28, 0, 0)),
    ("Europe/Madrid", "02:30", utc(2026, 10, 24, 0, 0)),
    ("Europe/Madrid", "20:30", utc(2026, 3, 28, 0, 0)),
    ("America/New_York", "02:15", utc(2026, 3, 7, 4, 0)),
    ("America/New_York", "01:30", utc(2026, 10, 31, 4, 0)),
    ("America/New_York", "08:00", utc(2026, 10, 31, 4, 0)),
])
def test_every_five_minutes_for_two_days_sends_once_a_day(app, person, other, phone,
                                                          push_service, zone, at, start):
    remind(app, person, timezone=zone, checkin_at=at)
    before = stranger_rows(app, other)
    for step in range(0, 48 * 60, 5):
        run(app, start + timedelta(minutes=step))
    assert len(push_service.to("phone")) == 2  # one per local day, over the DST change
    with app.app_context():
        days = db.session.scalars(select(ReminderSent.local_day).where(
            ReminderSent.user_id == person.id).order_by(ReminderSent.local_day)).all()
    assert len(set(days)) == 2
    # The stranger's own 07:15 New York reminder, once a day, and nothing of this person's.
    assert len(push_service.to("stranger")) == 2
    assert stranger_rows(app, other)[:2] == before[:2]


def test_twice_at_the_same_time_sends_once(app, person, other, phone, push_service):
    remind(app, person)
    moment = utc(2026, 6, 1, 18, 31)
    assert run(app, moment)["sent"] == 1
    second = run(app, moment + timedelta(minutes=1))
    assert (second["sent"], second["skipped"]) == (0, 1)
    assert len(push_service.to("phone")) == 1


def test_two_overlapping_runs_send_once(app, person, other, phone, push_service):
    remind(app, person)
    push_service.answers["phone"] = 201
    moment = utc(2026, 6, 1, 18, 35)
    start = threading.Barrier(3)
    results: list[Counter[str]] = []

    def one_run() -> None:
        start.wait()
        results.append(run(app, moment))

    threads = [threading.Thread(target=one_run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sum(r["sent"] for r in results) == 1
    assert sum(r["errors"] for r in results) == 0
    assert len(push_service.to("phone")) == 1


def test_a_late_run_within_the_grace_window_sends_an_older_one_skips(app, person, other, phone,
                                                                    push_service):
    remind(app, person)
    assert run(app, utc(2026, 6, 1, 19, 15))["sent"] == 0  # 45 minutes late
    assert run(app, utc(2026, 6, 2, 18, 55))["sent"] == 1  # 25 minutes late
    assert len(push_service.to("phone")) == 1


def test_skipped_when_already_checked_in_today(app, client, person, other, phone, push_service):
    now = datetime.now(UTC)
    local = now.astimezone(MADRID)
    remind(app, person, checkin_at=local.strftime("%H:%M"),
           exercise_times=local.strftime("%H:%M"))
    response = post_form(client, "/diary/checkin", {"uuid": "8f7c7a51-3a0e-4c1e-9b44-5b7f0ad1c001",
                                                    "anxiety": "3"})
    assert response.status_code == 302
    with app.app_context():
        from webapp.diary.models import Checkin

        [day] = db.session.scalars(select(Checkin.day).where(Checkin.user_id == person.id)).all()
    if day != local.date():  # the account's zone (UTC) and Madrid disagree around midnight
        pytest.skip("the check-in's day is not Madrid's today at this moment")
    counts = run(app, now)
    assert counts["sent"] == 1  # the exercise reminder only
    assert counts["skipped"] == 1
    message = push_service.to("phone")
    assert len(message) == 1


def test_410_during_a_run_removes_the_subscription(app, person, other, phone, push_service):
    remind(app, person)
    push_service.answers["phone"] = 410
    counts = run(app, utc(2026, 6, 1, 18, 31))
    assert (counts["removed"], counts["sent"]) == (1, 0)
    with app.app_context():
        left = db.session.scalars(select(PushSubscription.user_id)).all()
    assert left == [other.id]


def test_a_5xx_is_retried_on_the_next_run_and_never_sent_twice(app, person, other, phone,
                                                               push_service, caplog):
    remind(app, person)
    push_service.answers["phone"] = 500
    first = run(app, utc(2026, 6, 1, 18, 31))
    assert (first["failed"], first["sent"]) == (1, 0)
    assert "failed: HTTP 500" in caplog.text
    push_service.answers["phone"] = 201
    assert run(app, utc(2026, 6, 1, 18, 36))["sent"] == 1
    assert run(app, utc(2026, 6, 1, 18, 41))["sent"] == 0
    assert len(push_service.to("phone")) == 2  # the failed try, then the accepted one


def test_one_device_accepting_means_sent_even_if_another_failed(app, client, person, other,
                                                               phone, push_service, make_device):
    api(client, "POST", URL, make_device("tablet").json())
    remind(app, person)
    push_service.answers["tablet"] = 503
    assert run(app, utc(2026, 6, 1, 18, 31))["sent"] == 1
    run(app, utc(2026, 6, 1, 18, 36))
    assert (len(push_service.to("phone")), len(push_service.to("tablet"))) == (1, 1)


def test_a_hanging_push_service_times_out_and_is_logged(app, person, other, phone,
                                                        push_service, caplog):
    remind(app, person)
    push_service.answers["phone"] = "hang"
    counts = run(app, utc(2026, 6, 1, 18, 31))
    assert counts["failed"] == 1
    assert "timed out" in caplog.text


def test_one_bad_row_does_not_stop_the_others(app, person, other, phone, push_service, caplog):
    remind(app, person)
    with app.app_context():
        found = db.session.scalar(select(ReminderSettings).where(
            ReminderSettings.user_id == other.id))
        found.timezone = "Not/AZone"  # as if written by an older version
        db.session.commit()
    counts = run(app, utc(2026, 6, 1, 18, 31))
    assert (counts["errors"], counts["sent"]) == (1, 1)
    assert f"reminders for user {other.id} could not be handled" in caplog.text
    assert push_service.to("stranger") == []


def test_the_command_prints_a_one_line_summary(app, runner, person, other, phone, push_service):
    remind(app, person)
    result = runner.invoke(args=["send-reminders", "--now", "2026-06-01T20:31:00+02:00"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == ("send-reminders: 1 sent, 0 skipped, 0 failed, "
                                     "0 subscriptions removed, 0 errors")
    bad = runner.invoke(args=["send-reminders", "--now", "yesterday"])
    assert bad.exit_code != 0 and "--now" in bad.output


def test_the_command_refuses_without_a_subject(app, runner, person, other):
    app.config["VAPID_SUBJECT"] = ""
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code != 0
    assert "STEADY_VAPID_SUBJECT" in result.output


def test_worry_time_reminder_comes_at_the_recovery_worry_time(app, client, person, other, phone,
                                                              push_service):
    response = post_form(client, "/recovery/settings/window", {"start": "18:30", "length": "15"},
                         form_page="/recovery/settings")
    assert response.status_code == 302
    remind(app, person, timezone="UTC", checkin_on=False, worry_on=True)
    assert run(app, utc(2026, 6, 1, 18, 29))["sent"] == 0
    assert run(app, utc(2026, 6, 1, 18, 32))["sent"] == 1
    from tests.reminders.test_push import decrypt

    message = decrypt(phone, push_service.to("phone")[0]["body"])
    assert message["body"] == "Your worry time is here" and message["url"] == "/recovery/worry"


def test_a_questionnaire_a_therapist_scheduled_is_reminded_once_when_it_opens(
        app, client, make_user, person, other, phone, push_service):
    """PHQ-4 due in three days: the day it opens, one reminder at the person's check-in
    time beside the check-in one; never again for it, however often the command runs."""

    remind(app, person)
    therapist = make_user(role="therapist", display_name="Dr Lee")
    therapist_client = sign_in(app, therapist)
    share_code_with(client, sharing_code(therapist_client))
    assert share_id_on(therapist_client)
    day = date.today() + timedelta(days=3)
    with app.app_context():
        values = parse_schedule({"instrument": "phq4", "cadence": "once",
                                 "starts_on": day.isoformat(), "expiry_days": "4"}, date.today())
        create_schedule(db.session, therapist, person, values)
        db.session.commit()
    at = scheduler.moment(day, "20:30", MADRID)
    for minutes in (1, 2, 10):  # three runs inside the grace window
        run(app, at + timedelta(minutes=minutes))
    bodies = [r for r in push_service.to("phone")]
    assert len(bodies) == 2  # the check-in and the questionnaire, once each
    with app.app_context():
        kinds = sorted(db.session.scalars(select(ReminderSent.kind).where(
            ReminderSent.user_id == person.id)))
    assert kinds == ["checkin", "questionnaire"]
    run(app, at + timedelta(days=1, minutes=1))  # the next day: only the check-in
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReminderSent).where(
            ReminderSent.user_id == person.id, ReminderSent.kind == "questionnaire")) == 1
    assert len(push_service.to("phone")) == 3 and push_service.to("stranger") == []


def test_each_person_is_reminded_in_their_own_language(app, person, other, phone, push_service):
    """Sent by the command, with no request to take a language from: the account's."""
    from tests.reminders.test_push import decrypt

    with app.app_context():
        db.session.get(User, person.id).language = "es"
        db.session.commit()
    remind(app, person)
    assert run(app, utc(2026, 6, 1, 18, 31))["sent"] >= 1
    spanish = decrypt(phone, push_service.to("phone")[0]["body"])
    with app.app_context(), force_locale("es"):
        assert spanish["body"] == str(gettext("Time for your check-in")) != "Time for your check-in"
        assert [a["title"] for a in spanish["actions"]] == [gettext("Check in"), gettext("Breathe")]


def test_sign_up_keeps_the_language_the_page_was_in(app, client):
    response = post_form(client, "/register", {
        "display_name": "Lucía", "email": "lucia@example.com", "password": PASSWORD,
        "timezone": "Europe/Madrid"}, headers={"Accept-Language": "es-MX,es;q=0.9"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User.language).where(
            User.email == "lucia@example.com")) == "es"
