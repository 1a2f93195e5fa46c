"""The ledger, parked worries and recovery settings in the JSON export, and back
through the import into another account: the same records, nothing doubled, bad
records refused by the same checks the forms use."""
from __future__ import annotations

import io
import json
import uuid
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.fixtures.accounts import PASSWORD, csrf_from, post_form
from tests.fixtures.app import make_app
from tests.fixtures.database import migrate
from tests.fixtures.people import STRANGER_MARK
from webapp import db
from webapp.recovery.models import CheckItem, ParkedWorry, RecoverySettings

KEYS = ("checks", "parked_worries", "recovery_settings")


def export(client: FlaskClient) -> dict[str, Any]:
    response = client.get("/account/export.json")
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True))


def upload(client: FlaskClient, document: dict[str, Any], **kwargs: Any) -> Any:
    token = csrf_from(client.get("/account/import").get_data(as_text=True))
    body = json.dumps(document).encode()
    return client.post("/account/import", data={"csrf_token": token,
                                                "file": (io.BytesIO(body), "steady.json")},
                       content_type="multipart/form-data", **kwargs)


@pytest.fixture
def elsewhere(tmp_path):
    """Another Steady server with a new, signed-in account: records never move between
    accounts of one server, so a round trip goes to a fresh one, as a move would."""
    url = f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}"
    migrate(url)
    other = make_app(url)
    with other.app_context():
        from webapp.auth import services as accounts

        user = accounts.register(db.session, email="new@example.com", password=PASSWORD,
                                 display_name="New", timezone="UTC")
        db.session.commit()
        user_id = user.id
    client = other.test_client()
    post_form(client, "/login", {"email": "new@example.com", "password": PASSWORD})
    yield other, client, user_id
    other.extensions["steady_engine"].dispose()


def fill_recovery(client: FlaskClient, log_check: Any, park: Any) -> None:
    log_check(kind="other", other_text="Checked my grip", urge="6", outcome="acted")
    _r, waited = log_check(kind="searched", action="wait", timer_minutes="12")
    post_form(client, f"/recovery/checks/{waited}/answer", {"timer_result": "passed"},
              form_page="/recovery/")
    _r, deleted = log_check(kind="forums")
    post_form(client, f"/recovery/checks/{deleted}/delete", {})
    post_form(client, "/recovery/settings/window", {"start": "18:30", "length": "20"},
              form_page="/recovery/settings")
    post_form(client, "/recovery/settings/log-less", {"log_less": "on"},
              form_page="/recovery/settings")
    _r, worry = park("Will the twitch spread?")
    post_form(client, f"/recovery/worry/{worry}/settle", {"status": "kept"},
              form_page="/recovery/worry")


def test_the_export_holds_every_recovery_record(person, client, log_check, park, stranger):
    fill_recovery(client, log_check, park)
    document = export(client)
    assert [c["kind"] for c in document["checks"]] == ["other", "searched"]  # bin left out
    own, waited = document["checks"]
    assert (own["other_text"], own["urge"], own["outcome"]) == ("Checked my grip", 6, "acted")
    assert (waited["timer_minutes"], waited["timer_result"], waited["version"]) == (12, "passed",
                                                                                    2)
    [worry] = document["parked_worries"]
    assert (worry["text"], worry["status"]) == ("Will the twitch spread?", "kept")
    [settings] = document["recovery_settings"]
    assert (settings["worry_start"], settings["worry_length"], settings["taper_on"]) == (
        "18:30", 20, True)
    assert STRANGER_MARK not in json.dumps(document)


def test_export_then_import_gives_the_same_records_once(person, client, log_check, park,
                                                        elsewhere):
    fill_recovery(client, log_check, park)
    document = export(client)
    other, theirs, newcomer = elsewhere
    first = upload(theirs, document, follow_redirects=True)
    assert ("2 checks or urges, 1 parked worry, 1 set of recovery settings added."
            in first.get_data(as_text=True))
    again = upload(theirs, document, follow_redirects=True)
    assert "Nothing new was added" in again.get_data(as_text=True)
    back = export(theirs)
    for key in KEYS:
        assert back[key] == document[key], key
    with other.app_context():
        for model, key in ((CheckItem, "checks"), (ParkedWorry, "parked_worries"),
                           (RecoverySettings, "recovery_settings")):
            rows = db.session.scalar(select(func.count()).select_from(model))
            assert rows == len(document[key]), model
    # Logging less came along: the newcomer's home leads with exercises.
    assert 'class="button big" href="/diary/new"' not in theirs.get("/").get_data(as_text=True)


def test_a_bad_recovery_record_refuses_the_whole_file(person, client, log_check, park,
                                                      elsewhere):
    fill_recovery(client, log_check, park)
    document = export(client)
    document["checks"].append({**document["checks"][0], "uuid": str(uuid.uuid4()),
                               "kind": "juggling"})
    document["parked_worries"].append({**document["parked_worries"][0],
                                       "uuid": str(uuid.uuid4()), "text": ""})
    _other, theirs, _newcomer = elsewhere
    refused = upload(theirs, document)
    html = refused.get_data(as_text=True).replace("&#39;", "'")
    assert refused.status_code == 422
    assert "Check or urge 3: kind: Choose what it was from the list." in html
    assert "Parked worry 2: text: Write the worry in a few words." in html
    assert export(theirs)["checks"] == []


def test_an_import_keeps_settings_the_account_already_has(person, client, log_check, park,
                                                          elsewhere):
    fill_recovery(client, log_check, park)
    document = export(client)
    _other, theirs, _newcomer = elsewhere
    post_form(theirs, "/recovery/settings/window", {"start": "07:15", "length": "10"},
              form_page="/recovery/settings")
    assert upload(theirs, document).status_code == 302
    [settings] = export(theirs)["recovery_settings"]
    assert (settings["worry_start"], settings["taper_on"]) == ("07:15", False)
