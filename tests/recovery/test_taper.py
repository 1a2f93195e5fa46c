"""Logging less: offered after 14 days with any diary logging, switched on and off
by the person, suggested by a therapist the ledger is shared with; the home screen,
the diary and the check-in change with it. Screener retakes count as checks."""
from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from tests.fixtures.accounts import PASSWORD, post_form, sign_in_with_code
from tests.fixtures.people import STRANGER_MARK
from webapp import db
from webapp.diary.models import Checkin, Entry
from webapp.recovery.models import CheckItem, RecoverySettings

LOG_A_TWITCH_BUTTON = re.compile(r'class="button big" href="/diary/new"')


def log_days(app, user, days: int, kind: str = "entry") -> None:
    """Diary records on ``days`` distinct past days, straight into the database (in
    an app context of its own: the pages must load the person afresh)."""
    now = datetime.now(UTC) - timedelta(hours=1)
    rows = []
    for offset in range(days):
        when = now - timedelta(days=offset)
        if kind == "entry":
            rows.append({"uuid": uuid.uuid4(), "user_id": user.id, "occurred_at": when,
                         "timezone": "UTC", "local_day": when.date(), "areas": ",calf:left,",
                         "triggers": ",", "note": "", "version": 1})
        else:
            rows.append({"uuid": uuid.uuid4(), "user_id": user.id, "day": when.date(),
                         "note": "", "version": 1})
    with app.app_context():
        db.session.execute(insert(Entry if kind == "entry" else Checkin), rows)
        db.session.commit()


def stored(app, query):
    with app.app_context():
        return list(db.session.scalars(query))


def home(client) -> str:
    return client.get("/").get_data(as_text=True)


def test_no_offer_before_the_baseline(person, client, app):
    log_days(app, person, 13)
    assert "Log less?" not in home(client)
    assert "Log less?" not in client.get("/diary/").get_data(as_text=True)


def test_the_offer_comes_after_14_days_of_twitches_or_check_ins(person, client, app):
    log_days(app, person, 7)
    log_days(app, person, 14, kind="checkin")  # 7 of these days already have twitches
    page = home(client)
    assert "You have a picture now. Log less?" in page
    assert "You have a picture now. Log less?" in client.get("/diary/").get_data(as_text=True)
    assert LOG_A_TWITCH_BUTTON.search(page)  # nothing moves until the person says so


def test_a_stranger_s_days_do_not_count(person, client, app, make_user):
    other = make_user()
    log_days(app, other, 20)
    log_days(app, person, 3)
    assert "Log less?" not in home(client)


