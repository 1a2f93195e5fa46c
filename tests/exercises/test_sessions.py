"""Saving exercise sessions (form and JSON), what changed, and what helps."""
import json
import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.fixtures.accounts import csrf_from, post_form
from webapp.auth.models import User
from webapp.exercises.models import CustomPattern, ExerciseSession
from webapp.exercises.services import effect_by_exercise


def count_sessions(db_session) -> int:
    return db_session.scalar(select(func.count()).select_from(ExerciseSession))


def a_session(**overrides):
    data = {
        "uuid": str(uuid.uuid4()), "exercise": "breathe", "pattern": "calm",
        "phases": [{"kind": "in", "seconds": 4}, {"kind": "hold", "seconds": 2},
                   {"kind": "out", "seconds": 6}],
        "planned_seconds": 180, "actual_seconds": 175, "anxiety_before": 7,
        "intensity_before": 6, "anxiety_after": 4, "intensity_after": 5,
        "started_at": (datetime.now(UTC) - timedelta(minutes=4)).isoformat(),
        "completed": True,
    }
    return {**data, **overrides}


def as_form(data):
    form = {k: ("" if v is None else v) for k, v in data.items()}
    form["phases"] = json.dumps(data["phases"])
    form["completed"] = "true" if data["completed"] else "false"
    return form


def post_json(client, data, page="/exercises/breathe/calm"):
    token = csrf_from(client.get(page).get_data(as_text=True))
    return client.post("/exercises/sessions", json=data,
                       headers={"Accept": "application/json", "X-CSRFToken": token})


def test_session_saved_by_form_shows_what_changed(person, client, db_session):
    data = a_session()
    response = post_form(client, "/exercises/sessions", as_form(data),
                         form_page="/exercises/breathe/calm")
    assert response.status_code == 302
    assert response.location.endswith(f"/exercises/sessions/{data['uuid']}")
    page = client.get(response.location).get_data(as_text=True)
    assert "4-2-6 calming breath" in page and "7 before, 4 after" in page and "down 3" in page
    row = db_session.scalar(select(ExerciseSession))
    assert (row.exercise, row.pattern, row.planned_seconds, row.actual_seconds) == (
        "breathe", "calm", 180, 175)
    assert json.loads(row.phases)[2] == {"kind": "out", "seconds": 6.0}
    assert row.completed is True and row.started_at.tzinfo is not None


def test_session_saved_twice_by_form_is_stored_once(person, client, db_session):
    data = as_form(a_session())
    post_form(client, "/exercises/sessions", data, form_page="/exercises/breathe/calm")
    again = post_form(client, "/exercises/sessions", data, form_page="/exercises/breathe/calm",
                      follow_redirects=True)
    assert "already saved" in again.get_data(as_text=True)
    assert count_sessions(db_session) == 1


def test_session_saved_by_json_is_idempotent(person, client, db_session):
    data = a_session(exercise="grounding", pattern=None, phases=None, anxiety_after=None)
    first = post_json(client, data)
    assert first.status_code == 201
    assert first.get_json() == {"status": "created", "uuid": data["uuid"],
                                "url": f"/exercises/sessions/{data['uuid']}"}
    second = post_json(client, {**data, "anxiety_before": 1})
    assert second.status_code == 200 and second.get_json()["status"] == "exists"
    assert count_sessions(db_session) == 1
    assert db_session.scalar(select(ExerciseSession.anxiety_before)) == 7


@pytest.mark.parametrize("field, value, words", [
    ("anxiety_before", 11, "from 0 (not at all) to 10"),
    ("intensity_after", -1, "from 0 (not at all) to 10"),
    ("anxiety_after", "lots", "from 0 (not at all) to 10"),
    ("anxiety_before", 4.5, "from 0 (not at all) to 10"),
    ("exercise", "juggling", "do not know this exercise"),
    ("pattern", "square", "do not know this breathing pattern"),
    ("phases", [{"kind": "gasp", "seconds": 4}], "breathing steps"),
    ("actual_seconds", -5, "from 0 up to 4 hours"),
    ("planned_seconds", 4 * 3600 + 1, "from 0 up to 4 hours"),
    ("actual_seconds", "ten", "from 0 up to 4 hours"),
    ("started_at", "yesterday", "date and time"),
    ("started_at", "1999-12-31T23:00:00+00:00", "too long ago"),
    ("uuid", "not-a-uuid", "no valid ID"),
])
def test_bad_session_values_are_refused_and_nothing_is_stored(person, client, db_session, field,
                                                              value, words):
    response = post_json(client, a_session(**{field: value}))
    assert response.status_code == 422
    body = response.get_json()
    assert words in body["errors"][field]
    assert count_sessions(db_session) == 0


