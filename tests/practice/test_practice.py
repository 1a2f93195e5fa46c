"""Assigned practice: a therapist assigns an exercise, a checks target, an
experiment or a questionnaire; the person sees it on the home screen, does it as
usual, and can decline it with a note; both see done against planned."""
from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from tests.fixtures.accounts import PASSWORD, post_form
from tests.portability.support import as_bytes, export, upload
from tests.sharing.support import change_share, log_rows, share, today
from webapp import db
from webapp.measures.models import MeasureSchedule
from webapp.practice.models import Assignment


def assign(pair, **values):
    return post_form(pair.therapist_client, f"/clients/{pair.share_id}/practice", values,
                     form_page=f"/clients/{pair.share_id}/practice")


def count(app, model=Assignment):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def breathe(client, pattern="478", before=6, after=3, minutes_ago=30):
    page = client.get(f"/exercises/breathe/{pattern}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    response = client.post("/exercises/sessions", headers={
        "X-CSRFToken": token, "Accept": "application/json"}, json={
        "uuid": str(uuid.uuid4()), "exercise": "breathe", "pattern": pattern,
        "planned_seconds": 120, "actual_seconds": 120, "anxiety_before": before,
        "anxiety_after": after, "completed": True,
        "started_at": (datetime.now(UTC) - timedelta(minutes=minutes_ago)).isoformat()})
    assert response.status_code in (200, 201), response.get_data(as_text=True)


def log_check(client, kind="strength"):
    response = post_form(client, "/recovery/", {"uuid": str(uuid.uuid4()), "kind": kind,
                                                "action": "save", "outcome": "acted"})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


EXERCISE = {"kind": "exercise", "exercise": "breathe:478", "per_week": "5", "weeks": "4"}


def test_an_exercise_counts_sessions_done_for_both(app, make_user):
    pair = share(app, make_user, name="Robin")
    page = pair.therapist_client.get(f"/clients/{pair.share_id}/practice")
    assert page.status_code == 200 and ("practice", pair.share_id) in log_rows(app)
    done = assign(pair, **EXERCISE, starts_on=(today() - timedelta(days=1)).isoformat())
    assert done.status_code == 302, done.get_data(as_text=True)[:500]
    home = pair.person_client.get("/").get_data(as_text=True)
    assert "From your therapist" in home and "5 times a week for 4 weeks" in home
    for before, after in ((6, 3), (5, 4), (7, 3)):
        breathe(pair.person_client, before=before, after=after)
    breathe(pair.person_client, pattern="box")  # another pattern does not count
    mine = pair.person_client.get("/practice").get_data(as_text=True)
    assert "3 of 5 done so far (60%)" in mine
    assert "median of 3 rated sessions: -3 points" in mine
    client_page = pair.therapist_client.get(f"/clients/{pair.share_id}").get_data(as_text=True)
    assert "Assigned practice" in client_page and "3 of 5 done so far (60%)" in client_page


def test_a_checks_target_counts_weeks_within_the_limit(app, make_user):
    pair = share(app, make_user)
    assert assign(pair, kind="checks", check_kind="strength", limit="0",
                  weeks="2").status_code == 302
    mine = pair.person_client.get("/practice").get_data(as_text=True)
    assert "None of these: Tested my strength, for 2 weeks" in mine
    assert "1 of 1 week within the limit so far" in mine
    log_check(pair.person_client, "searched")
    assert "1 of 1 week within" in pair.person_client.get("/practice").get_data(as_text=True)
    log_check(pair.person_client, "strength")
    assert "0 of 1 week within" in pair.person_client.get("/practice").get_data(as_text=True)


def test_an_experiment_counts_once_started(app, make_user):
    pair = share(app, make_user)
    assert assign(pair, kind="experiment", experiment="", weeks="2").status_code == 302
    assert "No experiment started yet" in pair.person_client.get("/practice").get_data(
        as_text=True)
    start = today()
    response = post_form(pair.person_client, "/recovery/experiments/setup", {
        "uuid": str(uuid.uuid4()), "title": "Less checking", "change": "Fewer checks",
        "measures": ["twitches"], "first": "change", "design": "ab",
        "phase_1_start": start.isoformat(), "phase_1_end": (start + timedelta(days=6)).isoformat(),
        "phase_2_start": (start + timedelta(days=7)).isoformat(),
        "phase_2_end": (start + timedelta(days=13)).isoformat(), "action": "save"})
    assert response.status_code == 302
    assert "Experiment started" in pair.person_client.get("/practice").get_data(as_text=True)


