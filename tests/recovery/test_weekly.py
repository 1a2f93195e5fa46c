"""The weekly picture on hand-made data: checks by kind, let pass or acted on and
urge strength beside twitches and check-in anxiety, per local week (a clock change
never moves a record into another week), in one SQL statement; the chart, the
sentence and the table on the insights page; the doctor's summary with the ledger
by kind per week and experiments; another person's records never counted."""
from __future__ import annotations

import re
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.fixtures.accounts import post_form
from webapp import db
from webapp.auth.models import User
from webapp.diary import services as diary
from webapp.recovery import ledger, weekly
from webapp.recovery.weekly import Picture, Week, monday
from webapp.recovery.weekly_chart import chart, nice_top, sentence


def today_for(user: Any) -> date:
    return datetime.now(ZoneInfo(user.timezone)).date()


def add(app, user_id: int, day: date, *, twitches: int = 0, anxiety: int | None = None,
        checks: list[tuple[str, str | None, int | None]] = (), clock: time = time(10, 0),
        note: str = "") -> None:
    """On a local day: twitches, a check-in's anxiety, and checks (kind, outcome, urge)."""
    with app.app_context():
        user = db.session.get(User, user_id)
        moment = datetime.combine(day, clock)
        for n in range(twitches):
            diary.create_entry(db.session, user, uuid.uuid4(), {
                "occurred_at": (moment + timedelta(minutes=n)).strftime("%Y-%m-%dT%H:%M"),
                "areas": ["calf:left"], "note": note})
        if anxiety is not None:
            diary.save_checkin(db.session, user, uuid.uuid4(), {"day": day.isoformat(),
                                                                "anxiety": str(anxiety)})
        for n, (kind, outcome, urge) in enumerate(checks):
            ledger.create_check(db.session, user, uuid.uuid4(), {
                "kind": kind, "outcome": outcome or "", "urge": "" if urge is None else str(urge),
                "other_text": note if kind == "other" else "",
                "occurred_at": (moment + timedelta(minutes=n)).strftime("%Y-%m-%dT%H:%M")})
        db.session.commit()


def picture_for(app, user_id: int, today: date) -> Picture:
    with app.app_context():
        return weekly.picture(db.session, db.session.get(User, user_id), today)


def test_a_week_of_hand_made_records_adds_up(app, person):
    today = today_for(person)
    last_week = monday(today) - timedelta(weeks=1)
    add(app, person.id, last_week, twitches=3, anxiety=4,
        checks=[("body", "resisted", 4), ("body", "acted", 8), ("searched", "acted", None)])
    add(app, person.id, last_week + timedelta(days=6), twitches=2, anxiety=6,
        checks=[("body", "resisted", 6), ("asked", None, None)])
    add(app, person.id, last_week - timedelta(days=1), twitches=1, checks=[("forums", "acted", 9)])
    pic = picture_for(app, person.id, today)
    assert len(pic.weeks) == 12 and pic.weeks[-1].start == monday(today)
    week = pic.weeks[-2]
    assert week.start == last_week and not week.partial
    assert (week.checks, week.resisted, week.acted, week.unsaid) == (5, 2, 2, 1)
    assert week.urge == pytest.approx(6.0)  # 4, 8 and 6; two checks had no urge given
    assert week.kinds == {"body": 3, "searched": 1, "asked": 1}
    assert (week.twitches, week.anxiety, week.anxiety_days) == (5, 5.0, 2)
    before = pic.weeks[-3]
    assert (before.checks, before.acted, before.urge, before.twitches) == (1, 1, 9.0, 1)
    assert before.anxiety is None
    assert pic.weeks[-1].partial == (today.weekday() != 6)
    assert pic.kinds(last=2) == [("body", [3, 0]), ("searched", [1, 0]), ("asked", [1, 0])]


