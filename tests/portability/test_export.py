"""The JSON export holds every record the person owns, and nobody else's."""
from __future__ import annotations

from tests.portability.support import export, fill, records
from webapp import db
from webapp.auth.models import User
from webapp.portability import services
from webapp.portability.registry import RESERVED_KEYS, record_types


def test_export_holds_every_owned_record_type_with_a_format_version(app, client, make_user,
                                                                   auth):
    other = make_user(display_name="Other")
    theirs = fill(app, other.id, "THEIRS")
    me = make_user(timezone="Europe/London")
    with app.app_context():
        db.session.get(User, me.id).language = "es"
        db.session.commit()
    mine = fill(app, me.id, "MINE")
    auth.login(me.email)
    document = export(client)

    assert document["format"] == "steady-export" and document["version"] == services.VERSION
    assert document["account"]["timezone"] == "Europe/London"
    assert document["account"]["language"] == "es"
    assert {t.key for t in record_types(app)} <= set(document)
    assert set(document) - RESERVED_KEYS == {t.key for t in record_types(app)}
    assert {e["uuid"] for e in document["entries"]} == {mine["entry"], mine["old_entry"]}
    edited = next(e for e in document["entries"] if e["uuid"] == mine["old_entry"])
    assert edited["version"] == 2 and edited["areas"] == ["calf:both"]
    assert [c["uuid"] for c in document["checkins"]] == [mine["checkin"]]
    assert [s["uuid"] for s in document["screenings"]] == [mine["screening"]]
    screening, = document["screenings"]
    assert screening["yes"] == ["weeks"] and screening["skipped"] == ["numbness"]
    assert "breathing" in screening["no"]
    check, = document["doctor_checks"]
    assert check["uuid"] == mine["check"] and check["tests"] == ["exam", "blood"]
    session, = document["exercise_sessions"]
    assert session["uuid"] == mine["session"] and session["pattern"] == "custom"
    assert session["phases"] == [{"kind": "in", "seconds": 4.5}, {"kind": "out", "seconds": 7.0}]
    assert document["custom_patterns"] == [{"inhale": 4.5, "hold_in": 0.0, "exhale": 7.0,
                                            "hold_out": 1.0,
                                            "updated_at": document["custom_patterns"][0]
                                            ["updated_at"]}]
    text = client.get("/account/export.json").get_data(as_text=True)
    assert "MINE twitch note" in text and "MINE check-in note" in text
    assert "MINE doctor conclusion" in text
    assert "THEIRS" not in text
    assert not set(theirs.values()) & {r.get("uuid") for k in records(document)
                                       if isinstance(document[k], list) for r in document[k]}


def test_the_old_export_address_serves_the_same_records(app, client, person):
    fill(app, person.id, "MINE")
    assert records(export(client, "/diary/export.json")) == records(export(client))


def test_export_and_import_are_the_owners_alone(client, make_user, auth):
    assert "/login" in client.get("/account/export.json").location
    assert "/login" in client.get("/account/import").location
    auth.login(make_user(role="therapist").email)
    assert client.get("/account/export.json").status_code == 404
    assert client.get("/account/import").status_code == 404
    assert "/account/import" not in client.get("/account").get_data(as_text=True)


def test_account_and_export_pages_link_to_export_and_import(client, person):
    for page in ("/account", "/diary/export"):
        html = client.get(page).get_data(as_text=True)
        assert "/account/import" in html, page
        assert "export.json" in html, page


def test_import_page_keeps_the_query_budget(app, client, person, count_queries):
    fill(app, person.id, "MINE")
    for url in ("/account/import", "/account"):
        with count_queries() as log:
            assert client.get(url).status_code == 200
        assert log.count <= 5, (url, log)