def test_a_questionnaire_assignment_is_a_measures_schedule(app, make_user):
    pair = share(app, make_user)
    response = assign(pair, kind="questionnaire", instrument="phq9", cadence="weekly",
                      starts_on=today().isoformat(),
                      ends_on=(today() + timedelta(days=28)).isoformat(), expiry_days="4")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert count(app, MeasureSchedule) == 1 and count(app) == 0
    assert "PHQ-9 due by" in pair.person_client.get("/").get_data(as_text=True)


def test_bad_input_is_refused_with_a_clear_message_and_nothing_stored(app, make_user):
    pair = share(app, make_user)
    for values, message in (
            ({**EXERCISE, "weeks": "13"}, "Choose from 1 to 12 weeks."),
            ({**EXERCISE, "per_week": "0"}, "Choose from 1 to 14 times a week."),
            ({**EXERCISE, "exercise": "breathe:nope"}, "Choose a breathing pattern"),
            ({"kind": "checks", "check_kind": "strength", "limit": "99", "weeks": "2"},
             "Choose a weekly limit from 0 to 21."),
            ({"kind": "questionnaire", "instrument": "phq9", "cadence": "weekly",
              "starts_on": today().isoformat(), "ends_on": ""}, "needs an end date"),
            ({"kind": "nonsense"}, "Choose what to assign.")):
        response = assign(pair, **values)
        assert response.status_code == 422, values
        assert message in response.get_data(as_text=True), values
    typed = assign(pair, **{**EXERCISE, "weeks": "13"}).get_data(as_text=True)
    assert 'value="13"' in typed
    assert count(app) == 0 and count(app, MeasureSchedule) == 0


def test_no_assignment_for_a_revoked_ended_or_narrow_share(app, make_user):
    pair = share(app, make_user, exercises="")
    refused = assign(pair, **EXERCISE)
    assert refused.status_code == 422 and "does not share this part" in refused.get_data(
        as_text=True)
    change_share(app, pair.share_id, ends_on=today() - timedelta(days=1))
    assert assign(pair, kind="checks", check_kind="body", limit="1",
                  weeks="1").status_code == 410
    assert pair.therapist_client.get(f"/clients/{pair.share_id}/practice").status_code == 410
    change_share(app, pair.share_id, ends_on=None, revoked_at=datetime.now(UTC))
    assert assign(pair, kind="checks", check_kind="body", limit="1",
                  weeks="1").status_code == 404
    assert count(app) == 0


def test_the_person_declines_with_a_note_the_therapist_reads(app, make_user, stranger):
    pair = share(app, make_user)
    assign(pair, **EXERCISE)
    with app.app_context():
        assignment_id = db.session.scalar(select(Assignment.id))
    url = f"/practice/{assignment_id}/decline"
    too_long = post_form(pair.person_client, url, {"note": "x" * 301}, form_page="/practice")
    assert too_long.status_code == 422 and "Keep the note under 300" in too_long.get_data(
        as_text=True)
    other = make_user(display_name="Other")
    from tests.sharing.support import signed_in
    assert post_form(signed_in(app, other), url, {"note": "mine"},
                     form_page="/practice").status_code == 404
    done = post_form(pair.person_client, url, {"note": "Too busy this month"},
                     form_page="/practice", follow_redirects=True)
    assert "Your therapist will see your note" in done.get_data(as_text=True)
    assert "From your therapist" not in pair.person_client.get("/").get_data(as_text=True)
    page = pair.therapist_client.get(f"/clients/{pair.share_id}").get_data(as_text=True)
    assert "Their note: Too busy this month" in page


def test_practice_is_exported_imported_and_deleted_with_the_account(app, make_user):
    pair = share(app, make_user)
    assign(pair, **EXERCISE)
    document = export(pair.person_client)
    items = document["practice_assignments"]
    assert items[0]["exercise"] == "breathe:478" and items[0]["weeks"] == 4
    with app.app_context():
        db.session.execute(Assignment.__table__.delete())
        db.session.commit()
    items[0]["weeks"] = 40
    refused = upload(pair.person_client, as_bytes(document))
    assert "Choose from 1 to 12 weeks." in refused.get_data(as_text=True) and count(app) == 0
    items[0]["weeks"] = 4
    assert upload(pair.person_client, as_bytes(document)).status_code in (200, 302)
    upload(pair.person_client, as_bytes(document))
    assert count(app) == 1
    response = post_form(pair.person_client, "/account/delete", {"password": PASSWORD})
    assert response.status_code == 302 and count(app) == 0
