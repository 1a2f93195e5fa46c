"""The exercises' parsers: one for a session, one for a person's own breathing
pattern, shared by the forms, the JSON POST, the sync API and the import."""
import pytest
from sqlalchemy import func, select

from tests.fixtures.accounts import csrf_from, post_form
from webapp.exercises.models import CustomPattern
from webapp.exercises.parsing import parse_custom_pattern
from webapp.validation import ValidationFailed

GOOD = {"inhale": "4", "hold_in": "2", "exhale": "6", "hold_out": ""}


def problems(data):
    try:
        parse_custom_pattern(data)
    except ValidationFailed as err:
        return err.errors
    return {}


@pytest.mark.parametrize("field, value, words", [
    ("inhale", "0", "from 2 to 12"),
    ("inhale", "1.5", "from 2 to 12"),
    ("inhale", "-4", "from 2 to 12"),
    ("exhale", "99", "from 2 to 12"),
    ("exhale", "12.5", "from 2 to 12"),
    ("hold_in", "-1", "from 0 to 12"),
    ("hold_out", "13", "from 0 to 12"),
    ("inhale", "abc", "number of seconds"),
    ("exhale", "nan", "number of seconds"),
    ("exhale", "1" * 5000, "number of seconds"),
    ("exhale", None, "how many seconds to breathe out"),
    ("inhale", " ", "how many seconds to breathe in"),
    ("inhale", "4.25", "half seconds"),
    ("hold_in", "0.3", "half seconds"),
])
def test_custom_bounds_reject_bad_values_with_a_message(app, field, value, words):
    with app.test_request_context():
        errors = problems({**GOOD, field: value})
    assert list(errors) == [field]
    assert words in errors[field]


def test_custom_total_cycle_is_at_most_30_seconds(app):
    with app.test_request_context():
        errors = problems({"inhale": "10", "hold_in": "5", "exhale": "12", "hold_out": "3.5"})
    assert list(errors) == ["total"] and "30 seconds" in errors["total"]
    assert "30.5" in errors["total"]


@pytest.mark.parametrize("data", [
    {"inhale": "2", "hold_in": "0", "exhale": "2", "hold_out": "0"},
    {"inhale": "12", "hold_in": "6", "exhale": "12", "hold_out": ""},
    {"inhale": "5.5", "hold_in": "", "exhale": "5,5", "hold_out": None},
    {"inhale": 4, "hold_in": 7.5, "exhale": 8, "hold_out": 0.5},
])
def test_custom_edge_values_are_accepted(app, data):
    with app.test_request_context():
        values = parse_custom_pattern(data)
    assert sum(values.values()) <= 30 and set(values) == set(GOOD)


def test_the_custom_form_names_every_problem_at_once(person, client, db_session):
    """One parser for the form and the import: a word in one field no longer hides
    a count out of range in another."""
    response = post_form(client, "/exercises/custom",
                         {"inhale": "abc", "hold_in": "13", "exhale": "", "hold_out": "0.3"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in ("Enter a number of seconds, like 4 or 5.5.", "Choose from 0 to 12 seconds.",
                    "Enter how many seconds to breathe out, from 2 to 12.",
                    "Use whole or half seconds, like 4 or 4.5."):
        assert message in html
    assert db_session.scalar(select(func.count()).select_from(CustomPattern)) == 0


def test_the_custom_form_reads_a_decimal_comma(person, client, db_session):
    response = post_form(client, "/exercises/custom",
                         {"inhale": "4,5", "hold_in": "", "exhale": "6", "hold_out": "1"})
    assert response.status_code == 302
    row = db_session.scalar(select(CustomPattern))
    assert (row.inhale, row.hold_in, row.exhale, row.hold_out) == (4.5, 0, 6, 1)
    assert 'value="4.5"' in client.get("/exercises/custom").get_data(as_text=True)


def test_a_session_posted_as_a_json_list_is_refused_with_a_reason(person, client, db_session):
    token = csrf_from(client.get("/exercises/breathe/calm").get_data(as_text=True))
    response = client.post("/exercises/sessions", json=[1], headers={
        "X-CSRFToken": token, "Accept": "application/json"})
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"body": "Send the session as a JSON object."}
