"""The access log: every therapist read of a client's data leaves a row the
person reads on /share. Walked from the URL map: a new therapist route that
reads without logging fails here."""
import re

from flask import Flask

from tests.fixtures.accounts import PASSWORD, post_form
from tests.sharing.support import log_rows, share
from webapp import db
from webapp.auth.models import User
from webapp.sharing.models import AccessLog

# Therapist routes that read nothing of a client's (writes answer with a redirect).
NOT_READS: set[str] = set()


def therapist_routes(app: Flask) -> list:
    return [rule for rule in app.url_map.iter_rules()
            if getattr(app.view_functions[rule.endpoint], "therapist_client_route", False)]


def test_every_clients_route_needs_the_therapist_guard(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/clients"):
            assert getattr(app.view_functions[rule.endpoint], "therapist_client_route", False), (
                f"{rule.rule} must use webapp.security.therapist_with_two_factor")


def test_every_therapist_read_writes_a_log_row(app, make_user):
    pair = share(app, make_user)
    reads = [r for r in therapist_routes(app) if "GET" in r.methods and r.endpoint not in NOT_READS]
    assert len(reads) >= 3
    for rule in reads:
        url = re.sub(r"<(?:int:)?share_id>", str(pair.share_id), rule.rule)
        assert "<" not in url, f"{rule.endpoint}: say what its parameters are"
        before = len(log_rows(app, pair.person.id))
        assert pair.therapist_client.get(url).status_code == 200, url
        after = log_rows(app, pair.person.id)
        assert len(after) == before + 1, f"{rule.endpoint} read a client's data without logging"
        assert after[-1][1] == pair.share_id


def test_the_person_reads_the_log_newest_first(app, make_user, stranger):
    pair = share(app, make_user, name="Robin")
    pair.therapist_client.get("/clients")
    pair.therapist_client.get(f"/clients/{pair.share_id}")
    pair.therapist_client.get(f"/clients/{pair.share_id}/safety")
    html = pair.person_client.get("/share").get_data(as_text=True)
    section = html[html.index('id="access-log"'):]
    order = [section.index(text) for text in ("Red-flag answers and what helps",
                                              "Your diary since the last session",
                                              "Client list: trends and alerts")]
    assert order == sorted(order) and section.count("<strong>Dr Lee</strong>") == 3
    other = make_user()
    other_client = pair.person_client.application.test_client()
    post_form(other_client, "/login", {"email": other.email, "password": PASSWORD})
    assert "Dr Lee" not in other_client.get("/share").get_data(as_text=True)
    assert pair.therapist_client.get("/share").status_code == 404  # never the therapist's


def test_the_log_pages(app, make_user):
    pair = share(app, make_user)
    for _ in range(25):
        pair.therapist_client.get(f"/clients/{pair.share_id}/safety")
    first = pair.person_client.get("/share").get_data(as_text=True)
    assert "Older" in first
    second = pair.person_client.get("/share?log=1").get_data(as_text=True)
    assert "Newer" in second and "Older" not in second


def test_rows_go_with_the_persons_account_and_outlive_the_therapists(app, make_user):
    pair = share(app, make_user)
    pair.therapist_client.get(f"/clients/{pair.share_id}")
    post_form(pair.therapist_client, "/account/delete", {"password": PASSWORD})
    with app.app_context():
        rows = db.session.query(AccessLog).all()
        assert len(rows) == 1 and rows[0].viewer_id is None and rows[0].share_id is None
        assert rows[0].viewer_name == "Dr Lee"
    assert "Dr Lee" in pair.person_client.get("/share").get_data(as_text=True)
    post_form(pair.person_client, "/account/delete", {"password": PASSWORD})
    with app.app_context():
        assert db.session.query(AccessLog).count() == 0
        assert db.session.query(User).count() == 0


def test_the_export_carries_the_log_and_the_import_cannot_forge_it(app, make_user):
    import io
    import json

    pair = share(app, make_user)
    pair.therapist_client.get(f"/clients/{pair.share_id}")
    document = json.loads(pair.person_client.get("/account/export.json").get_data(as_text=True))
    assert [(r["viewer"], r["part"]) for r in document["access_log"]] == [("Dr Lee", "summary")]
    document["access_log"].append({"viewer": "FORGED", "part": "summary",
                                   "at": "2026-01-01T00:00:00+00:00"})
    page = pair.person_client.get("/account/import").get_data(as_text=True)
    from tests.fixtures.accounts import csrf_from

    pair.person_client.post("/account/import", data={
        "csrf_token": csrf_from(page),
        "file": (io.BytesIO(json.dumps(document).encode()), "steady.json")},
        content_type="multipart/form-data")
    assert len(log_rows(app, pair.person.id)) == 1
    assert "FORGED" not in pair.person_client.get("/share").get_data(as_text=True)