def test_a_start_time_in_the_future_is_refused(person, client, db_session):
    soon = (datetime.now(UTC) + timedelta(minutes=4)).isoformat()
    assert post_json(client, a_session(started_at=soon)).status_code == 201
    later = (datetime.now(UTC) + timedelta(minutes=10)).isoformat()
    response = post_json(client, a_session(started_at=later))
    assert response.status_code == 422 and "future" in response.get_json()["errors"]["started_at"]
    assert count_sessions(db_session) == 1


def test_a_routine_session_has_no_pattern(person, client, db_session):
    response = post_json(client, a_session(exercise="pmr", pattern="calm"))
    assert response.status_code == 422 and "pattern" in response.get_json()["errors"]


def test_bad_rating_by_form_comes_back_with_the_message(person, client, db_session):
    data = as_form(a_session(anxiety_after="12"))
    response = post_form(client, "/exercises/sessions", data, form_page="/exercises/breathe/calm")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Rate from 0 (not at all) to 10" in html
    assert f'value="{data["uuid"]}"' in html  # the record is kept for a second try
    assert re.search(r'<input checked [^>]*name="anxiety_before" type="radio" value="7"', html)
    assert count_sessions(db_session) == 0


def test_another_persons_uuid_is_refused_and_left_alone(make_user, auth, client, db_session):
    owner = make_user()
    auth.login(owner.email)
    data = a_session()
    assert post_json(client, data).status_code == 201
    auth.logout()
    other = make_user()
    auth.login(other.email)
    response = post_json(client, {**data, "anxiety_before": 0})
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"uuid": "This record cannot be saved."}
    row = db_session.scalar(select(ExerciseSession))
    assert (row.user_id, row.anxiety_before) == (owner.id, 7)
    assert count_sessions(db_session) == 1
    assert client.get(f"/exercises/sessions/{data['uuid']}").status_code == 404


def test_anonymous_save_is_invited_to_log_in(client, db_session):
    response = post_form(client, "/exercises/sessions",
                         {**as_form(a_session()), "back": "/exercises/breathe/calm"},
                         form_page="/exercises/breathe/calm")
    assert response.status_code == 302
    assert "/login" in response.location and "breathe" in response.location
    assert count_sessions(db_session) == 0
    answer = post_json(client, a_session())
    assert answer.status_code == 401 and "/login" in answer.get_json()["login"]


def test_save_without_csrf_token_is_refused(person, client, db_session):
    response = client.post("/exercises/sessions", data=as_form(a_session()))
    assert response.status_code == 400
    response = client.post("/exercises/sessions", json=a_session(),
                           headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert count_sessions(db_session) == 0


def test_what_helps_lists_the_biggest_anxiety_drop_first(person, client, db_session):
    made_up = [
        a_session(anxiety_before=8, anxiety_after=4, intensity_before=6, intensity_after=5),
        a_session(anxiety_before=6, anxiety_after=4, intensity_before=None),
        a_session(pattern="box", phases=None, anxiety_before=5, anxiety_after=5,
                  intensity_before=4, intensity_after=1),
        a_session(exercise="grounding", pattern=None, phases=None, anxiety_before=9,
                  anxiety_after=4),
        a_session(exercise="pmr", pattern=None, phases=None, anxiety_before=None,
                  anxiety_after=None, intensity_before=None, intensity_after=None),
    ]
    for data in made_up:
        assert post_json(client, data).status_code == 201
    user = db_session.get(User, person.id)
    rows = [(e.exercise, e.pattern, e.sessions, e.anxiety_drop, e.intensity_sessions,
             e.intensity_drop) for e in effect_by_exercise(db_session, user)]
    assert rows == [
        ("grounding", None, 1, 5.0, 1, 1.0),
        ("breathe", "calm", 2, 3.0, 1, 1.0),
        ("breathe", "box", 1, 0.0, 1, 3.0),
    ]
    html = client.get("/exercises").get_data(as_text=True)
    assert "What helps you" in html
    assert html.index("Grounding") < html.index("4-2-6 calming breath")
    assert "anxiety down 5 on average" in html and "anxiety about the same" in html


def test_signed_out_index_has_no_personal_section(client):
    html = client.get("/exercises").get_data(as_text=True)
    assert "What helps you" not in html and "Log in to choose" in html


def test_deleting_the_account_removes_its_sessions(person, client, db_session):
    post_json(client, a_session())
    post_form(client, "/exercises/custom", {"inhale": "4", "exhale": "6"})
    post_form(client, "/account/delete", {"password": person.plain_password})
    assert count_sessions(db_session) == 0
    assert db_session.scalar(select(func.count()).select_from(CustomPattern)) == 0


def test_result_page_stays_within_the_query_budget(person, client, count_queries):
    data = a_session()
    post_json(client, data)
    with count_queries() as log:
        response = client.get(f"/exercises/sessions/{data['uuid']}")
    assert response.status_code == 200 and log.count <= 5, log
