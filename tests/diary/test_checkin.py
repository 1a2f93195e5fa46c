import uuid

import pytest
from sqlalchemy import func, select

from tests.fixtures.accounts import post_form
from webapp.diary.models import Checkin

# Someone else with recognisable private data is always present (tests.fixtures.people).
pytestmark = pytest.mark.usefixtures("stranger")


def test_checkin_has_calm_defaults(person, client):
    html = client.get("/diary/checkin").get_data(as_text=True)
    assert 'name="anxiety" value="3" checked' in html
    assert 'data-outbox-kind="checkin"' in html


def test_checkin_once_per_day_second_visit_edits(person, client, db_session):
    first = post_form(client, "/diary/checkin", {"uuid": str(uuid.uuid4()), "anxiety": "6",
                                                 "sleep_hours": "6.5", "twitchiness": "many"})
    assert first.status_code == 302
    page = client.get("/diary/checkin").get_data(as_text=True)
    assert "already checked in" in page and 'name="anxiety" value="6" checked' in page
    second = post_form(client, "/diary/checkin", {"uuid": str(uuid.uuid4()), "anxiety": "2",
                                                  "version": "1"})
    assert second.status_code == 302
    mine = select(Checkin).where(Checkin.user_id == person.id)
    assert len(db_session.scalars(mine).all()) == 1
    assert db_session.scalar(mine).anxiety == 2


def test_weekly_screener_follows_the_first_checkin(person, client):
    response = post_form(client, "/diary/checkin", {"uuid": str(uuid.uuid4()), "anxiety": "1"})
    assert "/diary/screener?reason=weekly" in response.location


@pytest.mark.parametrize("field,value,message", [
    ("anxiety", "11", "Anxiety is a number from 0"),
    ("sleep_hours", "25", "Sleep is between 0 and 24"),
    ("sleep_hours", "lots", "Sleep is between 0 and 24"),
    ("caffeine", "-2", "Caffeine drinks"),
    ("twitchiness", "tons", "none, a few or many"),
    ("day", "2099-01-01", "has not happened yet"),
    ("note", "y" * 100_000, "under 2000 characters"),
])
def test_checkin_bad_input(person, client, db_session, field, value, message):
    response = post_form(client, "/diary/checkin", {"uuid": str(uuid.uuid4()), "water": "7",
                                                    field: value})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert 'value="7"' in html
    assert db_session.scalar(select(func.count()).select_from(Checkin)
                             .where(Checkin.user_id == person.id)) == 0
