"""The "check" and "worry" kinds through /api/sync, as a phone's outbox sends them:
created once, answered "exists" on a replay, edited by version, and a wait's
answer joining a check the server already has (the outbox's amended create)."""
from __future__ import annotations

import json
import uuid
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from tests.fixtures.accounts import PASSWORD, sign_in_with_code
from tests.fixtures.diary import local_now_str
from tests.fixtures.people import STRANGER_MARK
from webapp.recovery.models import CheckItem, ParkedWorry


def sync(client: FlaskClient, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    token = client.get("/api/csrf").get_json()["token"]
    response = client.post("/api/sync", data=json.dumps({"format": 2, "items": items}),
                           headers={"X-CSRFToken": token}, content_type="application/json")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["results"]


def check_item(owner: int, key: str | None = None, op: str = "create", **data: Any
               ) -> dict[str, Any]:
    """What forms.js makes of the log form (the submit button's action included)."""
    fields = {"kind": "body", "action": "save", "occurred_at": local_now_str(), "urge": "",
              "outcome": "", "other_text": "", "timer_minutes": "10", **data}
    return {"uuid": key or str(uuid.uuid4()), "kind": "check", "op": op, "owner": owner,
            "data": fields}


def test_a_check_syncs_once_and_a_replay_exists(client, person, stranger, db_session):
    one = check_item(person.id, kind="searched", urge="6", outcome="resisted")
    [created] = sync(client, [one])
    assert created["status"] == "created"
    assert created["server"]["kind"] == "searched" and created["server"]["version"] == 1
    [again] = sync(client, [one])
    assert again["status"] == "exists"
    rows = db_session.scalars(select(CheckItem).where(CheckItem.uuid == uuid.UUID(one["uuid"])))
    [row] = list(rows)
    assert (row.user_id, row.urge, row.outcome, row.timer_minutes) == (person.id, 6, "resisted",
                                                                       None)


def test_a_wait_saved_offline_gets_its_answer_later(client, person, db_session):
    wait = check_item(person.id, action="wait", timer_minutes="20")
    assert sync(client, [wait])[0]["status"] == "created"
    # The phone answered after the create had reached the server: "exists", then an edit.
    amended = {**wait, "data": {**wait["data"], "timer_result": "passed"}}
    [exists] = sync(client, [amended])
    assert exists["status"] == "exists" and exists["server"]["timer_result"] is None
    edit = {**amended, "op": "update", "base_version": exists["server"]["version"]}
    [updated] = sync(client, [edit])
    assert updated["status"] == "updated"
    assert (updated["server"]["timer_result"], updated["server"]["outcome"]) == ("passed",
                                                                                "resisted")
    assert updated["server"]["timer_minutes"] == 20


def test_an_answer_alone_is_an_edit_of_the_stored_wait(client, person):
    wait = check_item(person.id, action="wait", timer_minutes="5")
    sync(client, [wait])
    answer = {"uuid": wait["uuid"], "kind": "check", "op": "update", "owner": person.id,
              "base_version": 1, "data": {"timer_result": "checked"}}
    [updated] = sync(client, [answer])
    assert updated["status"] == "updated"
    assert (updated["server"]["kind"], updated["server"]["outcome"]) == ("body", "acted")
    [stale] = sync(client, [answer])
    assert stale["status"] == "conflict" and stale["server"]["version"] == 2


def test_bad_items_are_rejected_with_a_reason_per_field(client, person, db_session):
    results = sync(client, [
        check_item(person.id, kind="juggling"),
        check_item(person.id, action="wait", timer_minutes="0"),
        check_item(person.id, action="wait", timer_minutes=""),
        check_item(person.id, action="wait", timer_minutes=None),
        check_item(person.id, kind="other", other_text=""),
        check_item(person.id, timer_minutes=["10"], action=["wait"], urge={"a": 1}),
    ])
    assert [r["status"] for r in results] == ["rejected"] * 6
    assert "kind" in results[0]["errors"]
    assert "timer_minutes" in results[1]["errors"] and "timer_minutes" in results[2]["errors"]
    assert "timer_minutes" in results[3]["errors"]
    assert "other_text" in results[4]["errors"]
    assert "urge" in results[5]["errors"]
    assert db_session.scalars(select(CheckItem)).all() == []


def test_someone_elses_check_cannot_be_edited(app, client, person, stranger):
    theirs = app.test_client()
    sign_in_with_code(theirs, stranger.email, PASSWORD)
    mine = check_item(stranger.id, kind="other", other_text=f"{STRANGER_MARK} words")
    assert sync(theirs, [mine])[0]["status"] == "created"
    edit = {**mine, "owner": person.id, "op": "update", "base_version": 1,
            "data": {"kind": "body"}}
    [refused] = sync(client, [edit])
    assert refused["status"] == "rejected" and "uuid" in refused["errors"]
    assert sync(client, [{**mine, "owner": stranger.id}])[0]["status"] == "wrong_owner"
    # The same UUID created by this person is this person's own record, apart from theirs.
    [own] = sync(client, [{**mine, "owner": person.id, "data": {**mine["data"],
                                                               "other_text": "mine"}}])
    assert own["status"] == "created" and own["server"]["other_text"] == "mine"


def test_a_therapist_phone_never_syncs_a_ledger(client, make_user, auth):
    therapist = make_user(role="therapist")
    auth.login(therapist.email)
    [refused] = sync(client, [check_item(therapist.id)])
    assert refused["status"] == "rejected" and "account" in refused["errors"]


def test_a_worry_syncs_once_and_can_be_settled(client, person, db_session):
    worry = {"uuid": str(uuid.uuid4()), "kind": "worry", "op": "create", "owner": person.id,
             "data": {"text": "  What if it is\nsomething else?  "}}
    [created] = sync(client, [worry])
    assert created["status"] == "created"
    assert created["server"]["text"] == "What if it is something else?"
    assert sync(client, [worry])[0]["status"] == "exists"
    settle = {**worry, "op": "update", "base_version": 1,
              "data": {"status": "answered", "answer": "I asked my doctor in May."}}
    [settled] = sync(client, [settle])
    assert settled["status"] == "updated" and settled["server"]["status"] == "answered"
    [empty] = sync(client, [{**worry, "uuid": str(uuid.uuid4()), "data": {"text": " "}}])
    assert empty["status"] == "rejected" and "text" in empty["errors"]
    assert len(db_session.scalars(select(ParkedWorry)).all()) == 1
