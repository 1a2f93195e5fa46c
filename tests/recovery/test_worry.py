"""Worry time: the daily window in the person's own zone (across daylight-saving
changes in London and New York), parking a worry, and answering, letting go or
keeping it during the window. Never shown to anyone else, a therapist included."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from tests.fixtures.accounts import PASSWORD, post_form, sign_in_with_code
from tests.fixtures.people import STRANGER_MARK
from webapp.recovery import worry_views
from webapp.recovery.models import ParkedWorry
from webapp.recovery.worry import window_on, worry_time


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# The window itself ------------------------------------------------------------------

@pytest.mark.parametrize(("zone", "day", "start_utc"), [
    # London: 18:30 is 18:30 UTC in winter, 17:30 UTC in summer, on each side of a change.
    ("Europe/London", date(2026, 3, 28), utc(2026, 3, 28, 18, 30)),
    ("Europe/London", date(2026, 3, 29), utc(2026, 3, 29, 17, 30)),  # clocks went forward
    ("Europe/London", date(2026, 10, 24), utc(2026, 10, 24, 17, 30)),
    ("Europe/London", date(2026, 10, 25), utc(2026, 10, 25, 18, 30)),  # clocks went back
    # New York: 18:30 is 23:30 UTC in winter, 22:30 UTC in summer.
    ("America/New_York", date(2026, 3, 7), utc(2026, 3, 7, 23, 30)),
    ("America/New_York", date(2026, 3, 8), utc(2026, 3, 8, 22, 30)),  # clocks went forward
    ("America/New_York", date(2026, 10, 31), utc(2026, 10, 31, 22, 30)),
    ("America/New_York", date(2026, 11, 1), utc(2026, 11, 1, 23, 30)),  # clocks went back
])
def test_the_window_opens_at_the_same_wall_clock_time_across_a_change(zone, day, start_utc):
    window = window_on(day, 18 * 60 + 30, 15, zone)
    assert window.start == start_utc
    assert window.end - window.start == timedelta(minutes=15)
    local_start, _local_end = window.local(zone)
    assert (local_start.hour, local_start.minute) == (18, 30)


@pytest.mark.parametrize("zone", ["Europe/London", "America/New_York"])
def test_on_the_day_the_clocks_go_forward_the_window_is_open_only_at_its_local_time(zone):
    changes = {"Europe/London": date(2026, 3, 29), "America/New_York": date(2026, 3, 8)}
    day = changes[zone]
    opens = datetime(day.year, day.month, day.day, 18, 30, tzinfo=ZoneInfo(zone))
    at = opens.astimezone(UTC)
    assert worry_time(18 * 60 + 30, 15, zone, at + timedelta(minutes=5)).is_open
    # One hour later is when yesterday's offset would put it: closed, and tomorrow is next.
    later = worry_time(18 * 60 + 30, 15, zone, at + timedelta(hours=1, minutes=5))
    assert not later.is_open
    assert later.upcoming.local(zone)[0].date() == day + timedelta(days=1)
    assert not worry_time(18 * 60 + 30, 15, zone, at - timedelta(minutes=1)).is_open


def test_a_start_the_clocks_skip_opens_when_the_clock_shows_it_an_hour_on():
    # New York, 8 March 2026: 02:00 becomes 03:00, so 02:30 never happens.
    window = window_on(date(2026, 3, 8), 2 * 60 + 30, 15, "America/New_York")
    local_start, local_end = window.local("America/New_York")
    assert (local_start.hour, local_start.minute) == (3, 30)
    assert window.end - window.start == timedelta(minutes=15)


def test_a_start_the_clocks_repeat_opens_the_first_time_and_lasts_real_minutes():
    # London, 25 October 2026: 01:00 to 02:00 happens twice.
    window = window_on(date(2026, 10, 25), 60 + 30, 45, "Europe/London")
    assert window.start == utc(2026, 10, 25, 0, 30)
    assert window.end == utc(2026, 10, 25, 1, 15)  # 45 real minutes, across the change


def test_a_window_past_midnight_is_still_open_the_next_day():
    zone = "America/New_York"
    state = worry_time(23 * 60 + 50, 30, zone,
                       datetime(2026, 11, 2, 0, 10, tzinfo=ZoneInfo(zone)).astimezone(UTC))
    assert state.is_open
    assert state.current.local(zone)[0].date() == date(2026, 11, 1)


def test_no_window_set_means_no_worry_time():
    assert worry_time(None, 15, "UTC", utc(2026, 1, 1)) is None


# The pages --------------------------------------------------------------------------

@pytest.fixture
def stranger_worry(app, stranger):
    theirs = app.test_client()
    sign_in_with_code(theirs, stranger.email, PASSWORD)
    assert post_form(theirs, "/recovery/settings/window", {"start": "00:00", "length": "120"},
                     form_page="/recovery/settings").status_code == 302
    parked = post_form(theirs, "/recovery/worry", {"uuid": str(uuid.uuid4()),
                                                   "text": f"{STRANGER_MARK} worry"})
    assert parked.status_code == 302
    return stranger


def set_window(client, start: str, length: str = "15") -> None:
    response = post_form(client, "/recovery/settings/window", {"start": start, "length": length},
                         form_page="/recovery/settings")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def local_clock(minutes_from_now: int, zone: str) -> str:
    return (datetime.now(ZoneInfo(zone)) + timedelta(minutes=minutes_from_now)).strftime("%H:%M")


def worries(db_session, **criteria):
    return list(db_session.scalars(select(ParkedWorry).filter_by(**criteria)))


def test_outside_the_window_a_worry_is_parked_and_its_words_wait(
        person, client, park, stranger_worry, db_session):
    set_window(client, local_clock(180, person.timezone))
    response, key = park("What if the calf twitch is a sign?")
    assert response.status_code == 302
    [stored] = worries(db_session, uuid=uuid.UUID(key))
    assert (stored.status, stored.text) == ("open", "What if the calf twitch is a sign?")
    page = client.get("/recovery/worry").get_data(as_text=True)
    assert "1 worry is waiting for it." in page
    assert "What if the calf twitch is a sign?" not in page  # not now: at worry time


def test_a_replayed_park_stores_one_worry(person, client, park, db_session):
    key = str(uuid.uuid4())
    for _ in range(2):
        park("Same worry", uuid=key)
    assert len(worries(db_session, uuid=uuid.UUID(key))) == 1


@pytest.mark.parametrize(("text", "message"), [
    ("   ", "Write the worry in a few words."),
    ("x" * 201, "Keep this under 200 characters (it has 201)."),
])
def test_a_bad_worry_keeps_what_was_typed(person, client, park, db_session, text, message):
    response, key = park(text)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and f'id="text-error">{message}' in html
    if text.strip():
        assert f'value="{text}"' in html
    assert worries(db_session) == []


def test_during_the_window_worries_are_answered_let_go_or_kept(
        person, client, park, stranger_worry, db_session):
    set_window(client, local_clock(-5, person.timezone), "30")
    _r, answer = park("Will it get worse?")
    _r, let_go = park("Did I say something wrong?")
    _r, keep = park("The appointment next week")
    page = client.get("/recovery/worry").get_data(as_text=True)
    assert "It is worry time, until" in page
    assert all(w in page for w in ("Will it get worse?", "Did I say something wrong?",
                                   "The appointment next week"))
    for key, data in ((answer, {"status": "answered", "answer": "It has not so far."}),
                      (let_go, {"status": "let_go"}), (keep, {"status": "kept"})):
        response = post_form(client, f"/recovery/worry/{key}/settle", data,
                             form_page="/recovery/worry")
        assert response.status_code == 302
    db_session.expire_all()
    by_key = {str(w.uuid): w for w in worries(db_session, user_id=person.id)}
    assert (by_key[answer].status, by_key[answer].answer) == ("answered", "It has not so far.")
    assert by_key[let_go].status == "let_go" and by_key[keep].status == "kept"
    page = client.get("/recovery/worry").get_data(as_text=True)
    assert "The appointment next week" in page and "Will it get worse?" not in page


def test_answering_needs_an_answer_and_keeps_the_rest(person, client, park, db_session):
    set_window(client, local_clock(-5, person.timezone), "30")
    _r, key = park("Is this forever?")
    response = post_form(client, f"/recovery/worry/{key}/settle",
                         {"status": "answered", "answer": "  "}, form_page="/recovery/worry")
    assert response.status_code == 422
    assert "Write your answer, or choose let go or keep." in response.get_data(as_text=True)
    assert worries(db_session, uuid=uuid.UUID(key))[0].status == "open"


def test_the_window_is_read_in_the_persons_zone_on_a_dst_day(make_user, client, auth, park,
                                                             monkeypatch):
    person = make_user(timezone="Europe/London")
    auth.login(person.email)
    set_window(client, "18:30")
    park("Parked before the clocks changed")
    monkeypatch.setattr(worry_views, "utcnow", lambda: utc(2026, 3, 29, 17, 35))
    page = client.get("/recovery/worry").get_data(as_text=True)
    assert "It is worry time, until 18:45" in page and "Parked before the clocks" in page
    monkeypatch.setattr(worry_views, "utcnow", lambda: utc(2026, 3, 29, 18, 35))
    page = client.get("/recovery/worry").get_data(as_text=True)
    assert "Your next worry time is Monday at 18:30" in page
    assert "Parked before the clocks" not in page


def test_a_worry_is_edited_deleted_and_restored(person, client, park, db_session):
    _r, key = park("First words")
    edit = f"/recovery/worry/{key}/edit"
    assert post_form(client, edit, {"version": "1", "text": "Better words"}).status_code == 302
    stale = post_form(client, edit, {"version": "1", "text": "Older words"})
    assert stale.status_code == 409 and "Better words" in stale.get_data(as_text=True)
    deleted = post_form(client, f"/recovery/worry/{key}/delete", {}, form_page=edit)
    assert "deleted=" in deleted.headers["Location"]
    assert client.get(edit).status_code == 404
    assert post_form(client, f"/recovery/worry/{key}/restore", {},
                     form_page="/recovery/worry").status_code == 302
    db_session.expire_all()
    [back] = worries(db_session, uuid=uuid.UUID(key))
    assert back.text == "Better words" and back.deleted_at is None


def test_a_bad_window_is_named_and_nothing_changes(person, client):
    for data, field in (({"start": "25:00", "length": "15"}, "start"),
                        ({"start": "18:30", "length": "3"}, "length"),
                        ({"start": "18:30", "length": "999"}, "length")):
        response = post_form(client, "/recovery/settings/window", data,
                             form_page="/recovery/settings")
        html = response.get_data(as_text=True)
        assert response.status_code == 422 and f'id="{field}-error"' in html
        assert f'value="{data[field]}"' in html
    assert "Choose your worry time" in client.get("/recovery/worry").get_data(as_text=True)


def test_someone_elses_worry_is_not_found(person, client, stranger_worry, db_session):
    [theirs] = worries(db_session, user_id=stranger_worry.id)
    assert client.get(f"/recovery/worry/{theirs.uuid}/edit").status_code == 404
    for action in ("settle", "delete", "restore"):
        response = post_form(client, f"/recovery/worry/{theirs.uuid}/{action}",
                             {"status": "let_go"}, form_page="/recovery/worry")
        assert response.status_code == 404
    set_window(client, local_clock(-5, person.timezone), "30")
    assert STRANGER_MARK not in client.get("/recovery/worry").get_data(as_text=True)


def test_the_worry_page_keeps_the_query_budget(person, client, park, count_queries):
    set_window(client, local_clock(-5, person.timezone), "30")
    for n in range(3):
        park(f"Worry {n}")
    with count_queries() as log:
        assert client.get("/recovery/worry").status_code == 200
    assert log.count <= 5, log
    with count_queries() as log:
        assert client.get("/recovery/settings").status_code == 200
    assert log.count <= 5, log