def test_weeks_follow_the_local_day_across_clock_changes(app, make_user):
    user = make_user(timezone="Europe/London")
    # Clocks went forward on Sunday 29 March 2026: 00:30 on Monday 30 March is still
    # Sunday 23:30 in UTC, and belongs to the new week all the same.
    add(app, user.id, date(2026, 3, 29), twitches=1, anxiety=3, checks=[("body", "acted", 5)],
        clock=time(23, 30))
    add(app, user.id, date(2026, 3, 30), twitches=2, anxiety=7, checks=[("strength", "acted", 7)],
        clock=time(0, 30))
    # Clocks went back on Sunday 26 October 2025: 01:30 happened twice that night.
    add(app, user.id, date(2025, 10, 26), twitches=1, checks=[("body", "resisted", 2)],
        clock=time(1, 30))
    add(app, user.id, date(2025, 10, 27), twitches=4, clock=time(0, 15))
    spring = picture_for(app, user.id, date(2026, 4, 2))
    by_start = {w.start: w for w in spring.weeks}
    assert (by_start[date(2026, 3, 23)].twitches, by_start[date(2026, 3, 23)].anxiety) == (1, 3.0)
    assert by_start[date(2026, 3, 23)].kinds == {"body": 1}
    assert (by_start[date(2026, 3, 30)].twitches, by_start[date(2026, 3, 30)].anxiety) == (2, 7.0)
    assert by_start[date(2026, 3, 30)].kinds == {"strength": 1}
    autumn = {w.start: w for w in picture_for(app, user.id, date(2025, 11, 5)).weeks}
    assert (autumn[date(2025, 10, 20)].twitches, autumn[date(2025, 10, 20)].resisted) == (1, 1)
    assert autumn[date(2025, 10, 27)].twitches == 4


