"""The doctor summary: the date range, the questions for the doctor (kept, edited,
removed, exported and imported, never shown to anyone else) and its statement count."""
from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

import pytest

from tests.fixtures.accounts import PASSWORD, csrf_from, post_form
from tests.fixtures.people import STRANGER_MARK
from tests.insights.test_insights import seed
from tests.portability.support import as_bytes, export, upload
from webapp.insights.summary import parse_range

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(("start", "end", "says"), [
    ("2026-11-20", "2026-11-01", "The end date is before the start date."),
    ("2099-01-01", "2099-02-01", "cannot be after today"),
    ("2026-01-01", "2099-12-31", "cannot be after today"),
    ("1976-01-01", "2026-01-01", "nothing before 2000"),
    ("2010-01-01", "2026-01-01", "at most ten years"),
    ("yesterday", "", "year-month-day"),
    ("2026-02-30", "2026-03-01", "year-month-day"),
])
def test_an_impossible_range_is_a_message_and_the_last_90_days(start, end, says):
    chosen = parse_range(start, end, TODAY)
    assert chosen.message is not None and says in chosen.message
    assert (chosen.period.start, chosen.period.end) == (TODAY - timedelta(days=89), TODAY)
    assert (chosen.typed_start, chosen.typed_end) == (start, end)


def test_a_range_that_makes_sense_is_shown():
    assert parse_range(None, None, TODAY).period.start == TODAY - timedelta(days=89)
    chosen = parse_range("2021-12-01", "2026-11-30", TODAY)
    assert chosen.message is None and chosen.period.start == date(2021, 12, 1)
    assert parse_range("", "2026-06-30", TODAY).period.start == date(2026, 4, 2)
    assert parse_range("2026-11-01", "", TODAY).period.end == TODAY


def test_the_page_keeps_what_was_typed_and_never_fails(app, person, client):
    seed(app, days=3)
    response = client.get("/diary/summary?start=2026-11-20&end=2026-01-01")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The end date is before the start date." in html
    assert 'value="2026-11-20"' in html and 'value="2026-01-01"' in html
    for query in ("start=2099-01-01&end=2099-12-31", "start=1970-01-01&end=2026-01-01",
                  "start=%00&end=x", "start=" + "9" * 500, "end=2026-13-45"):
        response = client.get(f"/diary/summary?{query}")
        assert response.status_code == 200, query
        assert 'class="form-errors"' in response.get_data(as_text=True), query


def test_the_summary_shows_the_chart_averages_and_triggers(app, person, client):
    seed(app, days=20)
    html = client.get("/diary/summary").get_data(as_text=True)
    assert "first twitch logged" in html
    assert 'class="chart chart-bars"' in html
    assert "Eyelid" in html and "Caffeine" in html
    assert "Average sleep" in html and "6.5 h" in html  # 10 nights of 5 h, 10 of 8 h
    assert "Clear: more twitches the same day" in html and "95% interval" in html
    assert "days with" in html


def test_when_the_diary_began_shows_for_any_range_even_an_empty_one(app, person, client):
    seed(app, days=20)
    first = date.today() - timedelta(days=19)
    for query in ("", "?start=2024-01-01&end=2024-03-01"):  # the second: nothing logged
        html = client.get(f"/diary/summary{query}").get_data(as_text=True)
        assert "first twitch logged" in html, query
        assert str(first.year) in html[html.index("first twitch logged"):][:60], query


def _questions(html: str) -> list[str]:
    start = html.index('class="print-only question-print"')
    return [part.split("</li>")[0] for part in html[start:html.index("</ol>", start)]
            .split("<li>")[1:]]


def _key(html: str) -> str:
    return html.split('action="/diary/summary/questions/', 1)[1].split('"', 1)[0]


def test_questions_are_added_edited_and_removed(person, client, stranger):
    html = client.get("/diary/summary").get_data(as_text=True)
    assert "question-print" not in html  # nothing to print yet
    key = str(uuid.uuid4())
    added = post_form(client, "/diary/summary/questions",
                      {"uuid": key, "text": "  Could it be my   magnesium? ",
                       "start": "2026-11-01", "end": "2026-11-30"})
    assert added.status_code == 302
    assert added.location.endswith("/diary/summary?start=2026-11-01&end=2026-11-30#questions")
    again = post_form(client, "/diary/summary/questions", {"uuid": key, "text": "Twice?"})
    assert again.status_code == 302  # the same form sent twice adds nothing
    post_form(client, "/diary/summary/questions", {"uuid": str(uuid.uuid4()),
                                                   "text": "Should I see a neurologist?"})
    html = client.get("/diary/summary").get_data(as_text=True)
    assert _questions(html) == ["Could it be my magnesium?", "Should I see a neurologist?"]

    post_form(client, f"/diary/summary/questions/{key}", {"text": "Is it my magnesium?"})
    too_long = post_form(client, f"/diary/summary/questions/{key}", {"text": "why " * 100})
    assert too_long.status_code == 400
    kept = too_long.get_data(as_text=True)
    assert "At most 300 characters" in kept and "why why why" in kept
    empty = post_form(client, "/diary/summary/questions", {"text": "   "})
    assert empty.status_code == 400 and "Write the question first." in empty.get_data(as_text=True)
    html = client.get("/diary/summary").get_data(as_text=True)
    assert _questions(html) == ["Is it my magnesium?", "Should I see a neurologist?"]

    post_form(client, f"/diary/summary/questions/{key}/delete", {})
    html = client.get("/diary/summary").get_data(as_text=True)
    assert _questions(html) == ["Should I see a neurologist?"]


