"""Trigger and check-in factor effects on hand-made days with known answers: the
same day and the next (a lagged effect shows on the next-day row only), at least 7
days on each side, the Benjamini-Hochberg marks, a person's own tag, a clock-change
day, and nothing of another person's ever counted."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.insights.records import add_day, add_entry_at, today_for
from webapp import db
from webapp.auth.models import User
from webapp.insights import trends
from webapp.insights.effects import MIN_DAYS, effects, trigger_label
from webapp.insights.trends import Day

TODAY = date(2026, 6, 30)
START = TODAY - timedelta(days=29)


def by_key(result, key):
    return next(f for f in (*result.shown, *result.thin) if f.factor.key == key)


def lagged_days() -> dict[date, Day]:
    """16 days ending 5 days ago. Short sleep (5 h) on days 0, 1, 4, 5, 8, 9, 12, 13;
    twitches are high (4, +1 in the first week) on the day AFTER short sleep:

        day       0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
        sleep     S  S  L  L  S  S  L  L  S  S  L  L  S  S  L  L
        twitches  2  5  5  2  2  5  5  2  1  4  4  1  1  4  4  1
    """
    counts = [2, 5, 5, 2, 2, 5, 5, 2, 1, 4, 4, 1, 1, 4, 4, 1]
    first = TODAY - timedelta(days=20)
    return {first + timedelta(days=i): Day(first + timedelta(days=i), twitches=n, checked_in=True,
                                           sleep=5.0 if i % 4 in (0, 1) else 8.0)
            for i, n in enumerate(counts)}


def test_a_lagged_effect_shows_on_the_next_day_row_not_the_same_day_row(app):
    with app.test_request_context():
        result = effects(lagged_days(), START, TODAY)
    sleep = by_key(result, "short_sleep")
    same, nxt = sleep.rows
    # Same day: short-sleep days 2 5 2 5 1 4 1 4 (mean 3), others 5 2 5 2 4 1 4 1 (mean 3).
    assert (same.lag, same.count.with_days, same.count.without_days) == (0, 8, 8)
    assert same.count.with_mean == 3.0 and same.count.without_mean == 3.0
    assert same.count.result.difference == 0 and same.count.result.p == pytest.approx(1.0)
    assert same.count.verdict == "unclear"
    # Next day: after short sleep 5 5 5 5 4 4 4 4 (mean 4.5); after long sleep, 2 2 2 1 1 1 1
    # (mean 10/7; day 15's next day is not recorded). Both variances 2/7, so
    # se = sqrt(2/7/8 + 2/7/7) = 0.2766 and t = (4.5 - 10/7) / se = 11.1.
    assert (nxt.lag, nxt.count.with_days, nxt.count.without_days) == (1, 8, 7)
    assert nxt.count.with_mean == 4.5 and nxt.count.without_mean == pytest.approx(10 / 7)
    assert nxt.count.result.difference == pytest.approx(4.5 - 10 / 7)
    assert nxt.count.result.t == pytest.approx(11.10, abs=0.01)
    assert nxt.count.result.low > 2.4 and nxt.count.result.high < 3.7
    assert nxt.count.verdict == "clear"
    assert result.comparisons == 2 and result.clear == 1  # no intensity was rated
    assert sleep.clear and sleep.headline == "Clear: more twitches the next day"
    assert not nxt.intensity.enough and nxt.intensity.verdict == "thin"


def test_nothing_is_shown_below_seven_days_on_each_side(app):
    days = {d: v for d, v in lagged_days().items() if d < TODAY - timedelta(days=14)}  # 6 days
    with app.test_request_context():
        result = effects(days, START, TODAY)
    sleep = by_key(result, "short_sleep")
    assert sleep in result.thin and not result.shown and result.comparisons == 0
    assert (sleep.rows[0].count.with_days, sleep.rows[0].count.without_days) == (4, 2)
    assert sleep.rows[0].count.result is None and sleep.headline == "Not enough days yet"
    assert MIN_DAYS == 7


def test_empty_one_day_and_every_day_with_the_factor(app):
    with app.test_request_context():
        empty = effects({}, START, TODAY)
        assert (empty.shown, empty.thin, empty.comparisons) == ((), (), 0)
        today_only = effects({TODAY: Day(TODAY, twitches=3, checked_in=True, caffeine=2)},
                             START, TODAY)
        assert today_only.thin == () and today_only.shown == ()  # today is not over yet
        yesterday = TODAY - timedelta(days=1)
        one = effects({yesterday: Day(yesterday, twitches=3, checked_in=True, caffeine=2)},
                      START, TODAY)
        caffeine = by_key(one, "caffeine")
        assert (caffeine.rows[0].count.with_days, caffeine.rows[0].count.without_days) == (1, 0)
        every = {TODAY - timedelta(days=i): Day(TODAY - timedelta(days=i), twitches=i % 3,
                                                checked_in=True, caffeine=1 + i % 2)
                 for i in range(1, 29)}
        always = by_key(effects(every, START, TODAY), "caffeine")
    assert always.rows[0].count.with_days == 28 and always.rows[0].count.without_days == 0
    assert not always.enough


def test_days_before_the_period_and_untracked_outcome_days_are_left_out(app):
    found = lagged_days()
    with app.test_request_context():
        later = effects(found, TODAY - timedelta(days=12), TODAY)  # from day 8 on
    same = by_key(later, "short_sleep").rows[0].count
    assert (same.with_days, same.without_days) == (4, 4)
    gap = dict(found)
    del gap[TODAY - timedelta(days=20) + timedelta(days=1)]  # day 1 not recorded at all
    with app.test_request_context():
        nxt = by_key(effects(gap, START, TODAY), "short_sleep").rows[1].count
    assert (nxt.with_days, nxt.without_days) == (6, 7)  # day 0's next day and day 1 itself gone


def test_triggers_count_on_days_with_twitches_and_intensity_is_compared(app):
    """Own tag "work": on 8 days with it, 3 twitches of intensity 6; on 8 days without,
    1 twitch of intensity 2 (plus small variations so there is spread)."""
    found = {}
    for i in range(16):
        day = TODAY - timedelta(days=2 + i)
        tagged = i % 2 == 0
        n = (3 if tagged else 1) + (i % 4 == 0)
        rated = (6 + (i % 3 == 0)) * n if tagged else 2.0 * n
        found[day] = Day(day, twitches=n, intensity_sum=rated, intensity_n=n,
                         triggers=frozenset({"tag:work"} if tagged else {"caffeine"}))
    found[TODAY - timedelta(days=20)] = Day(TODAY - timedelta(days=20), checked_in=True, water=3)
    with app.test_request_context():
        result = effects(found, START, TODAY)
        work = by_key(result, "trigger:tag:work")
        assert str(work.factor.label) == "work" and work.factor.source == "trigger"
        assert str(trigger_label("poor_sleep")) == "Poor sleep"
    same = work.rows[0]
    assert (same.count.with_days, same.count.without_days) == (8, 8)
    assert same.count.with_mean == 3.5 and same.count.without_mean == 1.0
    assert same.intensity.with_mean == pytest.approx(6.375) and same.intensity.without_mean == 2.0
    assert same.count.verdict == "clear" and same.intensity.verdict == "clear"
    # the check-in day without twitches knows nothing about triggers
    caffeine = by_key(result, "trigger:caffeine")
    assert caffeine.rows[0].count.with_days + caffeine.rows[0].count.without_days == 16
    water = by_key(result, "water")
    assert water in result.thin and water.rows[0].count.without_days == 1


def test_benjamini_hochberg_marks_only_what_survives(app):
    """20 days, five check-in factors: caffeine goes with two more twitches, alcohol with
    a smaller difference, the rest with nothing. Alcohol's next-day row leaves zero
    outside its interval (p = 0.036), but among 9 comparisons it ranks third and
    0.036 > 3/9 * 0.05: a hint only, while caffeine's p-values (0.0001, 0.0008) pass."""
    strong = [1, 1, 0, 1, 0, 1, 1, 0, 1, 0] * 2
    weak = [1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0]
    noise = [0, 2, 1, 0, 2, 1, 1, 0, 2, 0, 1, 2, 0, 1, 2, 0, 0, 1, 2, 1]
    found = {}
    for i in range(20):
        day = TODAY - timedelta(days=1 + i)
        found[day] = Day(day, twitches=(3 if strong[i] else 1) + weak[i] + noise[i],
                         checked_in=True, caffeine=strong[i], alcohol=weak[i],
                         water=8 if i % 2 else 2, movement=45 if i % 3 else 0,
                         stressful=i % 4 // 2)
    with app.test_request_context():
        result = effects(found, START, TODAY)
    caffeine, alcohol = by_key(result, "caffeine"), by_key(result, "alcohol")
    assert [row.count.verdict for row in caffeine.rows] == ["clear", "clear"]
    same, nxt = alcohol.rows
    assert (nxt.count.with_days, nxt.count.without_days) == (9, 10)
    assert (nxt.count.with_mean, nxt.count.without_mean) == (3.0, 4.4)
    assert nxt.count.result.high < 0 and nxt.count.result.p == pytest.approx(0.0358, abs=1e-4)
    assert nxt.count.verdict == "hint" and alcohol.headline == "A hint only"
    assert same.count.result.includes_zero and same.count.verdict == "unclear"
    assert by_key(result, "movement").rows[1].count.verdict == "thin"  # 6 days without
    assert result.comparisons == 9 and result.clear == 2
    assert result.shown[0] is caffeine  # clear ones first


def test_own_tags_a_clock_change_and_a_stranger_through_sql(app, make_user):
    stranger = make_user()
    me = make_user(timezone="Europe/London")
    # Around the clock change of 30 March 2025: short sleep on the 29th, twitches on the 30th
    # (two of them logged at 00:30 and 23:30 local, a 23-hour day).
    add_day(app, me.id, date(2025, 3, 29), twitches=1, tags="Long meeting", sleep_hours=5)
    add_entry_at(app, me.id, "2025-03-30T00:30", custom_triggers="long meeting")
    add_entry_at(app, me.id, "2025-03-30T23:30")
    add_day(app, stranger.id, date(2025, 3, 30), twitches=9, tags="long meeting", sleep_hours=3)
    with app.app_context():
        user = db.session.get(User, me.id)
        found = trends.days(db.session, user, date(2025, 3, 1), date(2025, 4, 30))
        result = effects(found, date(2025, 3, 1), date(2025, 4, 30))
    assert found[date(2025, 3, 30)].twitches == 2
    assert found[date(2025, 3, 30)].triggers == {"tag:long meeting"}
    tag = by_key(result, "trigger:tag:long meeting")
    assert (tag.rows[0].count.with_days, tag.rows[0].count.without_days) == (2, 0)
    sleep = by_key(result, "short_sleep")
    nxt = sleep.rows[1].count  # the 29th's short sleep, the 30th's two twitches
    assert (nxt.with_days, nxt.without_days, nxt.with_mean) == (1, 0, 2.0)
    assert sleep.rows[0].count.with_mean == 1.0  # the stranger's 9 never counted


def fill_effects(app, user) -> None:
    """28 days before today: short sleep every other day, three twitches the day after it
    (the own tag "deadline" on them), one otherwise."""
    today = today_for(user)
    for offset in range(1, 29):
        after_short = offset % 2 == 1  # yesterday (offset + 1) was short
        add_day(app, user.id, today - timedelta(days=offset),
                twitches=3 + offset % 3 if after_short else 1,
                intensity=5, tags="deadline" if after_short else "",
                sleep_hours=5 if offset % 2 == 0 else 8)


def test_the_page_shows_rows_notes_and_the_help(app, person, client, stranger):
    fill_effects(app, person)
    html = client.get("/diary/insights?days=30").get_data(as_text=True)
    assert "What goes with more or fewer twitches" in html
    # Same day: 14 short-sleep days of 1 twitch against 14 others of 3 + offset % 3
    # (55 twitches, 3.9 a day). Next day: after short sleep those 14 days of 3.9; after the
    # others, 13 days of 1 (today's twitches are left out until the day is over).
    assert "Sleep under 6 hours" in html and "Clear: fewer twitches the same day" in html
    assert "1.0 twitches a day with it against 3.9 without: 2.9 fewer" in html
    assert "3.9 twitches a day with it against 1.0 without: 2.9 more" in html
    assert "14 and 13 days" in html
    assert "deadline" in html and "Clear: more twitches the same day" in html  # the own tag
    assert "Steady made 8 comparisons for this page." in html
    assert "some differences will look real by chance" in html
    assert "95% confidence interval from Welch’s t-test" in html and "Benjamini–Hochberg" in html
    assert "not causes" in html and "A pattern, not proof that one causes the other." in html
    if "recovery.experiments" in app.view_functions:
        assert 'href="/recovery/experiments"' in html


def test_the_page_says_not_enough_days(app, person, client):
    today = today_for(person)
    for offset in range(1, 5):
        add_day(app, person.id, today - timedelta(days=offset), twitches=offset,
                caffeine=offset % 2)
    html = client.get("/diary/insights").get_data(as_text=True)
    assert "Not enough days yet to compare any factor" in html
    assert "Caffeine drinks: not enough days yet: 2 with, 2 without" in html