def test_the_sentence_is_kind_whichever_way_the_weeks_went():
    def pic(counts: list[int]) -> Picture:
        start = date(2026, 1, 5)
        return Picture([Week(start + timedelta(weeks=i), checks=n, resisted=n // 2)
                        for i, n in enumerate(counts)])

    fewer = sentence(pic([9, 9, 8, 9, 8, 8, 8, 8, 4, 3, 3, 2]))
    assert "about 3 checks a week, fewer than the 8 a week in the 4 weeks before" in fewer
    assert "the direction recovery goes" in fewer
    more = sentence(pic([0, 0, 0, 0, 2, 2, 2, 2, 5, 5, 5, 5]))
    assert "more than the 2 a week" in more and "harder weeks happen" in more
    same = sentence(pic([0, 0, 0, 0, 4, 4, 4, 4, 4, 4, 4, 4]))
    assert "much like the 4 a week" in same
    new = sentence(pic([0] * 10 + [3, 2]))  # the ledger is new: nothing to compare with yet
    assert "logged 5 checks and urges and let 2 pass" in new
    assert "No checks logged" in sentence(pic([0] * 12))
    for words in (fewer, more, same, new):
        assert "streak" not in words and "fail" not in words


def test_chart_geometry_scales_each_panel_on_its_own():
    assert [nice_top(v) for v in (0, 1, 3, 7, 11, 40, 51)] == [1, 1, 5, 10, 20, 50, 100]
    start = date(2026, 1, 5)
    weeks = [Week(start + timedelta(weeks=i)) for i in range(12)]
    weeks[-1] = Week(weeks[-1].start, partial=True, checks=10, resisted=6, acted=3, twitches=20,
                     anxiety_total=15.0, anxiety_days=3)
    weeks[-3] = Week(weeks[-3].start, anxiety_total=8.0, anxiety_days=1)
    g = chart(Picture(weeks))
    assert [(b.part, round(b.height, 1), b.partial) for b in g["bars"]] == [
        ("resisted", 50.4, True), ("acted", 25.2, True), ("unsaid", 8.4, True),
        ("twitches", 64.0, True)]
    assert len(g["points"]) == 2 and len(g["lines"]) == 2  # a missing week breaks the line
    assert g["labels"][-1][1:] == (weeks[-1].start, "end") and len(g["labels"]) == 6
    assert all(label[0] <= 360 for label in g["labels"])


def test_the_insights_page_shows_the_picture_kindly_and_accessibly(app, person, client,
                                                                   stranger):
    today = today_for(person)
    this_week = monday(today)
    add(app, person.id, this_week - timedelta(weeks=1), twitches=2, anxiety=5,
        checks=[("body", "resisted", 3), ("searched", "acted", 7)])
    add(app, stranger.id, this_week - timedelta(weeks=1), twitches=9, anxiety=10,
        checks=[("other", "acted", 10)] * 6, note="STRANGER-PRIVATE")
    html = client.get("/diary/insights").get_data(as_text=True)
    assert 'aria-labelledby="weekly-chart-title weekly-chart-desc"' in html
    assert 'role="img"' in html and "<title id=\"weekly-chart-title\">" in html
    assert "<details" in html and "The numbers behind the chart" in html
    assert "Fewer checks over time is the aim, not none" in html
    assert " style=" not in html and "<script>" not in html
    week = this_week - timedelta(weeks=1)
    label = f"{week.day} {week.strftime('%b')}"
    row = re.search(rf'<th scope="row" class="week-of">{label}</th>(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r"<td>([^<]*)</td>", row) == ["2", "1", "1", "5.0", "2", "5.0"]
    assert "Searched symptoms online" in html and "Checked my body or a muscle" in html
    assert "Over these weeks you logged 2 checks and urges and let 1 pass" in html


def test_the_doctors_summary_lists_checks_by_kind_per_week_and_experiments(app, person,
                                                                            client):
    today = today_for(person)
    start = today - timedelta(days=14)
    for offset in range(14):
        add(app, person.id, start + timedelta(days=offset), twitches=1 + offset // 7 * 2,
            anxiety=3, checks=[("body", "acted", 5)] if offset % 2 else [])
    data = {"uuid": str(uuid.uuid4()), "title": "Quiet evenings", "change": "Screens off at 9",
            "measures": ["twitches", "checks"], "first": "change", "design": "ab",
            "phase_1_start": start.isoformat(),
            "phase_1_end": (start + timedelta(days=6)).isoformat(),
            "phase_2_start": (start + timedelta(days=7)).isoformat(),
            "phase_2_end": (start + timedelta(days=13)).isoformat(), "action": "save"}
    assert post_form(client, "/recovery/experiments/setup", data).status_code == 302
    html = client.get("/diary/summary").get_data(as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Checking and reassurance, by week" in text
    kinds = re.search(r"Checked my body or a muscle</th>(.*?)</tr>", html, re.S).group(1)
    counts = [int(n) for n in re.findall(r"<td>(\d+)</td>", kinds)]
    assert len(counts) == 8 and sum(counts) == 7
    assert "Quiet evenings" in text and "Screens off at 9" in text
    assert "Twitches a day 1.0 (7 days) 3.0 (7 days) -2.0 (" in text
    assert "Checks and reassurance a day 0.4 (7 days) 0.6 (7 days)" in text
    assert "This does not prove that the change causes anything" in text


def test_insight_pages_keep_to_the_query_budget_with_recovery_data(app, person, client,
                                                                   count_queries):
    today = today_for(person)
    for offset in range(10):
        add(app, person.id, today - timedelta(days=offset), twitches=1, anxiety=4,
            checks=[("body", "acted", 5)])
    data = {"uuid": str(uuid.uuid4()), "title": "T", "measures": ["twitches"], "first": "change",
            "design": "ab", "phase_1_start": (today - timedelta(days=9)).isoformat(),
            "phase_1_end": (today - timedelta(days=5)).isoformat(),
            "phase_2_start": (today - timedelta(days=4)).isoformat(),
            "phase_2_end": today.isoformat(), "action": "save"}
    assert post_form(client, "/recovery/experiments/setup", data).status_code == 302
    # The same documented budgets as tests/insights/test_insights.py: the weekly
    # picture must not add a statement to either page.
    for url, budget in (("/diary/insights", 7), ("/diary/summary", 8),
                        ("/diary/summary?days=365", 8)):
        with count_queries() as log:
            assert client.get(url).status_code == 200
        assert log.count <= budget, (url, log)
