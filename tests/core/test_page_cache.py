"""Pages kept in memory (webapp/page_cache.py): a repeat visit is served without
building the page again, and never once anything it shows has changed: the
person's own writes, a therapist's, another server's, the clock, their language."""
from __future__ import annotations

import gzip
import re
import time
import uuid

import brotli
import pytest
from flask import Flask
from itsdangerous import TimestampSigner

from tests.fixtures.accounts import PASSWORD, post_form
from tests.fixtures.app import make_app
from tests.fixtures.diary import local_now_str
from tests.practice.test_practice import EXERCISE, assign
from tests.sharing.support import share
from webapp import page_cache
from webapp.page_cache import EXTENSION, FRESH

KEPT = ["/", "/learn/red-flags", "/diary/", "/diary/insights", "/diary/summary",
        "/diary/insights?days=30", "/diary/?only=entries"]
UUID_FIELD = re.compile(r'name="uuid" value="([^"]+)"')


def kept(app: Flask) -> int:
    return len(app.extensions[EXTENSION])


def without_ids(html: str) -> str:
    return UUID_FIELD.sub('name="uuid" value=""', html)


def twitch(client, note: str) -> None:
    saved = post_form(client, "/diary/new", {
        "uuid": str(uuid.uuid4()), "occurred_at": local_now_str(minutes_ago=20),
        "areas": ["calf:left"], "intensity": "4", "note": note})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:300]


@pytest.mark.parametrize("url", KEPT)
def test_a_repeat_visit_is_the_same_page_for_one_statement(app, person, client, count_queries,
                                                           url):
    first = client.get(url)
    assert first.status_code == 200
    with count_queries(keep_pages=True) as log:
        again = client.get(url)
    assert log.count == 1, log  # the signed-in account, which carries its data version
    assert without_ids(again.get_data(as_text=True)) == without_ids(first.get_data(as_text=True))
    assert FRESH not in again.get_data(as_text=True)


def test_every_kept_view_is_listed_here(app):
    views = {name for name, view in app.view_functions.items()
             if getattr(view, "remembered", False)}
    assert views == {"core.home", "learn.article", "diary.timeline", "insights.insights",
                     "insights.summary"}


def test_each_serve_of_a_form_gets_a_new_record_id(person, client):
    ids = set()
    for _ in range(3):
        html = client.get("/diary/summary").get_data(as_text=True)
        found = UUID_FIELD.findall(html)
        assert found and all(uuid.UUID(value) for value in found)
        ids.update(found)
    assert len(ids) == 3  # two tabs never share an id (the second save would be dropped)


def test_the_persons_own_write_shows_at_once(person, client):
    urls = ("/", "/diary/", "/diary/insights", "/diary/summary")
    before = {url: without_ids(client.get(url).get_data(as_text=True)) for url in urls}
    twitch(client, "KEPT-OR-NOT")
    assert "KEPT-OR-NOT" in client.get("/diary/").get_data(as_text=True)
    for url in ("/diary/insights", "/diary/summary"):  # the counts and charts moved
        assert without_ids(client.get(url).get_data(as_text=True)) != before[url], url


def test_a_write_through_another_server_shows_at_once(app, database_url, person, client):
    client.get("/diary/")
    other = make_app(database_url)  # a second process: its own memory, the same database
    try:
        theirs = other.test_client()
        post_form(theirs, "/login", {"email": person.email, "password": PASSWORD})
        twitch(theirs, "FROM-THE-OTHER-SERVER")
    finally:
        other.extensions["steady_engine"].dispose()
    assert "FROM-THE-OTHER-SERVER" in client.get("/diary/").get_data(as_text=True)


def test_a_therapists_assignment_shows_on_the_persons_home(app, make_user):
    pair = share(app, make_user)
    pair.person_client.get("/")
    assert "From your therapist" not in pair.person_client.get("/").get_data(as_text=True)
    assert kept(app) == 1
    done = assign(pair, **EXERCISE)
    assert done.status_code == 302
    assert "From your therapist" in pair.person_client.get("/").get_data(as_text=True)


def test_therapist_pages_are_never_kept_and_their_reads_show_in_the_log(app, make_user):
    pair = share(app, make_user)
    pair.person_client.get("/share")
    pair.therapist_client.get("/")
    pair.therapist_client.get(f"/clients/{pair.share_id}")
    pair.therapist_client.get(f"/clients/{pair.share_id}")
    log = pair.person_client.get("/share").get_data(as_text=True)
    assert log.count("<strong>Dr Lee</strong>") == 2
    assert kept(app) == 0  # the therapist's home was built both times


def test_one_persons_page_is_never_anothers(app, make_user, person, client):
    twitch(client, "FIRST-PERSONS-NOTE")
    client.get("/diary/")
    other = make_user()
    theirs = app.test_client()
    post_form(theirs, "/login", {"email": other.email, "password": PASSWORD})
    assert "FIRST-PERSONS-NOTE" not in theirs.get("/diary/").get_data(as_text=True)


def flashed(html: str) -> list[str]:
    area = html[html.index('id="status-area"'):html.index('<main id="main"')]
    return re.findall(r'<p class="toast[^"]*">(.*?)</p>', area, re.S)


def test_a_message_shown_once_is_not_kept(person, client, auth):
    client.get("/")
    client.get("/")
    auth.logout()
    assert flashed(client.get("/").get_data(as_text=True)) == ["You are logged out."]
    assert flashed(client.get("/").get_data(as_text=True)) == []


