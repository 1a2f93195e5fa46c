"""Taking a questionnaire: every item required, answers kept on a refusal, the
score worked out on the server, stored once per UUID; PHQ-9 item 9 above 0
shows the crisis lines at once and, only when shared, alerts the therapist."""
from __future__ import annotations

import uuid

from sqlalchemy import func, select

from tests.fixtures.accounts import post_form
from webapp import db
from webapp.measures.models import MeasureAlert, MeasureResponse

CRISIS = "No one is watching your answers as you give them"


def test_a_phq9_is_scored_on_the_server(client, person, take, db_session):
    response = take("phq9", [2, 2, 2, 2, 2, 0, 0, 0, 0], difficulty="1", total="0")
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "10 / 27" in page and "Moderate" in page
    assert CRISIS not in page
    stored = db_session.scalar(select(MeasureResponse))
    assert (stored.total, stored.band, stored.answers, stored.difficulty) == (
        10, "moderate", "222220000", 1)


def test_a_missing_answer_keeps_the_others(client, person, take, db_session):
    response = take("gad7", [1, 2, 3, 0, 1, 2])  # item 7 left out
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "1 question still needs an answer" in page
    assert "Choose an answer for question 7." in page
    assert page.count(" checked>") == 6
    assert 'name="item3" value="3" checked' in page
    assert db_session.scalar(select(func.count()).select_from(MeasureResponse)) == 0


def test_a_replayed_form_is_stored_once(client, person, take, db_session):
    key = str(uuid.uuid4())
    first = take("phq4", [1, 1, 1, 1], key=key)
    second = take("phq4", [3, 3, 3, 3], key=key)
    assert first.location == second.location
    assert db_session.scalar(select(func.count()).select_from(MeasureResponse)) == 1
    assert db_session.scalar(select(MeasureResponse.total)) == 4


def test_phq4_result_names_a_flagged_subscale(client, person, take):
    page = client.get(take("phq4", [2, 1, 0, 1]).location).get_data(as_text=True)
    assert "Anxiety (questions 1 and 2): 3, at or above 3" in page
    assert "Depression (questions 3 and 4): 1." in page
    assert "Mild" in page


def test_item_9_shows_the_crisis_path_at_once(client, person, take, db_session):
    result = take("phq9", [0] * 8 + [1]).location
    page = client.get(result).get_data(as_text=True)
    assert CRISIS in page
    assert 'href="/help"' in page
    assert "findahelpline.com" in page  # no region known: the lines for everywhere
    page = client.get(result, headers={"Accept-Language": "en-GB"}).get_data(as_text=True)
    assert 'href="tel:116123"' in page  # Samaritans, tap to call
    assert "Your therapist will see" not in page  # shared with no one
    assert db_session.scalar(select(func.count()).select_from(MeasureAlert)) == 0


def first_alert(app):
    with app.app_context():
        return db.session.scalar(select(MeasureAlert))


def test_item_9_alerts_a_therapist_only_when_shared(app, client, therapy, take):
    page = client.get(take("phq9", [1] * 8 + [2]).location).get_data(as_text=True)
    assert CRISIS in page and "Your therapist will see this answer" in page
    alert = first_alert(app)
    assert alert.therapist_id == therapy["therapist"].id and alert.followed_up_at is None
    therapist = therapy["therapist_client"]
    client_page = therapist.get(f"/clients/{therapy['share_id']}").get_data(as_text=True)
    assert "answered 2 on question 9" in client_page
    done = post_form(therapist, f"/clients/{therapy['share_id']}/measures/alerts",
                     {"alert": str(alert.id)}, form_page=f"/clients/{therapy['share_id']}")
    assert done.status_code == 302
    client_page = therapist.get(f"/clients/{therapy['share_id']}").get_data(as_text=True)
    assert "answered 2 on question 9" not in client_page
    alert = first_alert(app)
    assert alert.followed_up_at is not None and alert.followed_up_by == therapy["therapist"].id


def test_item_9_at_zero_shows_neither(client, therapy, take, db_session):
    page = client.get(take("phq9", [3] * 8 + [0]).location).get_data(as_text=True)
    assert CRISIS not in page
    assert db_session.scalar(select(func.count()).select_from(MeasureAlert)) == 0


def test_reliable_change_is_labelled_on_the_result(client, person, take):
    take("phq9", [2, 2, 2, 2, 2, 2, 2, 2, 0])  # 16
    page = client.get(take("phq9", [1, 1, 1, 1, 1, 1, 2, 2, 0]).location).get_data(as_text=True)
    assert "Reliable improvement" in page  # 16 -> 10
    assert "NHS Talking Therapies" in page and "at least 6 points" in page


def test_an_unknown_questionnaire_is_not_found(client, person):
    assert client.get("/measures/beck/take").status_code == 404


def test_someone_elses_response_is_not_found(app, client, person, stranger, take):
    from tests.core.test_private_routes import sign_in
    from tests.measures.conftest import take_on

    theirs = take_on(sign_in(app, stranger), "phq9", [3] * 9)
    assert client.get(theirs.location).status_code == 404
    page = client.get("/measures/").get_data(as_text=True)
    assert page.count("Not taken yet.") == 3  # their PHQ-9 is not on my list
