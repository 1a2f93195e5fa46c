"""The client list: sparklines, last activity and alerts (red-flag "yes" answers,
emergency level highlighted) until the therapist presses "seen"; and the client
page since the last session."""
from datetime import timedelta

from tests.fixtures.accounts import post_form
from tests.measures.conftest import take_on as take
from tests.sharing.support import add_red_flag, share, today
from webapp.db import utcnow
from webapp.sharing import alerts


def test_red_flag_alerts_stay_until_seen(app, make_user):
    pair = share(app, make_user, name="Robin")
    add_red_flag(app, pair.person, "weakness")
    listing = pair.therapist_client.get("/clients").get_data(as_text=True)
    assert "1 new alert" in listing and "Red flag: see a doctor this week" in listing
    assert "alert-emergency" not in listing
    app.config["CLOCK"].advance(minutes=20)  # time alone clears nothing
    assert "1 new alert" in pair.therapist_client.get("/clients").get_data(as_text=True)
    seen = post_form(pair.therapist_client, f"/clients/{pair.share_id}/alerts/seen", {},
                     form_page="/clients", follow_redirects=True)
    assert "Marked as seen" in seen.get_data(as_text=True)
    assert "new alert" not in pair.therapist_client.get("/clients").get_data(as_text=True)
    add_red_flag(app, pair.person, "breathing", at=utcnow() + timedelta(seconds=1))
    listing = pair.therapist_client.get("/clients").get_data(as_text=True)
    assert "alert-emergency" in listing and "Red flag, emergency level" in listing


def test_alerts_need_the_screener_answers_shared(app, make_user):
    pair = share(app, make_user, screenings="")
    add_red_flag(app, pair.person, "weakness")
    assert "new alert" not in pair.therapist_client.get("/clients").get_data(as_text=True)


def test_the_alert_sources_are_a_list_the_lead_can_extend(app):
    assert [s.name for s in alerts.SOURCES] == ["red_flag", "item9", "worsening", "missed"]
    assert callable(alerts.register) and callable(alerts.alerts_for)


def test_sparklines_and_last_activity(app, make_user):
    pair = share(app, make_user, name="Robin")
    post_form(pair.person_client, "/diary/new", {
        "uuid": "7d7c5b0e-3333-4a4a-8b8b-000000000003",
        "occurred_at": today().isoformat() + "T08:00", "areas": ["calf:left"]})
    post_form(pair.person_client, "/diary/checkin", {
        "uuid": "7d7c5b0e-3333-4a4a-8b8b-000000000004", "anxiety": "6"})
    listing = pair.therapist_client.get("/clients").get_data(as_text=True)
    assert 'class="spark spark-twitches"' in listing and 'class="spark spark-anxiety"' in listing
    assert f"Last activity {today().strftime('%d %b')}" in listing


def test_the_client_list_keeps_its_budget_for_any_number_of_clients(app, make_user,
                                                                    count_queries):
    first = share(app, make_user, name="Ash")
    add_red_flag(app, first.person, "weakness")
    for name in ("Bo", "Cy"):
        other = share(app, make_user, therapist=first.therapist, name=name)
        add_red_flag(app, other.person, "breathing")
    for pair in (first, other):
        take(pair.person_client, "phq9", [3] * 8 + [1])  # a first score, and item 9
        take(pair.person_client, "phq9", [0] * 9)  # a reliable improvement
        post_form(pair.therapist_client, f"/clients/{pair.share_id}/practice",
                  {"kind": "exercise", "exercise": "breathe:478", "per_week": "5",
                   "weeks": "4"}, form_page=f"/clients/{pair.share_id}/practice")
    with count_queries() as log:
        html = first.therapist_client.get("/clients").get_data(as_text=True)
    assert html.count("new alert") == 3
    assert html.count("PHQ-9 0, reliable improvement") == 2
    assert html.count("Practice 0 of 5 so far") == 2
    assert log.count <= 5, log


