import re
import uuid

import pytest
from sqlalchemy import func, select

from tests.fixtures.accounts import post_form
from tests.fixtures.diary import local_now_str
from webapp import db
from webapp.auth.models import User
from webapp.diary.models import Entry


def count_entries(db_session):
    return db_session.scalar(select(func.count()).select_from(Entry))


def test_diary_needs_a_signed_in_person(client, make_user, auth):
    assert "/login" in client.get("/diary/").location
    therapist = make_user(role="therapist")
    auth.login(therapist.email)
    assert client.get("/diary/new").status_code == 404


def test_new_form_defaults_to_now_in_the_persons_zone(client, make_user, auth):
    user = make_user(timezone="Asia/Tokyo")
    auth.login(user.email)
    html = client.get("/diary/new?trigger=caffeine").get_data(as_text=True)
    assert f'value="{local_now_str("Asia/Tokyo", 0)[:13]}' in html
    assert 'value="caffeine" checked' in html
    assert 'name="uuid"' in html and 'data-outbox-kind="entry"' in html


def test_quick_log_needs_only_time_and_one_area(person, log_twitch, db_session):
    response, entry_uuid = log_twitch()
    assert response.status_code == 302
    entry = db_session.scalar(select(Entry))
    assert str(entry.uuid) == entry_uuid and entry.areas == ",calf:left,"
    assert entry.intensity is None and entry.triggers == ","


def test_full_entry_is_stored_in_utc_with_its_zone(client, make_user, auth, log_twitch, db_session):
    user = make_user(timezone="America/New_York")
    auth.login(user.email)
    response, _ = log_twitch(occurred_at="2026-07-01T22:30", areas=["eyelid:right", "neck:middle"],
                             intensity="7", duration="minutes", feel="flicker", situation="bed",
                             triggers=["caffeine", "poor_sleep"],
                             custom_triggers="Exam, long drive",
                             anxiety="6", note="Could not sleep")
    assert response.status_code == 302
    entry = db_session.scalar(select(Entry))
    assert entry.occurred_at.isoformat() == "2026-07-02T02:30:00+00:00"
    assert entry.local_day.isoformat() == "2026-07-01"
    assert entry.trigger_list == ["caffeine", "poor_sleep", "tag:exam", "tag:long drive"]
    assert (entry.intensity, entry.duration, entry.feel, entry.situation, entry.anxiety) == (
        7, "minutes", "flicker", "bed", 6)


def test_same_uuid_twice_stores_one_entry(person, log_twitch, client, db_session):
    first, entry_uuid = log_twitch()
    second, _ = log_twitch(uuid=entry_uuid, note="a replay with other text")
    assert first.location.split("?")[0].endswith(entry_uuid) or "screener" in first.location
    assert entry_uuid in second.location
    assert count_entries(db_session) == 1
    assert db_session.scalar(select(Entry.note)) == ""