def test_switching_on_moves_twitch_logging_out_of_the_way(person, client, app):
    log_days(app, person, 14)
    response = post_form(client, "/recovery/settings/log-less", {"log_less": "on", "next": "/"},
                         form_page="/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = home(client)
    assert not LOG_A_TWITCH_BUTTON.search(page)
    assert page.index('href="/exercises"') < page.index('href="/recovery/"') \
        < page.index('href="/diary/new"')
    assert "Log less?" not in page and "Logging less is on" in page
    diary = client.get("/diary/").get_data(as_text=True)
    assert 'class="button" href="/diary/new"' not in diary
    assert 'class="small-links"><a href="/diary/new"' in diary
    checkin = client.get("/diary/checkin").get_data(as_text=True)
    assert checkin.index("How twitchy was today?") < checkin.index("Anxiety today")
    assert "Twitches today" not in checkin
    # The twitch form itself still works.
    assert client.get("/diary/new").status_code == 200
    [settings] = stored(app, select(RecoverySettings))
    assert settings.taper_on and settings.taper_since is not None


def test_switching_off_brings_twitch_logging_back(person, client, app):
    post_form(client, "/recovery/settings/log-less", {"log_less": "on"},
              form_page="/recovery/settings")
    post_form(client, "/recovery/settings/log-less", {"log_less": "off"},
              form_page="/recovery/settings")
    page = home(client)
    assert LOG_A_TWITCH_BUTTON.search(page) and "Log less?" not in page
    assert "Twitches today" in client.get("/diary/checkin").get_data(as_text=True)


def test_not_now_hides_the_offer_and_keeps_the_switch(person, client, app):
    log_days(app, person, 20)
    post_form(client, "/recovery/settings/log-less/not-now", {"next": "/"}, form_page="/")
    assert "Log less?" not in home(client)
    settings = client.get("/recovery/settings").get_data(as_text=True)
    assert "Switch logging less on" in settings


def test_home_and_diary_keep_the_query_budget_in_every_taper_state(person, client, app,
                                                                   count_queries, log_twitch):
    log_twitch()
    for step in ("nothing yet", "offer", "on"):
        if step == "offer":
            log_days(app, person, 15)
        if step == "on":
            post_form(client, "/recovery/settings/log-less", {"log_less": "on"},
                      form_page="/recovery/settings")
        for url in ("/", "/diary/", "/diary/checkin"):
            with count_queries() as log:
                assert client.get(url).status_code == 200
            assert log.count <= 5, (step, url, log)


# A therapist's suggestion -------------------------------------------------------------

@pytest.fixture
def shared(app, person, client, make_user, stranger):
    """A therapist with this person's ledger shared (worries are never part of it)."""
    therapist = make_user(role="therapist", display_name="Dr Lee")
    theirs = app.test_client()
    sign_in_with_code(theirs, therapist.email, PASSWORD)
    post_form(theirs, "/clients/code", {}, form_page="/clients")
    code = re.search(r'class="share-code">([A-Z0-9]{4})-([A-Z0-9]{4})<',
                     theirs.get("/clients").get_data(as_text=True)).expand(r"\1\2")
    assert post_form(client, "/share", {"code": code, "twitches": "y",
                                        "recovery": "y"}).status_code == 302
    share_id = re.search(r'id="share-(\d+)"', client.get("/share").get_data(as_text=True))[1]
    return {"client": theirs, "share": share_id, "therapist": therapist}


def test_the_therapist_sees_the_ledger_by_kind_but_never_worries(person, client, shared,
                                                                 log_check, park):
    log_check(kind="searched", outcome="resisted")
    log_check(kind="searched")
    log_check(kind="other", other_text="PRIVATE-OWN-WORDS")
    park("PRIVATE-WORRY-WORDS")
    page = shared["client"].get(f"/clients/{shared['share']}").get_data(as_text=True)
    assert "Searched symptoms online</th><td>2</td><td>1</td>" in page
    assert "PRIVATE-WORRY-WORDS" not in page and "PRIVATE-OWN-WORDS" not in page
    assert STRANGER_MARK not in page


def test_a_therapist_suggests_and_the_person_accepts(person, client, shared, app):
    url = f"/clients/{shared['share']}"
    response = post_form(shared["client"], f"{url}/suggest-log-less", {}, form_page=url)
    assert response.status_code == 302
    assert "has not decided yet" in shared["client"].get(url).get_data(as_text=True)
    page = home(client)
    assert "Your therapist suggested logging less" in page
    assert "Dr Lee suggested trying this." in client.get("/recovery/settings").get_data(
        as_text=True)
    post_form(client, "/recovery/settings/log-less", {"log_less": "on", "next": "/"},
              form_page="/")
    assert not LOG_A_TWITCH_BUTTON.search(home(client))
    assert "is logging less" in shared["client"].get(url).get_data(as_text=True)


def test_the_person_can_decline_a_suggestion(person, client, shared):
    url = f"/clients/{shared['share']}"
    post_form(shared["client"], f"{url}/suggest-log-less", {}, form_page=url)
    post_form(client, "/recovery/settings/log-less/not-now", {"next": "/"}, form_page="/")
    page = home(client)
    assert "suggested logging less" not in page and LOG_A_TWITCH_BUTTON.search(page)


def test_no_suggestion_without_the_ledger_shared(person, client, shared, app):
    url = f"/clients/{shared['share']}"
    post_form(client, f"/share/{shared['share']}", {"twitches": "y"}, form_page="/share")
    page = shared["client"].get(url).get_data(as_text=True)
    assert "Suggest logging less" not in page and "Checks and urges" not in page
    assert post_form(shared["client"], f"{url}/suggest-log-less", {},
                     form_page=url).status_code == 404
    assert "suggested" not in home(client)


def test_a_therapist_cannot_suggest_to_someone_who_does_not_share(shared, make_user, app):
    other = make_user(role="therapist")
    theirs = app.test_client()
    sign_in_with_code(theirs, other.email, PASSWORD)
    response = post_form(theirs, f"/clients/{shared['share']}/suggest-log-less", {},
                         form_page="/clients")
    assert response.status_code == 404


def test_the_client_page_keeps_the_query_budget(person, client, shared, log_check,
                                                count_queries):
    log_check(kind="body")
    with count_queries() as log:
        assert shared["client"].get(f"/clients/{shared['share']}").status_code == 200
    assert log.count <= 7, log  # the client page's documented budget (tests/sharing)


# Screener retakes ---------------------------------------------------------------------

def answer_screener(client) -> None:
    page = client.get("/diary/screener?reason=manual&answer=1").get_data(as_text=True)
    answers = {name: "no" for name in set(re.findall(r'name="([a-z_]+)" value="no"', page))}
    key = re.search(r'name="uuid" value="([^"]+)"', page)[1]
    response = post_form(client, "/diary/screener", {"uuid": key, "reason": "manual", **answers},
                         form_page="/diary/screener?reason=manual&answer=1")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]


def test_a_retaken_screener_is_a_check_in_the_ledger(person, client, app):
    answer_screener(client)
    assert stored(app, select(CheckItem)) == []  # the first time is no retake
    answer_screener(client)
    [check] = stored(app, select(CheckItem))
    assert (check.kind, check.outcome, check.user_id) == ("screener", "acted", person.id)
    assert "Retook the screener" in client.get("/recovery/").get_data(as_text=True)