def test_the_client_page_opens_on_the_days_since_the_last_session(app, make_user):
    pair = share(app, make_user, name="Robin")
    url = f"/clients/{pair.share_id}"
    bad = post_form(pair.therapist_client, f"{url}/last-session",
                    {"last_session_on": "2099-01-01"}, form_page=url, follow_redirects=True)
    assert "That date is in the future" in bad.get_data(as_text=True)
    for wrong in ("next tuesday", "2026-13-01"):
        answer = post_form(pair.therapist_client, f"{url}/last-session",
                           {"last_session_on": wrong}, form_page=url, follow_redirects=True)
        assert "Enter the date of the session" in answer.get_data(as_text=True)
    session_day = today() - timedelta(days=14)
    post_form(pair.therapist_client, f"{url}/last-session",
              {"last_session_on": session_day.isoformat()}, form_page=url)
    add_red_flag(app, pair.person, "weakness")
    page = pair.therapist_client.get(url).get_data(as_text=True)
    assert f"Since your last session on {session_day.strftime('%d %b %Y')}" in page
    assert "Red-flag questions answered yes" in page and "None in this period" not in page
    assert "data-print" in page
    moved = pair.therapist_client.get(f"{url}?since={(today() - timedelta(days=3)).isoformat()}")
    assert f"From {(today() - timedelta(days=3)).strftime('%d %b %Y')}" in moved.get_data(
        as_text=True)


def test_item9_worsening_and_practice_show_until_seen_or_followed_up(app, make_user):
    pair = share(app, make_user, name="Robin")
    take(pair.person_client, "phq9", [0] * 9)
    take(pair.person_client, "phq9", [2] * 8 + [1])  # 17: worse by 17, and item 9
    listing = pair.therapist_client.get("/clients").get_data(as_text=True)
    assert "2 new alerts" in listing
    assert "PHQ-9 question 9" in listing and "went from 0 to 17: a reliable worsening" in listing
    assert "PHQ-9 17, reliable worsening" in listing
    app.config["CLOCK"].advance(minutes=20)  # time alone clears nothing
    assert "2 new alerts" in pair.therapist_client.get("/clients").get_data(as_text=True)
    post_form(pair.therapist_client, f"/clients/{pair.share_id}/alerts/seen", {},
              form_page="/clients")
    listing = pair.therapist_client.get("/clients").get_data(as_text=True)
    assert "new alert" not in listing and "PHQ-9 17, reliable worsening" in listing


def test_an_item9_alert_followed_up_leaves_the_list(app, make_user):
    from webapp import db
    from webapp.measures.models import MeasureAlert
    pair = share(app, make_user, name="Robin")
    take(pair.person_client, "phq9", [1] * 9)
    assert "PHQ-9 question 9" in pair.therapist_client.get("/clients").get_data(as_text=True)
    with app.app_context():
        alert_id = db.session.scalar(__import__("sqlalchemy").select(MeasureAlert.id))
    post_form(pair.therapist_client, f"/clients/{pair.share_id}/measures/alerts",
              {"alert": str(alert_id)}, form_page=f"/clients/{pair.share_id}/measures")
    assert "PHQ-9 question 9" not in pair.therapist_client.get("/clients").get_data(
        as_text=True)


def _schedule_from(app, pair, days_ago):
    from webapp import db
    from webapp.auth.models import User
    from webapp.measures.models import MeasureSchedule
    from webapp.ownership import owned_record
    with app.app_context():
        person = db.session.get(User, pair.person.id)
        db.session.add(owned_record(
            MeasureSchedule, person, therapist_id=pair.therapist.id, instrument="phq4",
            cadence="weekly", starts_on=today() - timedelta(days=days_ago),
            ends_on=today() + timedelta(days=30), expiry_days=3))
        db.session.commit()


def test_two_missed_questionnaires_in_a_row_raise_an_alert(app, make_user):
    missed = "The last two PHQ-4 questionnaires you scheduled were missed."
    pair = share(app, make_user, name="Robin")
    _schedule_from(app, pair, 9)  # the first closed, the second still open
    assert missed not in pair.therapist_client.get("/clients").get_data(as_text=True)
    other = share(app, make_user, therapist=pair.therapist, name="Sam")
    _schedule_from(app, other, 11)  # two closed, both missed
    listing = other.therapist_client.get("/clients").get_data(as_text=True)
    assert listing.count(missed) == 1
    third = share(app, make_user, therapist=pair.therapist, name="Kit")
    _schedule_from(app, third, 11)
    take(third.person_client, "phq4", [0, 0, 0, 0])  # taken after both closed: still missed
    assert pair.therapist_client.get("/clients").get_data(as_text=True).count(missed) == 2
