"""Questionnaire responses leave in the export and come back through the import,
scored again on the way in; deleting the account removes them and their alerts
and schedules; the demo shows every part at once."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.fixtures.accounts import PASSWORD, TOTP_SECRETS, post_form, sign_in_with_code
from tests.portability.support import as_bytes, export, upload
from webapp import db
from webapp.auth.models import User
from webapp.cli import DEMO_PERSON, DEMO_THERAPIST
from webapp.measures.models import MeasureAlert, MeasureResponse, MeasureSchedule
from webapp.measures.scoring import change
from webapp.sharing.demo import DEMO_TOTP_SECRET


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_round_trip_scores_again_and_never_doubles(app, client, person, take):
    take("phq9", [2] * 8 + [1], difficulty="2")
    take("phq4", [0, 1, 2, 3])
    document = export(client)
    assert [r["instrument"] for r in document["measure_responses"]] == ["phq9", "phq4"]
    phq9 = document["measure_responses"][0]
    assert phq9["answers"] == [2] * 8 + [1] and phq9["total"] == 17 and phq9["difficulty"] == 2
    with app.app_context():
        db.session.execute(MeasureResponse.__table__.delete())
        db.session.commit()
    document["measure_responses"][0]["total"] = 0  # the file's own score is never trusted
    assert upload(client, as_bytes(document)).status_code in (200, 302)
    with app.app_context():
        totals = sorted(db.session.scalars(select(MeasureResponse.total)))
    assert totals == [6, 17]
    upload(client, as_bytes(document))
    assert count(app, MeasureResponse) == 2


def test_a_wrong_answer_in_the_file_is_refused(app, client, person, take):
    take("gad7", [1] * 7)
    document = export(client)
    document["measure_responses"][0]["answers"] = [1] * 6 + [9]
    document["measure_responses"][0]["uuid"] = "0b3a3c52-3a8f-4d5e-9f57-6c1d2b7e8f90"
    response = upload(client, as_bytes(document))
    assert "Choose an answer for question 7." in response.get_data(as_text=True)
    assert count(app, MeasureResponse) == 1


def test_deleting_the_account_removes_responses_alerts_and_schedules(app, client, therapy, take):
    take("phq9", [1] * 9)
    post_form(therapy["therapist_client"], f"/clients/{therapy['share_id']}/measures/schedule",
              {"instrument": "phq4", "cadence": "once", "starts_on": "2026-12-01"},
              form_page=f"/clients/{therapy['share_id']}/measures")
    assert count(app, MeasureAlert) == 1
    response = post_form(client, "/account/delete", {"password": PASSWORD})
    assert response.status_code == 302
    assert (count(app, MeasureResponse), count(app, MeasureAlert),
            count(app, MeasureSchedule)) == (0, 0, 0)


def test_the_demo_shows_scores_one_reliable_change_an_alert_and_a_schedule(app, runner):
    for _ in range(2):  # twice: replaced, never doubled
        result = runner.invoke(args=["demo", "--days", "20"])
        assert result.exit_code == 0, result.output
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == DEMO_PERSON))
        rows = db.session.scalars(select(MeasureResponse).where(
            MeasureResponse.user_id == person.id).order_by(MeasureResponse.taken_at)).all()
        by_key: dict[str, list[int]] = {}
        for row in rows:
            by_key.setdefault(row.instrument, []).append(row.total)
        assert {k: len(v) for k, v in by_key.items()} == {"phq4": 12, "gad7": 6, "phq9": 6}
        labels = [change(k, a, b).label for k, totals in by_key.items()
                  for a, b in zip(totals, totals[1:], strict=False)]
        assert labels.count("improvement") == 1 and "worsening" not in labels
        alert = db.session.scalar(select(MeasureAlert))
        assert len(db.session.scalars(select(MeasureAlert)).all()) == 1
        assert alert.followed_up_at is None
        assert db.session.get(MeasureResponse, alert.response_id).item9 == 1
        assert db.session.scalar(select(MeasureSchedule.cadence)) == "weekly"
    client = app.test_client()
    post_form(client, "/login", {"email": DEMO_PERSON, "password": "steady-demo-pass"})
    assert "PHQ-4 due by" in client.get("/").get_data(as_text=True)
    therapist = app.test_client()
    TOTP_SECRETS[DEMO_THERAPIST] = DEMO_TOTP_SECRET
    sign_in_with_code(therapist, DEMO_THERAPIST, "steady-demo-pass")
    listing = therapist.get("/clients").get_data(as_text=True)
    share_id = re.search(r'href="/clients/(\d+)"', listing).group(1)
    page = therapist.get(f"/clients/{share_id}").get_data(as_text=True)
    assert "answered 1 on question 9" in page and "Reliable improvement" in page
    assert "PHQ-9 scores over time" in page