def test_someone_elses_questions_are_never_shown_or_changed(app, client, make_user, auth,
                                                          stranger):
    theirs = app.test_client()
    auth_client_login(theirs, stranger.email)
    post_form(theirs, "/diary/summary/questions", {"text": f"{STRANGER_MARK} question"})
    their_html = theirs.get("/diary/summary").get_data(as_text=True)
    assert STRANGER_MARK in their_html
    their_key = _key(their_html)

    me = make_user(email="me@example.com")
    auth.login(me.email)
    html = client.get("/diary/summary").get_data(as_text=True)  # the guard checks every page
    assert "question-print" not in html
    token = csrf_from(html)
    for url in (f"/diary/summary/questions/{their_key}",
                f"/diary/summary/questions/{their_key}/delete"):
        answer = client.post(url, data={"csrf_token": token, "text": "mine now"})
        assert answer.status_code == 404
    assert f"{STRANGER_MARK} question" in theirs.get("/diary/summary").get_data(as_text=True)
    assert client.post("/diary/summary/questions", data={"text": "no token"}).status_code == 400


def auth_client_login(client, email):
    post_form(client, "/login", {"email": email, "password": PASSWORD})


def test_questions_leave_in_the_export_and_come_back(app, client, make_user, auth):
    me = make_user(email="me@example.com")
    auth.login(me.email)
    for text in ("First question", "Second question"):
        post_form(client, "/diary/summary/questions", {"uuid": str(uuid.uuid4()), "text": text})
    document = export(client)
    assert [q["text"] for q in document["doctor_questions"]] == ["First question",
                                                                 "Second question"]
    post_form(client, "/account/delete", {"password": PASSWORD})  # leave, then come back
    newcomer = make_user(email="new@example.com")
    auth.login(newcomer.email)
    assert export(client)["doctor_questions"] == []
    response = upload(client, as_bytes(document), follow_redirects=True)
    assert response.status_code == 200, response.get_data(as_text=True)[-3000:]
    assert "2 questions for the doctor" in response.get_data(as_text=True)
    assert export(client)["doctor_questions"] == document["doctor_questions"]
    html = client.get("/diary/summary").get_data(as_text=True)
    assert _questions(html) == ["First question", "Second question"]
    upload(client, as_bytes(document), follow_redirects=True)  # again: nothing doubles
    assert len(export(client)["doctor_questions"]) == 2
    assert json.dumps(document["doctor_questions"])  # plain JSON


def test_summary_statement_budget(app, person, client, count_queries):
    """The design's five statements: the user, the days (one grouped statement for
    the chart, effects, averages and the counts by area and trigger), the short
    lists (red flags, doctor's checks, questions), what helps, and the ledger weeks."""
    seed(app, days=30)
    post_form(client, "/diary/summary/questions", {"text": "A question"})
    for url in ("/diary/summary", "/diary/summary?start=2025-01-01&end=2026-01-01",
                "/diary/summary?start=2026-02-01&end=2026-01-01"):
        with count_queries() as log:
            assert client.get(url).status_code == 200
        assert log.count <= 5, (url, log)


def test_at_most_eight_questions_fit_on_the_page(person, client):
    for n in range(8):
        assert post_form(client, "/diary/summary/questions",
                         {"text": f"Question {n}"}).status_code == 302
    html = client.get("/diary/summary").get_data(as_text=True)
    assert len(_questions(html)) == 8 and 'id="q-new"' not in html  # no form to add a ninth
    refused = post_form(client, "/diary/summary/questions", {"text": "A ninth"})
    assert refused.status_code == 400
    assert "At most 8 questions fit on the page." in refused.get_data(as_text=True)


def test_the_summary_counts_each_twitch_once_per_area_and_trigger(person, client, log_twitch,
                                                                  stranger):
    """Known answers: a twitch in both calves counts once for the calf; an own tag
    counts like a trigger; a twitch before the range and the stranger's eyelid twitch
    (with caffeine) count for nothing."""
    log_twitch(areas=["calf:left", "calf:right"], triggers=["caffeine", "tag:long drive"],
               intensity="6")
    log_twitch(areas=["calf:left", "eyelid:right"], triggers=["caffeine"], intensity="2")
    log_twitch(areas=["thumb:left"], triggers=[], intensity="")
    old = (date.today() - timedelta(days=200)).strftime("%Y-%m-%dT09:00")
    log_twitch(areas=["eyelid:left"], triggers=["caffeine"], occurred_at=old)
    html = client.get("/diary/summary").get_data(as_text=True)
    areas = html.split("Body areas:</strong>", 1)[1].split("</p>", 1)[0]
    assert [part.strip() for part in areas.split(",")] == ["Calf (2)", "Eyelid (1)", "Thumb (1)"]
    triggers = html.split("Triggers noted:</strong>", 1)[1].split("</p>", 1)[0]
    assert [part.strip() for part in triggers.split(",")] == ["Caffeine (2)", "long drive (1)"]
    logged = html.split("Logged</dt><dd>", 1)[1].split("</dd>", 1)[0]
    assert logged.startswith("3 on 1 of 90 days")
    assert "4.0/10" in html  # the mean of the two rated twitches
