"""The checking ledger through its pages: log, replay, bad input, edit, delete and
undo, the urge timer's answer, and the page's query budget. A second person's
ledger is present in every test (the stranger) and never shows."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.fixtures.accounts import PASSWORD, post_form, sign_in_with_code
from tests.fixtures.diary import local_now_str
from tests.fixtures.people import STRANGER_MARK
from webapp.recovery.models import CheckItem

pytestmark = pytest.mark.usefixtures("stranger_ledger")


@pytest.fixture
def stranger_ledger(app, stranger):
    """The stranger logs a check in their own recognisable words, and waits one out."""
    theirs = app.test_client()
    sign_in_with_code(theirs, stranger.email, PASSWORD)
    for action in ("save", "wait"):
        response = post_form(theirs, "/recovery/", {
            "uuid": str(uuid.uuid4()), "kind": "other", "action": action,
            "other_text": f"{STRANGER_MARK} checked", "timer_minutes": "10"})
        assert response.status_code == 302
    return stranger


def checks(db_session, **criteria):
    query = select(CheckItem).filter_by(**criteria).order_by(CheckItem.id)
    return list(db_session.scalars(query))


def test_a_check_is_logged_with_only_its_kind(person, client, log_check, db_session):
    response, key = log_check(kind="searched")
    assert response.status_code == 302 and response.headers["Location"].endswith("/recovery/")
    [check] = checks(db_session, uuid=uuid.UUID(key))
    assert (check.kind, check.urge, check.outcome, check.timer_minutes) == (
        "searched", None, None, None)
    assert check.user_id == person.id and check.version == 1
    page = client.get("/recovery/").get_data(as_text=True)
    assert "Searched symptoms online" in page and "1 check or urge logged" in page


def test_urge_strength_and_letting_it_pass_are_kept(person, client, log_check, db_session):
    _response, key = log_check(kind="asked", urge="7", outcome="resisted")
    [check] = checks(db_session, uuid=uuid.UUID(key))
    assert (check.urge, check.outcome) == (7, "resisted")
    assert "1 let pass" in client.get("/recovery/").get_data(as_text=True)


def test_a_replayed_log_stores_one_check(person, client, log_check, db_session):
    key = str(uuid.uuid4())
    for _ in range(3):
        response, _key = log_check(uuid=key, kind="body")
        assert response.status_code == 302
    assert len(checks(db_session, uuid=uuid.UUID(key))) == 1


def test_own_words_are_kept_for_something_else_only(person, client, log_check, db_session):
    _r, other = log_check(kind="other", other_text="  Checked my   pulse ")
    _r, body = log_check(kind="body", other_text="typed, then changed my mind")
    assert checks(db_session, uuid=uuid.UUID(other))[0].other_text == "Checked my pulse"
    assert checks(db_session, uuid=uuid.UUID(body))[0].other_text == ""


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"kind": "dancing"}, "kind", "Choose what it was from the list."),
    ({"kind": ""}, "kind", "Choose what it was from the list."),
    ({"kind": "other", "other_text": " "}, "other_text", "Say in a few words what it was."),
    ({"kind": "other", "other_text": "x" * 121}, "other_text", "Keep this under 120 characters"),
    ({"action": "wait", "timer_minutes": "0"}, "timer_minutes", "Wait between 1 and 60 minutes."),
    ({"action": "wait", "timer_minutes": "61"}, "timer_minutes", "Wait between 1 and 60 minutes."),
    ({"action": "wait", "timer_minutes": "-5"}, "timer_minutes", "Wait between 1 and 60 minutes."),
    ({"action": "wait", "timer_minutes": "2.5"}, "timer_minutes", "Wait between 1 and 60 minutes."),
    ({"action": "wait", "timer_minutes": "1e999"}, "timer_minutes", "Wait between 1 and 60"),
    ({"action": "wait", "timer_minutes": ""}, "timer_minutes", "Choose how long to wait: 1 to 60"),
    ({"urge": "11"}, "urge", "The urge is a number from 0"),
    ({"outcome": "maybe"}, "outcome", "Choose whether you did it or let it pass."),
    ({"timer_result": "passed"}, "timer_result", "This answer belongs to a wait-it-out timer."),
    ({"occurred_at": "2999-01-01T10:00"}, "occurred_at", "That time is in the future."),
    ({"action": "later"}, "action", "Choose Save or Wait it out."),
])
def test_bad_input_is_named_beside_its_field_and_nothing_is_saved(
        person, client, log_check, db_session, fields, field, message):
    response, key = log_check(**{"urge": "4", **fields})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error">{message}' in html.replace("&#39;", "'")
    assert "Everything you entered is still here" in html
    if "urge" not in fields:
        assert 'value="4" checked' in html  # what was typed stays
    assert checks(db_session, uuid=uuid.UUID(key)) == []
    assert db_session.scalar(select(func.count()).select_from(CheckItem).where(
        CheckItem.user_id == person.id)) == 0


def test_waiting_an_urge_out_shows_the_timer_and_keeps_the_answer(
        person, client, log_check, db_session):
    response, key = log_check(kind="strength", action="wait", timer_minutes="15")
    assert response.headers["Location"].endswith("/recovery/#timer")
    [check] = checks(db_session, uuid=uuid.UUID(key))
    assert check.timer_minutes == 15
    assert check.postponed_until - check.occurred_at == timedelta(minutes=15)
    page = client.get("/recovery/").get_data(as_text=True)
    assert f'data-uuid="{key}"' in page and 'data-minutes="15"' in page
    assert "/exercises/breathe/calm" in page and "Tested my strength" in page
    answered = post_form(client, f"/recovery/checks/{key}/answer", {"timer_result": "weaker"},
                         form_page="/recovery/")
    assert answered.status_code == 302
    db_session.expire_all()
    [check] = checks(db_session, uuid=uuid.UUID(key))
    assert (check.timer_result, check.outcome, check.version) == ("weaker", "resisted", 2)
    page = client.get("/recovery/").get_data(as_text=True)
    assert f'data-uuid="{key}"' not in page and "It got weaker" in page


def test_checking_anyway_counts_as_done_without_blame(person, client, log_check, db_session):
    _r, key = log_check(action="wait", timer_minutes="5")
    answered = post_form(client, f"/recovery/checks/{key}/answer", {"timer_result": "checked"},
                         form_page="/recovery/", follow_redirects=True)
    assert "Every wait is practice, however it ends." in answered.get_data(as_text=True)
    assert checks(db_session, uuid=uuid.UUID(key))[0].outcome == "acted"


def test_an_unknown_answer_is_refused_beside_the_question(person, client, log_check, db_session):
    _r, key = log_check(action="wait", timer_minutes="5")
    answered = post_form(client, f"/recovery/checks/{key}/answer", {"timer_result": "gone"},
                         form_page="/recovery/")
    assert answered.status_code == 422
    assert 'id="timer_result-error">Choose how the urge is now' in answered.get_data(as_text=True)
    assert checks(db_session, uuid=uuid.UUID(key))[0].timer_result is None


def test_an_edit_changes_the_check_and_a_stale_edit_shows_both(person, client, log_check,
                                                               db_session):
    _r, key = log_check(kind="forums", urge="8")
    edit = f"/recovery/checks/{key}/edit"
    saved = post_form(client, edit, {"version": "1", "kind": "asked", "urge": "3",
                                     "occurred_at": "", "outcome": "resisted"})
    assert saved.status_code == 302
    [check] = checks(db_session, uuid=uuid.UUID(key))
    assert (check.kind, check.urge, check.outcome, check.version) == ("asked", 3, "resisted", 2)
    stale = post_form(client, edit, {"version": "1", "kind": "body", "urge": "5"})
    assert stale.status_code == 409
    assert "This check changed somewhere else" in stale.get_data(as_text=True)
    db_session.expire_all()
    assert checks(db_session, uuid=uuid.UUID(key))[0].kind == "asked"


def test_a_bad_edit_keeps_what_was_typed(person, client, log_check, db_session):
    _r, key = log_check(kind="forums")
    response = post_form(client, f"/recovery/checks/{key}/edit",
                         {"version": "1", "kind": "other", "other_text": "", "urge": "12"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="urge-error"' in html and 'id="other_text-error"' in html
    assert 'value="other" checked' in html
    assert checks(db_session, uuid=uuid.UUID(key))[0].kind == "forums"


def test_delete_asks_first_and_can_be_undone(person, client, log_check, db_session):
    _r, key = log_check(kind="other", other_text="Looked in the mirror")
    assert "Delete this check?" in client.get(f"/recovery/checks/{key}/delete").get_data(
        as_text=True)
    deleted = post_form(client, f"/recovery/checks/{key}/delete", {})
    assert deleted.status_code == 302 and "deleted=" in deleted.headers["Location"]
    page = client.get(deleted.headers["Location"]).get_data(as_text=True)
    assert "Check deleted." in page and "Looked in the mirror" not in page
    assert client.get(f"/recovery/checks/{key}/edit").status_code == 404
    restored = post_form(client, f"/recovery/checks/{key}/restore", {}, form_page="/recovery/")
    assert restored.status_code == 302
    assert "Looked in the mirror" in client.get("/recovery/").get_data(as_text=True)


def test_someone_elses_check_is_not_found(person, client, stranger_ledger, db_session):
    [theirs, *_] = checks(db_session, user_id=stranger_ledger.id)
    for url in (f"/recovery/checks/{theirs.uuid}/edit", f"/recovery/checks/{theirs.uuid}/delete"):
        assert client.get(url).status_code == 404
    for url in (f"/recovery/checks/{theirs.uuid}/answer", f"/recovery/checks/{theirs.uuid}/delete",
                f"/recovery/checks/{theirs.uuid}/restore"):
        response = post_form(client, url, {"timer_result": "passed"}, form_page="/recovery/")
        assert response.status_code == 404
    # Their open wait is theirs: this person's ledger shows no timer at all.
    assert 'data-uuid="' not in client.get("/recovery/").get_data(as_text=True)
    db_session.expire_all()
    assert all(c.timer_result is None and c.deleted_at is None
               for c in checks(db_session, user_id=stranger_ledger.id))


def test_the_ledger_page_keeps_the_query_budget(person, client, log_check, count_queries):
    for kind in ("body", "searched", "asked"):
        log_check(kind=kind)
    log_check(action="wait", timer_minutes="10")
    for url in ("/recovery/", "/recovery/offline"):
        with count_queries() as log:
            assert client.get(url).status_code == 200
        assert log.count <= 5, log


def test_the_offline_copy_holds_nothing_personal(person, client, log_check):
    log_check(kind="other", other_text="Pinched my calf")
    page = client.get("/recovery/offline").get_data(as_text=True)
    assert "Pinched my calf" not in page and 'name="uuid" value=""' in page
    assert "data-offline-form" in page and 'data-outbox-kind="check"' in page


def test_the_log_form_is_one_tap_from_home_and_the_diary(person, client):
    for url in ("/", "/diary/"):
        assert 'href="/recovery/"' in client.get(url).get_data(as_text=True)
    form = client.get("/recovery/").get_data(as_text=True)
    # Kind chips, then Save: the rest is folded away or optional.
    assert form.index('name="kind"') < form.index('value="save"') < form.index('name="urge"')


def test_a_therapist_cannot_keep_a_ledger(make_user, client, auth):
    therapist = make_user(role="therapist")
    auth.login(therapist.email)
    assert client.get("/recovery/").status_code == 404


def test_an_old_wait_without_an_answer_stops_being_asked(person, client, log_check, db_session):
    when = local_now_str(minutes_ago=14 * 60)
    _r, key = log_check(action="wait", timer_minutes="10", occurred_at=when)
    assert f'data-uuid="{key}"' not in client.get("/recovery/").get_data(as_text=True)
