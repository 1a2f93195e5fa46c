"""When twitches happen: parts of the local day in the entry's own time zone
(clock-change days and half-hour zones included) and situations, the owner's only."""
from datetime import date

from tests.insights.records import add_day, add_entry_at, today_for
from webapp import db
from webapp.auth.models import User
from webapp.insights.time_of_day import local_hour, when


def counts(chart):
    return {key: n for key, _label, n in chart.rows}


def test_local_hours_from_utc_quarters():
    # London, 30 March 2025: clocks went forward at 01:00 UTC; 06:30 UTC is 07:30 local.
    assert local_hour("Europe/London", date(2025, 3, 30), 6, 2) == 7
    assert local_hour("Europe/London", date(2025, 3, 30), 5, 2) == 6
    assert local_hour("Europe/London", date(2025, 3, 29), 5, 2) == 5
    # Kolkata is UTC+5:30: 00:15 UTC is 05:45 local, 00:30 UTC is 06:00.
    assert local_hour("Asia/Kolkata", date(2025, 1, 1), 0, 1) == 5
    assert local_hour("Asia/Kolkata", date(2025, 1, 1), 0, 2) == 6
    # Los Angeles 23:30 on 1 Jan is 07:30 UTC on 2 Jan.
    assert local_hour("America/Los_Angeles", date(2025, 1, 1), 7, 2) == 23


def test_an_empty_account(app, make_user, count_queries):
    me = make_user()
    with app.app_context():
        user = db.session.get(User, me.id)
        with count_queries() as log:
            parts, situations = when(db.session, user, date(2000, 1, 1), today_for(me))
        assert log.count == 1
    assert parts.total == 0 and set(counts(parts).values()) == {0}
    assert situations.total == 0 and "none" not in counts(situations)


def test_clock_change_days_and_situations_with_known_answers(app, make_user):
    other = make_user(timezone="Europe/London")
    me = make_user(timezone="Europe/London")
    add_entry_at(app, other.id, "2025-03-30T07:30", situation="bed")  # not mine
    add_entry_at(app, me.id, "2025-03-30T07:30", situation="bed")  # morning, not 06:30
    add_entry_at(app, me.id, "2025-03-30T06:10", situation="rest")  # 05:10 UTC, morning
    add_entry_at(app, me.id, "2025-03-30T05:50")  # 04:50 UTC, night
    add_entry_at(app, me.id, "2025-10-26T01:30", situation="bed")  # the hour twice: night
    add_entry_at(app, me.id, "2025-10-26T12:00", situation="after_exercise")
    add_entry_at(app, me.id, "2025-10-26T23:59", situation="active")
    add_entry_at(app, me.id, "2025-10-27T00:00", situation="rest")  # night of the next day
    add_entry_at(app, me.id, "2024-10-26T18:00")  # before the period
    with app.app_context():
        user = db.session.get(User, me.id)
        parts, situations = when(db.session, user, date(2025, 1, 1), date(2025, 12, 31))
    assert counts(parts) == {"night": 3, "morning": 2, "afternoon": 1, "evening": 1}
    assert counts(situations) == {"rest": 2, "bed": 2, "after_exercise": 1, "active": 1,
                                  "none": 1}
    assert parts.total == situations.total == 7
    assert parts.share(3) == 43 and len(parts.geometry.bars) == 4


def test_each_entry_in_its_own_time_zone(app, make_user):
    me = make_user(timezone="Asia/Kolkata")
    add_entry_at(app, me.id, "2025-01-01T05:50")  # night
    add_entry_at(app, me.id, "2025-01-01T06:05")  # morning
    with app.app_context():
        user = db.session.get(User, me.id)
        user.timezone = "America/Los_Angeles"  # moved: older entries keep their zone
        db.session.commit()
    add_entry_at(app, me.id, "2025-01-01T23:30")  # evening in Los Angeles
    with app.app_context():
        user = db.session.get(User, me.id)
        parts, _situations = when(db.session, user, date(2025, 1, 1), date(2025, 1, 2))
    assert counts(parts) == {"night": 1, "morning": 1, "afternoon": 0, "evening": 1}


def test_the_page_charts_one_day_for_the_owner_only(app, person, client, stranger):
    today = today_for(person)
    add_entry_at(app, person.id, f"{today.isoformat()}T00:10", situation="bed")
    add_day(app, person.id, today, water=8)
    html = client.get("/diary/insights").get_data(as_text=True)
    section = html.split('id="time-of-day"')[1].split('id="effects')[0]
    assert "By time of day" in section and "By situation" in section
    # Mine: one twitch at night, in bed. The stranger's twitch is not counted.
    assert "Night (0–6)</th><td>1</td><td>100%</td>" in section
    assert "In bed</th><td>1</td><td>100%</td>" in section
    assert "Not said" not in section and "style=" not in section


def test_an_impossible_period_still_shows_both_sections(app, person, client):
    today = today_for(person)
    add_entry_at(app, person.id, f"{today.isoformat()}T13:00", areas=["thumb:left"])
    for query in ("?days=18250", "?days=-3", "?days=abc", "?days=all"):
        response = client.get("/diary/insights" + query)
        assert response.status_code == 200, query
        html = response.get_data(as_text=True)
        assert 'id="time-of-day"' in html and 'id="bodymap-heat"' in html, query
        assert "Afternoon (12–18)</th><td>1</td>" in html, query
        assert 'class="heat-area heat-4" data-value="thumb:left"' in html, query
