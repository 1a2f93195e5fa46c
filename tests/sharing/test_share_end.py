"""Shares that end: the person sets, moves or clears an end date; after it, the
therapist sees a clear message and none of the diary, and the share counts as
active nowhere."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.fixtures.accounts import post_form
from tests.sharing.support import ALL_PARTS, change_share, code_of, share, signed_in, today
from webapp import db
from webapp.sharing.models import Share


def test_an_end_date_is_set_when_sharing(app, make_user):
    therapist = make_user(role="therapist")
    person = make_user()
    code = code_of(signed_in(app, therapist))
    client = signed_in(app, person)
    ends = (today() + timedelta(days=60)).isoformat()
    shared = post_form(client, "/share", {**ALL_PARTS, "code": code, "ends_on": ends})
    assert shared.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Share.ends_on)).isoformat() == ends
    assert "Sharing ends on" in client.get("/share").get_data(as_text=True)


@pytest.mark.parametrize(("value", "message"), [
    ("2099-01-01", "within two years"),
    ("yesterday", "as a date"),
    ("2026-02-30", "as a date"),
    ("past", "has passed"),
])
def test_a_bad_end_date_is_refused_with_a_message(app, make_user, value, message):
    therapist = make_user(role="therapist")
    code = code_of(signed_in(app, therapist))
    client = signed_in(app, make_user())
    if value == "past":
        value = (today() - timedelta(days=1)).isoformat()
    response = post_form(client, "/share", {**ALL_PARTS, "code": code, "ends_on": value})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and f'value="{value}"' in html
    with app.app_context():
        assert db.session.scalar(select(Share.id)) is None


def test_the_person_moves_or_clears_the_end(app, make_user):
    pair = share(app, make_user)
    url = f"/share/{pair.share_id}/end"
    bad = post_form(pair.person_client, url, {"ends_on": "2099-12-31"}, form_page="/share",
                    follow_redirects=True)
    assert "within two years" in bad.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Share, pair.share_id).ends_on is None
    later = (today() + timedelta(days=10)).isoformat()
    post_form(pair.person_client, url, {"ends_on": later}, form_page="/share")
    with app.app_context():
        assert db.session.get(Share, pair.share_id).ends_on.isoformat() == later
    post_form(pair.person_client, url, {"ends_on": ""}, form_page="/share")
    with app.app_context():
        assert db.session.get(Share, pair.share_id).ends_on is None


def test_an_ended_share_shows_the_therapist_a_message_and_no_data(app, make_user, log_twitch):
    pair = share(app, make_user, name="Robin")
    post_form(pair.person_client, "/diary/new", {
        "uuid": "7d7c5b0e-1111-4a4a-8b8b-000000000001", "occurred_at":
        (today()).isoformat() + "T08:00", "areas": ["calf:left"], "note": "ROBIN-WORDS"})
    post_form(pair.person_client, f"/share/{pair.share_id}", {**ALL_PARTS, "notes": "y"},
              form_page="/share")
    assert "ROBIN-WORDS" in pair.therapist_client.get(f"/clients/{pair.share_id}").get_data(
        as_text=True)
    ended = today() - timedelta(days=1)
    change_share(app, pair.share_id, ends_on=ended)
    for url in (f"/clients/{pair.share_id}", f"/clients/{pair.share_id}/safety"):
        response = pair.therapist_client.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 410
        assert f"This share ended on {ended.strftime('%d %b %Y')}" in html
        assert "ROBIN-WORDS" not in html and "Left calf" not in html
    listing = pair.therapist_client.get("/clients").get_data(as_text=True)
    assert "Robin" not in listing and "No clients share with you yet" in listing
    assert "This share ended on" in pair.person_client.get("/share").get_data(as_text=True)
    post_form(pair.person_client, f"/share/{pair.share_id}/end", {"ends_on": ""},
              form_page="/share")
    assert pair.therapist_client.get(f"/clients/{pair.share_id}").status_code == 200


def test_the_end_day_itself_still_counts(app, make_user):
    pair = share(app, make_user)
    change_share(app, pair.share_id, ends_on=today())
    assert pair.therapist_client.get(f"/clients/{pair.share_id}").status_code == 200
