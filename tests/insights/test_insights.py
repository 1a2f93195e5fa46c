import csv
import io
import json
import uuid
from datetime import timedelta

from sqlalchemy import select

from tests.fixtures.accounts import post_form
from webapp import db
from webapp.auth.models import User
from webapp.diary import services
from webapp.safety import signs


def seed(app, days=10):
    """Alternate short-sleep/many-twitch days and good-sleep/calm days."""
    with app.app_context():
        user = db.session.scalar(select(User))
        now = services.local_now(user) - timedelta(minutes=30)
        for offset in range(days):
            moment = now - timedelta(days=offset)
            day = moment.date()
            short = offset % 2 == 0
            services.save_checkin(db.session, user, uuid.uuid4(),
                                  {"day": day.isoformat(), "sleep_hours": "5" if short else "8",
                                   "caffeine": "4" if short else "1",
                                   "anxiety": "7" if short else "2"})
            for _ in range(3 if short else 1):
                services.create_entry(db.session, user, uuid.uuid4(),
                                      {"occurred_at": moment.strftime("%Y-%m-%dT%H:%M"),
                                       "areas": ["eyelid:left"], "triggers": ["caffeine"],
                                       "intensity": "4"})
        db.session.commit()


def test_insights_wait_for_seven_days_on_each_side(app, person, client):
    """Ten days alternating short sleep (3 twitches) and good sleep (1): the old
    comparison from 3 days a side is gone; today is not over, so 4 short and 5 good."""
    seed(app)
    html = client.get("/diary/insights?days=30").get_data(as_text=True)
    assert "Sleep under 6 hours: not enough days yet: 4 with, 5 without" in html
    assert "you logged 3.0 twitches on average" not in html
    assert "Patterns, not a diagnosis" in html
    assert "Eyelid" in html and "Caffeine" in html
    seed(app, days=20)  # 9 short and 10 good days before today (the first ten logged twice)
    html = client.get("/diary/insights?days=30").get_data(as_text=True)
    assert "Clear: more twitches the same day" in html


def test_insights_empty_and_odd_period(person, client):
    html = client.get("/diary/insights?days=abc").get_data(as_text=True)
    assert "Nothing logged in this period yet" in html


def test_summary_lists_red_flag_answers_with_dates(app, person, client):
    seed(app, days=4)
    answers = {s.key: "no" for s in signs.for_language("en").signs}
    answers.update(weeks="yes", numbness="yes")
    post_form(client, "/diary/screener", {"uuid": str(uuid.uuid4()), **answers, "next": "/diary/"})
    html = client.get("/diary/summary").get_data(as_text=True)
    assert "Red-flag questions answered yes" in html
    assert "more than two weeks" in html and "Numbness" in html
    assert "not a diagnosis" in html


def test_exports_hold_only_the_owners_rows_and_defuse_formulas(app, client, make_user, auth,
                                                                log_twitch):
    other = make_user()
    auth.login(other.email)
    log_twitch(note="someone else")
    auth.logout()
    me = make_user()
    auth.login(me.email)
    log_twitch(note="=HYPERLINK(\"http://x\")")
    response = client.get("/diary/export/entries.csv")
    assert response.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 2 and rows[1][-1].startswith("'=")
    document = json.loads(client.get("/diary/export.json").get_data(as_text=True))
    assert [e["note"] for e in document["entries"]] == ["=HYPERLINK(\"http://x\")"]


def test_insight_pages_query_budget(app, person, client, count_queries):
    seed(app, days=3)
    # The insights page has a documented small budget of 7: the five of the design
    # plus one grouped statement each for the body areas and the times of day.
    # The doctor summary keeps the design's 5 (tests/insights/test_summary_page.py).
    for url, budget in (("/diary/insights", 7), ("/diary/summary", 5), ("/diary/export", 5)):
        with count_queries() as log:
            assert client.get(url).status_code == 200
        assert log.count <= budget, (url, log)


def test_insights_are_private(client, make_user, auth):
    assert "/login" in client.get("/diary/insights").location
    auth.login(make_user(role="therapist").email)
    assert client.get("/diary/summary").status_code == 404
