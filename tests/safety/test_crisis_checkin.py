"""A check-in with very low mood or very high anxiety is followed by a gentle link to help now."""
from __future__ import annotations

import uuid

import pytest

from tests.fixtures.accounts import post_form

HELP_TOAST = "That sounds like a hard day"


def check_in(client, **answers) -> str:
    data = {"uuid": str(uuid.uuid4()), "anxiety": "3", "mood": "3", **answers}
    response = post_form(client, "/diary/checkin", data)
    assert response.status_code == 302
    return client.get(response.location).get_data(as_text=True)


@pytest.mark.parametrize(("answers", "offered"), [
    ({"mood": "1"}, True),
    ({"anxiety": "9"}, True),
    ({"anxiety": "10", "mood": "1"}, True),
    ({"mood": "2", "anxiety": "8"}, False),
    ({"mood": "5", "anxiety": "0"}, False),
])
def test_a_hard_day_offers_help_now_after_saving(make_user, auth, client, answers, offered):
    # Someone else's very hard day is in the database: it must not reach this person.
    other = make_user(email="robin.other@example.com", display_name="Robin")
    auth.login(other.email)
    check_in(client, mood="1", anxiety="10", note="Robin's private note")
    auth.logout()

    person = make_user()
    auth.login(person.email)
    page = check_in(client, **answers)
    assert "Check-in saved" in page
    assert "Robin" not in page
    if offered:
        assert HELP_TOAST in page
        toast = page.split(HELP_TOAST, 1)[1].split("</p>", 1)[0]
        assert '<a href="/help">Help now</a>' in toast
    else:
        assert HELP_TOAST not in page
    assert HELP_TOAST not in client.get("/diary/").get_data(as_text=True)  # shown once


def test_the_offer_is_quiet_text_not_an_alarm(person, client):
    page = check_in(client, mood="1")
    toast = page.split(HELP_TOAST, 1)[0].rsplit("<p", 1)[1]
    assert "toast-info" in toast and "danger" not in toast