@pytest.mark.parametrize("field,value,message", [
    ("intensity", "11", "Intensity is a number from 1"),
    ("intensity", "abc", "Intensity is a number from 1"),
    ("anxiety", "-1", "Anxiety is a number from 0"),
    ("occurred_at", "2099-01-01T10:00", "in the future"),
    ("occurred_at", "1999-12-31T10:00", "after 2000"),
    ("occurred_at", "yesterday", "Enter when it happened"),
    ("areas", ["elbow:left"], "Choose body areas from the list"),
    ("areas", [], "Choose at least one body area"),
    ("duration", "forever", "how long it lasted"),
    ("triggers", ["moon"], "Choose triggers from the list"),
    ("note", "x" * 100_000, "under 2000 characters"),
    ("uuid", "not-a-uuid", "no valid id"),
])
def test_bad_input_is_refused_with_message_and_form_kept(person, log_twitch, db_session,
                                                         field, value, message):
    response, _ = log_twitch(**{field: value, "custom_triggers": "kept text"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert 'value="kept text"' in html
    assert count_entries(db_session) == 0


def test_form_keeps_every_choice_after_an_error(person, log_twitch):
    response, _ = log_twitch(intensity="11", areas=["thumb:right"], triggers=["stress"],
                             feel="jump", note="my words")
    html = response.get_data(as_text=True)
    assert re.search(r'value="thumb:right"[^>]* checked', html)
    assert 'value="stress" checked' in html and 'value="jump" checked' in html
    assert ">my words</textarea>" in html


def test_missing_csrf_is_refused(person, client, db_session):
    response = client.post("/diary/new", data={"uuid": str(uuid.uuid4()),
                                               "occurred_at": local_now_str(),
                                               "areas": "calf:left"})
    assert response.status_code == 400 and count_entries(db_session) == 0


def test_view_edit_delete_of_another_persons_entry_is_404(app, client, make_user, auth, log_twitch):
    owner = make_user()
    auth.login(owner.email)
    _, entry_uuid = log_twitch()
    auth.logout()
    auth.login(make_user().email)
    base = f"/diary/entry/{entry_uuid}"
    assert client.get(base).status_code == 404
    assert client.get(base + "/edit").status_code == 404
    edited = post_form(client, base + "/edit", {"areas": "neck:middle"}, form_page="/diary/new")
    assert edited.status_code == 404
    assert post_form(client, base + "/delete", {}, form_page="/diary/new").status_code == 404
    assert client.get("/diary/entry/not-a-uuid").status_code == 404


def test_edit_entry_and_stale_edit_keeps_both(person, log_twitch, client, db_session):
    _, entry_uuid = log_twitch(intensity="3")
    base = f"/diary/entry/{entry_uuid}/edit"
    ok = post_form(client, base, {"version": "1", "occurred_at": local_now_str(),
                                  "areas": ["calf:left"], "intensity": "4"})
    assert ok.status_code == 302
    stale = post_form(client, base, {"version": "1", "occurred_at": local_now_str(),
                                     "areas": ["calf:left"], "intensity": "9", "note": "mine"})
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409
    assert "changed somewhere else" in html and ">mine</textarea>" in html
    assert db_session.scalar(select(Entry.intensity)) == 4
    keep_mine = post_form(client, base, {"version": "2", "occurred_at": local_now_str(),
                                         "areas": ["calf:left"], "intensity": "9"})
    assert keep_mine.status_code == 302
    db_session.expire_all()
    assert db_session.scalar(select(Entry.intensity)) == 9


def test_delete_asks_then_can_be_undone(person, log_twitch, client, db_session):
    _, entry_uuid = log_twitch()
    ask = client.get(f"/diary/entry/{entry_uuid}/delete")
    assert "Delete this twitch?" in ask.get_data(as_text=True)
    done = post_form(client, f"/diary/entry/{entry_uuid}/delete", {})
    timeline = client.get(done.location).get_data(as_text=True)
    assert "Entry deleted." in timeline and "Undo" in timeline
    assert client.get(f"/diary/entry/{entry_uuid}").status_code == 404
    undo = post_form(client, f"/diary/entry/{entry_uuid}/restore", {}, form_page="/diary/")
    assert undo.status_code == 302
    assert client.get(f"/diary/entry/{entry_uuid}").status_code == 200


def test_first_time_area_asks_the_screener_once(person, log_twitch):
    first, _ = log_twitch(areas=["calf:left"])
    assert "/diary/screener?reason=first:calf" in first.location
    again, _ = log_twitch(areas=["calf:right"])
    assert "screener" not in again.location


def test_saved_entry_offers_breathe_now(person, log_twitch, client):
    log_twitch()
    _, entry_uuid = log_twitch()
    page = client.get(f"/diary/entry/{entry_uuid}?saved=1").get_data(as_text=True)
    assert "Breathe now" in page and "/exercises/breathe/calm" in page


def test_deleting_account_removes_diary_rows(person, log_twitch, client, db_session):
    log_twitch()
    post_form(client, "/diary/checkin", {"uuid": str(uuid.uuid4()), "anxiety": "3"})
    post_form(client, "/account/delete", {"password": person.plain_password})
    assert count_entries(db_session) == 0
    from webapp.diary.models import Checkin

    assert db_session.scalar(select(func.count()).select_from(Checkin)) == 0


def test_sync_refuses_diary_records_from_a_therapist_account(app, make_user):
    from webapp.diary.sync import EntryHandler
    from webapp.validation import ValidationFailed

    therapist = make_user(role="therapist")
    with app.app_context():
        user = db.session.get(User, therapist.id)
        with pytest.raises(ValidationFailed, match="personal account"):
            EntryHandler().create(db.session, user, uuid.uuid4(),
                                  {"occurred_at": local_now_str(), "areas": ["calf:left"]})
