import uuid
from datetime import date

import pytest
from sqlalchemy import select

from tests.fixtures.accounts import post_form
from webapp import db
from webapp.auth.models import User
from webapp.diary import services

# Someone else with recognisable private data is always present (tests.fixtures.people).
pytestmark = pytest.mark.usefixtures("stranger")


def test_empty_timeline_invites_a_first_log(person, client):
    html = client.get("/diary/").get_data(as_text=True)
    assert "Nothing here yet" in html and 'href="/diary/new"' in html


def test_timeline_groups_by_local_day_newest_first(person, log_twitch, client):
    log_twitch(occurred_at="2026-03-01T09:00", note="older one")
    log_twitch(occurred_at="2026-03-02T09:00", note="newer one")
    post_form(client, "/diary/checkin",
              {"uuid": str(uuid.uuid4()), "day": "2026-03-01", "anxiety": "4"})
    html = client.get("/diary/").get_data(as_text=True)
    assert html.index("Monday 02 March 2026") < html.index("Sunday 01 March 2026")
    assert html.index("newer one") < html.index("older one")
    assert "Anxiety 4/10" in html


def test_filters_by_area_trigger_and_note_words(person, log_twitch, client):
    log_twitch(areas=["eyelid:left"], triggers=["caffeine"], note="after espresso")
    log_twitch(areas=["calf:right"], triggers=["stress"], note="big meeting")
    by_area = client.get("/diary/?area=eyelid").get_data(as_text=True)
    assert "after espresso" in by_area and "big meeting" not in by_area
    by_trigger = client.get("/diary/?trigger=stress").get_data(as_text=True)
    assert "big meeting" in by_trigger and "after espresso" not in by_trigger
    by_words = client.get("/diary/?q=ESPRESSO").get_data(as_text=True)
    assert "after espresso" in by_words and "big meeting" not in by_words
    odd = client.get("/diary/?q=%25_%27%22<b>&area=nope&trigger=<x>&page=-4&month=zz"
                     "&day=2026-99-99")
    assert odd.status_code == 200 and "Nothing matches" in odd.get_data(as_text=True)


def test_timeline_paginates_by_seven_days(app, person, client):
    with app.app_context():
        user = db.session.get(User, person.id)
        for day in range(1, 11):
            services.create_entry(db.session, user, uuid.uuid4(),
                                  {"occurred_at": f"2026-01-{day:02d}T12:00",
                                   "areas": ["neck:middle"]})
        db.session.commit()
    first = client.get("/diary/").get_data(as_text=True)
    assert "Saturday 10 January 2026" in first and "Saturday 03 January 2026" not in first
    assert "Older" in first
    second = client.get("/diary/?page=1").get_data(as_text=True)
    assert "Saturday 03 January 2026" in second and "Newer" in second


def test_calendar_colours_days_by_load(app, person, client):
    with app.app_context():
        user = db.session.get(User, person.id)
        for _ in range(4):
            services.create_entry(db.session, user, uuid.uuid4(),
                                  {"occurred_at": "2026-02-10T12:00", "areas": ["neck:middle"],
                                   "intensity": "9"})
        db.session.commit()
    html = client.get("/diary/?month=2026-02").get_data(as_text=True)
    assert "February 2026" in html
    assert 'level-4' in html and "10 February: 4 twitches" in html


def test_timeline_query_budget(person, log_twitch, client, count_queries):
    for _ in range(3):
        log_twitch(triggers=["caffeine"])
    post_form(client, "/diary/checkin", {"uuid": str(uuid.uuid4())})
    for url in ("/diary/", "/diary/?area=calf&q=x", "/diary/new", "/diary/checkin"):
        with count_queries() as log:
            assert client.get(url).status_code == 200
        assert log.count <= 5, (url, log)


def test_day_grouping_follows_the_zone_across_dst(app, make_user):
    """Europe/London springs forward on 2026-03-29 at 01:00 UTC."""
    user = make_user(timezone="Europe/London")
    with app.app_context():
        person = db.session.get(User, user.id)
        before, _ = services.create_entry(db.session, person, uuid.uuid4(),
                                          {"occurred_at": "2026-03-28T23:30",
                                           "areas": ["calf:left"]})
        after, _ = services.create_entry(db.session, person, uuid.uuid4(),
                                         {"occurred_at": "2026-03-29T23:30",
                                          "areas": ["calf:left"]})
        utc_late, _ = services.create_entry(db.session, person, uuid.uuid4(),
                                            {"occurred_at": "2026-03-29T23:30:00+00:00",
                                             "areas": ["calf:left"]})
        assert before.occurred_at.hour == 23 and before.local_day == date(2026, 3, 28)
        assert after.occurred_at.hour == 22 and after.local_day == date(2026, 3, 29)
        assert utc_late.local_day == date(2026, 3, 30)  # 00:30 BST the next morning


def test_demo_fills_days_fast_and_realistically(runner, db_session):
    from sqlalchemy import func

    from webapp.diary.models import Checkin, Entry

    result = runner.invoke(args=["demo", "--days", "60"])
    assert result.exit_code == 0, result.output
    days = db_session.scalar(select(func.count(func.distinct(Entry.local_day))))
    assert 30 <= days <= 60
    assert 40 <= db_session.scalar(select(func.count()).select_from(Checkin)) <= 60
    assert db_session.scalar(select(func.count(func.distinct(Entry.areas)))) > 5
