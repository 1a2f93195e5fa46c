"""The reminders settings page: saving, refusing bad times and zones with the
typed values kept, the worry-time reminder, the budget, and the stranger."""
from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from tests.fixtures.accounts import post_form
from tests.reminders.conftest import stranger_rows
from webapp import db
from webapp.reminders.models import ReminderSettings

GOOD = {"timezone": "Europe/Madrid", "checkin_on": "y", "checkin_at": "20:30",
        "exercise_times": ["08:00", "", "13:15"], "quiet_days": ["5", "6"], "wording": "plain"}


def stored(app: Any, user: Any) -> ReminderSettings | None:
    with app.app_context():
        return db.session.scalar(select(ReminderSettings).where(
            ReminderSettings.user_id == user.id))


def test_settings_page_saves_what_was_chosen(app, client, person, other):
    before = stranger_rows(app, other)
    page = client.get("/settings/reminders")
    assert page.status_code == 200
    assert "Time for your check-in" in page.get_data(as_text=True)
    response = post_form(client, "/settings/reminders", GOOD)
    assert response.status_code == 302
    found = stored(app, person)
    assert (found.timezone, found.checkin_on, found.checkin_at) == ("Europe/Madrid", True, "20:30")
    assert found.exercise_list == ["08:00", "13:15"]
    assert found.quiet_weekdays == {5, 6} and found.wording == "plain"
    html = client.get("/settings/reminders").get_data(as_text=True)
    assert 'value="13:15"' in html and 'value="Europe/Madrid"' in html
    assert stranger_rows(app, other) == before


@pytest.mark.parametrize(("field", "typed", "words"), [
    ("checkin_at", "25:99", "Enter a time like 20:30"),
    ("checkin_at", "half past eight", "Enter a time like 20:30"),
    ("timezone", "Mars/Olympus_Mons", "is not a time zone Steady knows"),
    ("timezone", "", "is not a time zone Steady knows"),
    ("exercise_times", ["7 am"], "Enter each time like 08:00"),
    ("quiet_days", ["9"], "Choose quiet days from the list"),
    ("wording", "SCARY", "Choose one of the wordings"),
])
def test_bad_input_is_named_and_what_was_typed_stays(app, client, person, other, field, typed,
                                                    words):
    response = post_form(client, "/settings/reminders", {**GOOD, field: typed})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert words in html
    assert "Everything you entered is still here" in html
    if isinstance(typed, str) and typed and field in ("timezone", "checkin_at"):
        assert f'value="{typed}"' in html
    if field != "exercise_times":
        assert 'value="13:15"' in html  # another field, as typed
    else:
        assert 'value="7 am"' in html
    assert stored(app, person) is None


def test_check_in_switched_on_needs_a_time(client, person, other):
    response = post_form(client, "/settings/reminders", {**GOOD, "checkin_at": ""})
    assert response.status_code == 422
    assert "Enter a time like 20:30" in response.get_data(as_text=True)


def test_worry_reminder_uses_the_recovery_worry_time(app, client, person, other):
    html = client.get("/settings/reminders").get_data(as_text=True)
    assert "Set a worry time first" in html
    post_form(client, "/recovery/settings/window", {"start": "18:30", "length": "15"},
              form_page="/recovery/settings")
    html = client.get("/settings/reminders").get_data(as_text=True)
    assert "Remind me at my worry time (18:30)" in html
    post_form(client, "/settings/reminders", {**GOOD, "worry_on": "y"})
    assert stored(app, person).worry_on


def test_page_without_push_configuration_says_so(app, client, person, other):
    app.config["VAPID_SUBJECT"] = ""
    html = client.get("/settings/reminders").get_data(as_text=True)
    assert "push is not configured" in html
    assert "data-push-on" not in html
    assert "calendar.ics" in html


def test_account_page_links_to_reminders(client, person):
    assert "/settings/reminders" in client.get("/account").get_data(as_text=True)


def test_settings_page_keeps_the_query_budget(client, person, other, count_queries):
    post_form(client, "/settings/reminders", GOOD)
    with count_queries() as log:
        assert client.get("/settings/reminders").status_code == 200
    assert log.count <= 5, log


def test_a_therapist_gets_no_reminders_page(client, make_user, auth):
    therapist = make_user(role="therapist")
    auth.login(therapist.email)
    assert client.get("/settings/reminders").status_code == 404


def test_signed_out_goes_to_login(client):
    assert client.get("/settings/reminders").status_code == 302
