"""The calendar fallback (.ics), the export and import of reminder settings,
account deletion, and the demo person's reminders."""
from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from icalendar import Calendar
from sqlalchemy import func, select

from tests.fixtures.accounts import post_form
from tests.portability.support import as_bytes, export, upload
from tests.reminders.conftest import api, stranger_rows
from webapp import db
from webapp.auth.models import User
from webapp.cli import DEMO_PERSON
from webapp.reminders.models import PushSubscription, ReminderSent, ReminderSettings

SETTINGS = {"timezone": "America/New_York", "checkin_on": "y", "checkin_at": "20:30",
            "exercise_times": ["08:15"], "quiet_days": ["5", "6"], "wording": "generic"}


def calendar(client: Any) -> Calendar:
    response = client.get("/settings/reminders/calendar.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"].startswith("attachment")
    return Calendar.from_ical(response.get_data())


def test_calendar_file_repeats_daily_with_an_alarm_in_the_persons_zone(client, person, other):
    post_form(client, "/settings/reminders", SETTINGS)
    cal = calendar(client)
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"Steady: check-in", "Steady: a few calm minutes"}
    checkin = events["Steady: check-in"]
    start = checkin.decoded("dtstart")
    assert (start.hour, start.minute) == (20, 30)
    assert str(start.tzinfo) == "America/New_York"
    assert checkin["dtstart"].params["TZID"] == "America/New_York"
    rule = checkin["rrule"]
    assert rule["FREQ"] == ["DAILY"]
    assert rule["BYDAY"] == ["MO", "TU", "WE", "TH", "FR"]  # Saturday and Sunday are quiet
    [alarm] = checkin.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY"
    assert alarm.decoded("trigger") == timedelta(0)
    assert [str(z["tzid"]) for z in cal.walk("VTIMEZONE")] == ["America/New_York"]
    assert "twitch" not in client.get("/settings/reminders/calendar.ics").get_data(as_text=True)


def test_calendar_every_day_and_plain_wording(client, person, other):
    post_form(client, "/settings/reminders", {**SETTINGS, "quiet_days": [],
                                              "exercise_times": [], "wording": "plain"})
    [event] = calendar(client).walk("VEVENT")
    assert "BYDAY" not in event["rrule"]
    assert str(event["summary"]) == "Steady"


def test_calendar_without_settings_asks_for_them_first(client, person, other):
    response = client.get("/settings/reminders/calendar.ics", follow_redirects=True)
    assert "Choose a reminder time and save it first" in response.get_data(as_text=True)


def test_settings_leave_in_the_export_and_come_back(app, client, person, other, make_device,
                                                    make_user, auth):
    before = stranger_rows(app, other)
    post_form(client, "/settings/reminders", SETTINGS)
    api(client, "POST", "/api/push/subscription", make_device("phone").json())
    document = export(client)
    assert document["reminder_settings"] == [{
        "timezone": "America/New_York", "checkin_on": True, "checkin_at": "20:30",
        "exercise_times": ["08:15"], "worry_on": False, "quiet_days": ["5", "6"],
        "wording": "generic", "updated_at": document["reminder_settings"][0]["updated_at"]}]
    assert "push" not in json.dumps(document)  # device keys never leave their device
    newcomer = make_user()
    auth.login(newcomer.email)
    assert upload(client, as_bytes(document)).status_code in (200, 302)
    with app.app_context():
        found = db.session.get(ReminderSettings, newcomer.id)
    assert (found.timezone, found.checkin_at, found.exercise_times) == (
        "America/New_York", "20:30", "08:15")
    assert stranger_rows(app, other) == before


def test_a_bad_imported_time_is_refused_with_its_field(app, client, person, other):
    document = export(client)
    document["reminder_settings"] = [{"timezone": "Mars/Base", "checkin_on": True,
                                      "checkin_at": "31:00", "exercise_times": [],
                                      "worry_on": False, "quiet_days": [], "wording": "generic"}]
    response = upload(client, as_bytes(document))
    html = response.get_data(as_text=True)
    assert response.status_code < 500
    assert "Enter a time like 20:30" in html or "not a time zone" in html
    with app.app_context():
        assert db.session.get(ReminderSettings, person.id) is None


def test_deleting_the_account_removes_every_reminder_row(app, client, person, other,
                                                          make_device):
    post_form(client, "/settings/reminders", SETTINGS)
    api(client, "POST", "/api/push/subscription", make_device("phone").json())
    with app.app_context():
        db.session.add(ReminderSent(user_id=person.id, kind="checkin",
                                    local_day=db.utcnow().date(), slot="20:30"))
        db.session.commit()
    before = stranger_rows(app, other)
    post_form(client, "/account/delete", {"password": person.plain_password})
    with app.app_context():
        for model in (ReminderSettings, PushSubscription, ReminderSent):
            mine = db.session.scalar(select(func.count()).select_from(model)
                                     .where(model.user_id == person.id))
            assert mine == 0, model
    assert stranger_rows(app, other) == before


def test_demo_person_is_reminded_to_check_in(app, runner, client):
    assert runner.invoke(args=["demo", "--days", "3"]).exit_code == 0
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == DEMO_PERSON))
        found = db.session.get(ReminderSettings, person.id)
    assert (found.checkin_on, found.checkin_at, found.timezone) == (True, "20:30",
                                                                    "Europe/London")
    assert runner.invoke(args=["demo", "--days", "3"]).exit_code == 0  # twice is fine