def test_a_new_minute_builds_the_page_again(app, person, client, count_queries):
    client.get("/")
    app.config["CLOCK"].advance(seconds=60)
    with count_queries(keep_pages=True) as log:
        client.get("/")
    assert log.count > 1


def test_changing_language_changes_the_page(person, client):
    assert "Log a twitch" in client.get("/").get_data(as_text=True)
    post_form(client, "/language", {"language": "es", "next": "/"}, form_page="/")
    assert "Log a twitch" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("app_config", [{"PAGE_CACHE_SIZE": 2}])
def test_memory_is_bounded(app, person, client):
    for url in ("/", "/diary/", "/diary/insights", "/diary/summary"):
        client.get(url)
        client.get(url)
    assert kept(app) == 2


@pytest.mark.parametrize("app_config", [{"PAGE_CACHE_SIZE": 0}])
def test_size_0_builds_every_page(app, person, client, count_queries):
    client.get("/diary/")
    with count_queries(keep_pages=True) as log:
        client.get("/diary/")
    assert log.count > 1 and kept(app) == 0


def test_many_asking_at_once_for_a_page_build_it_once(app, person, client, monkeypatch):
    """When the minute turns, every open phone asks at once: one builds the page
    and the others wait for it, instead of each building its own copy."""
    from threading import Barrier, Thread

    from webapp.insights import views as insight_views

    builds = []
    real_render = insight_views.render_template

    def slow_counted_render(*args, **kwargs):
        builds.append(1)
        time.sleep(0.3)  # long enough for every other request to arrive meanwhile
        return real_render(*args, **kwargs)

    monkeypatch.setattr(insight_views, "render_template", slow_counted_render)
    client.get("/diary/insights")
    cookie = client.get_cookie("session").value
    start, answers = Barrier(6), []

    def ask() -> None:
        phone = app.test_client()
        phone.set_cookie("session", cookie)
        start.wait()
        answers.append(without_ids(phone.get("/diary/insights").get_data(as_text=True)))

    builds.clear()
    app.config["CLOCK"].advance(seconds=60)
    threads = [Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 6 and len(set(answers)) == 1
    assert len(builds) == 1


@pytest.mark.parametrize("app_config", [{"PAGE_CACHE_SIZE": 0}])
def test_a_kept_page_built_twice_is_the_same_page(app, person, client, monkeypatch):
    """Keeping a page is only right if building it again would give the same page:
    nothing drawn at random or from the request's moment finer than a minute (a
    form's new-record id is the one exception, marked fresh on each serve).

    The CSRF token is signed with the second it was made; a kept copy's older second
    still validates (tested by the form posts above), so the signer's clock is held
    still here, or the two builds differ whenever a second turns between them."""
    second = int(time.time())
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: second)
    twitch(client, "A NOTE")
    for url in KEPT:
        first = client.get(url).get_data(as_text=True)
        assert without_ids(client.get(url).get_data(as_text=True)) == without_ids(first), url


def compressions(monkeypatch) -> list[str]:
    made: list[str] = []
    real = page_cache._compress

    def counted(encoding: str, data: bytes) -> bytes:
        made.append(encoding)
        return real(encoding, data)

    monkeypatch.setattr(page_cache, "_compress", counted)
    return made


@pytest.mark.parametrize(("encoding", "unpack"), [("br", brotli.decompress),
                                                  ("gzip", gzip.decompress)])
def test_a_kept_page_is_compressed_once_for_a_phone_that_takes_it(
        person, client, make_user, monkeypatch, encoding, unpack):
    other = make_user(email="other@example.com")  # their page is never this one
    made = compressions(monkeypatch)
    twitch(client, "A NOTE")
    asks = {"Accept-Encoding": f"{encoding}, identity"}
    served = [client.get("/diary/", headers=asks) for _ in range(3)]
    plain = client.get("/diary/").get_data(as_text=True)
    assert made == [encoding]  # the first serve built the page; the next two reused
    for response in served:
        assert response.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in response.headers["Vary"]
        assert unpack(response.get_data()).decode() == plain
    assert "A NOTE" in plain and other.display_name not in plain
    twitch(client, "ANOTHER NOTE")  # a write: a new page, compressed anew
    fresh = client.get("/diary/", headers=asks)
    assert "ANOTHER NOTE" in unpack(fresh.get_data()).decode()


def test_a_page_with_fresh_ids_is_compressed_on_each_serve(person, client, monkeypatch):
    made = compressions(monkeypatch)
    asks = {"Accept-Encoding": "br"}
    pages = [brotli.decompress(client.get("/diary/summary", headers=asks).get_data()).decode()
             for _ in range(3)]
    assert made == []  # never kept compressed: Flask-Compress compresses each serve
    assert len({tuple(UUID_FIELD.findall(page)) for page in pages}) == 3


@pytest.mark.parametrize("app_config", [{"PAGE_CACHE_SIZE": 2}])
def test_compressed_copies_go_with_their_pages(app, person, client):
    for url in ["/", "/diary/", "/learn/red-flags", "/diary/insights"]:
        for _ in range(2):
            client.get(url, headers={"Accept-Encoding": "br"})
    pages = app.extensions[EXTENSION]
    assert len(pages) == 2 and len(pages._encoded) <= 2
