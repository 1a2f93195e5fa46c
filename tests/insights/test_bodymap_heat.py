"""The body map over time: counts per area for the period, heat levels on the
diary body map's shapes, the last 12 weeks per area, the owner's entries only."""
from datetime import date, timedelta

from tests.insights.records import add_day, add_entry_at, today_for
from webapp import db
from webapp.auth.models import User
from webapp.diary import services as diary
from webapp.insights.bodymap_heat import WEEKS, area_keys, heat, level


def at(day: date, clock: str = "10:00") -> str:
    return f"{day.isoformat()}T{clock}"


def test_levels_split_the_busiest_count_in_four():
    assert [level(n, 8) for n in (0, 1, 2, 3, 4, 5, 7, 8)] == [0, 1, 1, 2, 2, 3, 4, 4]
    assert level(3, 0) == 0
    assert "calf:both" in area_keys() and "neck:middle" in area_keys()
    assert "neck:left" not in area_keys()


def test_an_empty_account_has_no_areas(app, make_user, count_queries):
    me = make_user()
    with app.app_context():
        user = db.session.get(User, me.id)
        with count_queries() as log:
            found = heat(db.session, user, today_for(me) - timedelta(days=29), today_for(me))
        assert log.count == 1
    assert found.areas == () and found.total == 0
    assert set(found.levels.values()) == {0}
    assert len(found.week_starts) == WEEKS and found.last_day == today_for(me)
    assert found.week_starts[0] == today_for(me) - timedelta(days=7 * WEEKS - 1)


def test_counts_shares_levels_and_weeks_with_known_answers(app, make_user):
    other = make_user()
    me = make_user()
    today = today_for(me)
    add_entry_at(app, other.id, at(today), areas=["eyelid:left", "calf:left"])  # not mine
    for _ in range(3):
        add_entry_at(app, me.id, at(today), areas=["calf:left"])
    add_entry_at(app, me.id, at(today - timedelta(days=20)),
                 areas=["calf:left", "eyelid:right"])
    add_entry_at(app, me.id, at(today - timedelta(days=1)), areas=["calf:both"])
    add_entry_at(app, me.id, at(today - timedelta(days=60)), areas=["neck:middle"])  # earlier
    with app.app_context():
        user = db.session.get(User, me.id)
        binned = diary.create_entry(db.session, user, "3f0c6a43-46b5-4a7c-9d43-5d8c7e3b1a10",
                                    {"occurred_at": at(today), "areas": ["eyelid:right"]})[0]
        diary.delete_entry(db.session, user, binned)
        db.session.commit()
        found = heat(db.session, user, today - timedelta(days=29), today)
    counts = {a.key: (a.count, round(a.share, 3)) for a in found.areas}
    assert counts == {"calf:left": (4, 0.667), "calf:both": (1, 0.167),
                      "eyelid:right": (1, 0.167)}
    assert [a.key for a in found.areas][0] == "calf:left" and found.total == 6
    # calf:left 4 + both 1 = 5 is the busiest shape; calf:right 1 (the "both"), eyelid 1.
    assert found.levels["calf:left"] == 4 and found.levels["calf:right"] == 1
    assert found.levels["eyelid:right"] == 1
    assert found.levels["eyelid:left"] == 0 and found.levels["neck:middle"] == 0
    calf = found.areas[0]
    assert calf.weeks[-1] == 3 and calf.weeks[-3] == 1 and sum(calf.weeks) == 4
    assert len(calf.spark.bars) == 2


def test_the_twelve_weeks_reach_back_past_a_short_period(app, make_user):
    me = make_user()
    today = today_for(me)
    add_entry_at(app, me.id, at(today - timedelta(days=60)), areas=["neck:middle"])
    with app.app_context():
        user = db.session.get(User, me.id)
        found = heat(db.session, user, today - timedelta(days=6), today)
    assert found.areas == ()  # not in the 7 days
    with app.app_context():
        user = db.session.get(User, me.id)
        wide = heat(db.session, user, today - timedelta(days=89), today)
    assert [(a.key, a.count) for a in wide.areas] == [("neck:middle", 1)]
    assert wide.areas[0].weeks[WEEKS - 1 - 60 // 7] == 1


def test_the_page_draws_the_heat_map_for_the_owner_only(app, person, client, stranger):
    today = today_for(person)
    for _ in range(2):
        add_entry_at(app, person.id, at(today, "08:00"), areas=["calf:left"])
    add_entry_at(app, person.id, at(today, "08:05"), areas=["forearm:right"])
    html = client.get("/diary/insights").get_data(as_text=True)
    assert 'id="bodymap-heat"' in html
    assert 'class="heat-area heat-4" data-value="calf:left"' in html
    assert 'class="heat-area heat-2" data-value="forearm:right"' in html
    # The stranger's eyelid twitch is not on this map, nor in the list.
    assert 'class="heat-area heat-0" data-value="eyelid:left"' in html
    assert "Left eyelid" not in html.split('id="bodymap-heat"')[1].split("</section>")[0]
    assert "<td>2</td><td>67%</td>" in html and "<td>1</td><td>33%</td>" in html
    assert "style=" not in html.split('id="bodymap-heat"')[1].split("</section>")[0]


def test_a_period_with_check_ins_but_no_twitches_says_so(app, person, client):
    add_entry_at(app, person.id, at(today_for(person) - timedelta(days=100)))
    add_day(app, person.id, today_for(person), water=8)  # a check-in alone
    html = client.get("/diary/insights?days=7").get_data(as_text=True)
    assert "No body areas logged in this period." in html
