""""A doctor checked this": after a visit the screener asks what is new, stops
coming back every week unless asked to, and a quick retake shows the visit first."""
import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from tests.fixtures.accounts import post_form
from webapp import db
from webapp.auth.models import User
from webapp.diary import screening
from webapp.diary.models import DoctorCheck, Screening
from webapp.safety import signs

CATALOGUE = signs.for_language("en")
AFTER_VISIT_KEYS = [s.key for s in CATALOGUE.questions(after_visit=True)]


def record_visit(client, **fields):
    data = {"uuid": str(uuid.uuid4()),
            "checked_on": (date.today() - timedelta(days=20)).isoformat(),
            "clinician": "Dr Lee, GP", "conclusion": "Harmless twitching; come back if weaker.",
            "tests": ["exam", "blood"], "area": ""}
    data.update(fields)
    return post_form(client, "/diary/screener/doctor-checks", data)


def age_screenings(app, days=10):
    with app.app_context():
        for row in db.session.scalars(select(Screening)):
            row.answered_at = datetime.now(UTC) - timedelta(days=days)
        db.session.commit()


def checkin(client):
    return post_form(client, "/diary/checkin", {"uuid": str(uuid.uuid4())})


def answer_all(client, keys, yes=()):
    data = {k: "yes" if k in yes else "no" for k in keys}
    data.update(uuid=str(uuid.uuid4()), next="/diary/")
    return post_form(client, "/diary/screener", data, form_page="/diary/screener?answer=1")


def test_a_visit_is_recorded_with_date_who_conclusion_and_tests(person, client, db_session):
    response = record_visit(client, area="calf", tests_other="Vitamin D")
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Dr Lee, GP" in html and "Harmless twitching" in html
    assert "Blood tests" in html and "Vitamin D" in html and "Calf" in html
    check = db_session.scalar(select(DoctorCheck))
    assert check.area == "calf" and check.test_list == ["exam", "blood"]


def test_a_visit_in_the_future_is_refused_and_the_form_kept(person, client, db_session):
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    response = record_visit(client, checked_on=tomorrow, clinician="Dr Future")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "cannot be in the future" in html and 'value="Dr Future"' in html
    assert db_session.scalar(select(DoctorCheck)) is None


def test_after_a_visit_the_questions_ask_what_is_new_since_then(person, client):
    before = client.get("/diary/screener").get_data(as_text=True)
    assert CATALOGUE.by_key["weeks"].question in before
    record_visit(client)
    html = client.get("/diary/screener").get_data(as_text=True)
    assert "new or different since that visit" in html
    assert 'name="weeks"' not in html  # the doctor has seen that it lasts
    assert CATALOGUE.by_key["weakness"].since_visit in html
    assert CATALOGUE.by_key["breathing"].question in html  # emergencies are always asked


def test_answers_after_a_visit_are_stored_against_it(person, client, db_session):
    record_visit(client, checked_on="2026-10-01")
    html = answer_all(client, AFTER_VISIT_KEYS).get_data(as_text=True)
    assert "since your doctor’s check on" in html
    row = db_session.scalar(select(Screening))
    assert row.since_visit == date(2026, 10, 1)
    assert "weeks" not in row.no + row.flags + row.skipped


def test_without_a_visit_the_weekly_questions_follow_a_checkin(person, client):
    assert "/diary/screener?reason=weekly" in checkin(client).headers["Location"]


def test_after_a_visit_the_weekly_re_ask_is_off_until_turned_on(app, person, client):
    record_visit(client)
    answer_all(client, AFTER_VISIT_KEYS)
    age_screenings(app)
    assert checkin(client).headers["Location"].endswith("/diary/")
    html = client.get("/diary/screener?answer=1").get_data(as_text=True)
    assert 'name="weekly" value="on" aria' in html and "Off unless you turn it on" in html
    post_form(client, "/diary/screener/weekly", {"weekly": "on", "next": "/diary/screener"})
    assert "reason=weekly" in checkin(client).headers["Location"]
    post_form(client, "/diary/screener/weekly", {"next": "/diary/screener"})
    assert checkin(client).headers["Location"].endswith("/diary/")


def test_a_new_visit_sets_the_weekly_choice_back_to_off(app, person, client):
    post_form(client, "/diary/screener/weekly", {"weekly": "on", "next": "/diary/screener"})
    record_visit(client)
    with app.app_context():
        user = db.session.get(User, person.id)
        assert screening.weekly_on(db.session, user) is False


def test_a_retake_within_a_week_shows_the_visit_note_and_last_answers_first(person, client):
    record_visit(client)
    answer_all(client, AFTER_VISIT_KEYS, yes=["spreading"])
    html = client.get("/diary/screener").get_data(as_text=True)
    assert "You answered these recently" in html
    assert 'name="breathing"' not in html  # no questions
    note = html.index("Your doctor’s check")
    assert note < html.index("You answered the safety questions on")
    assert html.index("Dr Lee, GP") < html.index(CATALOGUE.by_key["spreading"].article)
    assert f"You said no to {len(AFTER_VISIT_KEYS) - 1} questions" in html
    assert "answer=1" in html  # a way to answer anyway
    again = client.get("/diary/screener?answer=1").get_data(as_text=True)
    assert 'name="breathing"' in again


def test_a_retake_after_a_week_asks_again(app, person, client):
    answer_all(client, [s.key for s in CATALOGUE.signs])
    age_screenings(app, days=8)
    assert 'name="breathing"' in client.get("/diary/screener").get_data(as_text=True)


def check_uuids(app):
    with app.app_context():
        return [c.uuid for c in db.session.scalars(select(DoctorCheck))]


def test_a_visit_can_be_removed_by_its_owner_only(app, make_user, person, client, auth):
    record_visit(client)
    (check_uuid,) = check_uuids(app)
    other = make_user()
    auth.logout()
    auth.login(other.email)
    response = post_form(client, f"/diary/screener/doctor-checks/{check_uuid}/delete", {},
                         form_page="/diary/screener/doctor-checks")
    assert response.status_code == 404
    assert check_uuids(app) == [check_uuid]
    auth.logout()
    auth.login(person.email)
    post_form(client, f"/diary/screener/doctor-checks/{check_uuid}/delete", {},
              form_page="/diary/screener/doctor-checks")
    assert check_uuids(app) == []


def test_another_persons_visits_and_answers_never_show(make_user, auth, client):
    other = make_user(display_name="Robin")
    auth.login(other.email)
    record_visit(client, clinician="Dr Otherperson", conclusion="Robin-only conclusion")
    answer_all(client, AFTER_VISIT_KEYS, yes=["spreading"])
    auth.logout()
    me = make_user()
    auth.login(me.email)
    for url in ("/diary/screener", "/diary/screener/doctor-checks", "/diary/summary"):
        html = client.get(url).get_data(as_text=True)
        assert "Dr Otherperson" not in html and "Robin-only" not in html, url
        assert "new or different since that visit" not in html
    assert "You answered these recently" not in client.get("/diary/screener").get_data(as_text=True)


def test_visit_pages_stay_within_the_query_budget(person, client, count_queries):
    record_visit(client)
    answer_all(client, AFTER_VISIT_KEYS)
    for url in ("/diary/screener/doctor-checks", "/diary/screener", "/diary/screener?answer=1"):
        with count_queries() as log:
            assert client.get(url).status_code == 200
        assert log.count <= 5, (url, log)
