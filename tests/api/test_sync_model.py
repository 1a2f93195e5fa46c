"""A model of the outbox protocol: a phone's queue, replayed against the real server
through the Flask test client, under lost responses, retries, replays of old
batches, duplicates within a batch, reordering and client crashes.

Invariant: the server holds exactly the items that reached it (acknowledged or
not), each once; the phone forgets an item only after the server named it."""
from __future__ import annotations

import itertools
import json
import uuid
from typing import Any

from flask import Flask
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from tests.api import probe
from tests.fixtures.accounts import PASSWORD
from webapp import db
from webapp.auth import services

FORGET = {"created", "exists", "updated"}
NOTES = st.lists(st.sampled_from(["calf", "eyelid", ""]), min_size=1, max_size=4)  # "" is refused
_emails = itertools.count(1)


def new_person(app: Flask) -> tuple[int, str]:
    """A new person's id and the session token their cookie would carry."""
    with app.app_context():
        user = services.register(db.session, email=f"model{next(_emails)}@example.com",
                                 password=PASSWORD, display_name="Model", timezone="UTC")
        db.session.commit()
        return user.id, user.get_id()


class OutboxModel(RuleBasedStateMachine):
    app: Flask
    stranger: int

    def __init__(self) -> None:
        super().__init__()
        self.user, token = new_person(self.app)
        self.client = self.app.test_client()
        with self.client.session_transaction() as session:  # signed in, as flask-login does it
            session["_user_id"] = token
            session["_fresh"] = True
        # What the phone keeps on disk: it survives a crash.
        self.queue: dict[str, dict[str, Any]] = {}
        self.attention: set[str] = set()
        # What only lives in memory until a crash.
        self.token: str | None = None
        self.sent: list[tuple[list[dict[str, Any]], int]] = []
        # What the model knows about the server.
        self.valid: set[str] = set()
        self.applied: set[str] = set()
        self.acknowledged: set[str] = set()

    # --- the phone ------------------------------------------------------------------

    def post(self, items: list[dict[str, Any]], fmt: int = 2) -> list[dict[str, Any]]:
        if self.token is None:
            self.token = self.client.get("/api/csrf").get_json()["token"]
        body = {"format": fmt, "items": items}
        response = self.client.post("/api/sync", data=json.dumps(body),
                                    content_type="application/json",
                                    headers={"X-CSRFToken": self.token})
        assert response.status_code == 200, response.get_data(as_text=True)
        self.sent.append((items, fmt))
        for item in items:  # the server applied these, whether or not we hear back
            if item["uuid"] in self.valid and self.mine(item):
                self.applied.add(item["uuid"])
        results = response.get_json()["results"]
        assert [r["uuid"] for r in results] == [i["uuid"] for i in items]
        return results

    def mine(self, item: dict[str, Any]) -> bool:
        return item.get("owner", item.get("user")) == self.user

    def hear(self, results: list[dict[str, Any]]) -> None:
        for result in results:
            if result["status"] in FORGET:
                self.queue.pop(result["uuid"], None)
                self.acknowledged.add(result["uuid"])
            elif result["status"] == "rejected":
                self.attention.add(result["uuid"])
                assert result["errors"]

    def pending(self) -> list[dict[str, Any]]:
        return [i for u, i in self.queue.items() if u not in self.attention]

    # --- rules ----------------------------------------------------------------------

    @initialize(notes=NOTES)
    def a_phone_that_was_offline(self, notes: list[str]) -> None:
        self.queue_items(notes)

    @rule(notes=NOTES)
    def queue_items(self, notes: list[str]) -> None:
        for note in notes:
            key = str(uuid.uuid4())
            self.queue[key] = {"uuid": key, "kind": "probe", "op": "create", "owner": self.user,
                               "data": {"note": note, "areas": ["calf:left"]}}
            if note:
                self.valid.add(key)

    @precondition(lambda self: self.pending())
    @rule(size=st.integers(1, 6))
    def send(self, size: int) -> None:
        self.hear(self.post(self.pending()[:size]))

    @precondition(lambda self: self.pending())
    @rule(size=st.integers(1, 6))
    def send_but_lose_the_response(self, size: int) -> None:
        self.post(self.pending()[:size])

    @precondition(lambda self: self.pending())
    @rule(order=st.randoms(use_true_random=False))
    def send_reordered(self, order: Any) -> None:
        batch = self.pending()
        order.shuffle(batch)
        self.hear(self.post(batch))

    @precondition(lambda self: self.pending())
    @rule(times=st.integers(2, 3))
    def send_an_item_several_times_in_one_batch(self, times: int) -> None:
        first = self.pending()[0]
        results = self.post([first] * times)
        if first["uuid"] in self.valid:
            assert [r["status"] for r in results][1:] == ["exists"] * (times - 1)
        self.hear(results)

    @precondition(lambda self: self.pending())
    @rule()
    def send_in_the_previous_release_format(self) -> None:
        old = [{"uuid": i["uuid"], "kind": i["kind"], "user": i["owner"], "data": i["data"]}
               for i in self.pending()]
        self.hear(self.post(old, fmt=1))

    @precondition(lambda self: self.sent)
    @rule(pick=st.integers(0, 50))
    def replay_an_old_batch(self, pick: int) -> None:
        """A proxy or a restored tab sends an old request again; nothing doubles."""
        batch, fmt = self.sent[pick % len(self.sent)]
        for item, result in zip(batch, self.post(batch, fmt), strict=True):
            if item["uuid"] in self.applied and self.mine(item):
                assert result["status"] == "exists"

    @precondition(lambda self: self.pending())
    @rule()
    def someone_elses_item_is_refused(self) -> None:
        item = {**self.pending()[0], "owner": self.stranger}
        assert [r["status"] for r in self.post([item])] == ["wrong_owner"]

    @rule()
    def crash(self) -> None:
        self.token = None
        self.sent = []

    # --- what must always hold -----------------------------------------------------

    def stored(self) -> list[str]:
        return [str(r.uuid) for r in probe.rows(self.app, self.user)]

    @invariant()
    def server_holds_exactly_what_reached_it_once(self) -> None:
        stored = self.stored()
        assert len(stored) == len(set(stored)), "a doubled item"
        assert set(stored) == self.applied
        assert self.acknowledged <= self.applied
        assert probe.rows(self.app, self.stranger) == []

    @invariant()
    def the_phone_forgets_only_what_the_server_named(self) -> None:
        assert not set(self.queue) & self.acknowledged
        assert self.valid <= set(self.queue) | self.acknowledged

    def teardown(self) -> None:
        while self.pending():
            self.hear(self.post(self.pending()[:100]))
        stored = self.stored()
        assert sorted(stored) == sorted(self.valid)
        assert self.attention == {u for u in self.queue if u not in self.valid}


def test_the_outbox_protocol_delivers_every_item_exactly_once(app: Flask) -> None:
    probe.install(app)
    stranger, _ = new_person(app)
    machine = type("Model", (OutboxModel,), {"app": app, "stranger": stranger})
    run_state_machine_as_test(machine, settings=settings(
        max_examples=30, stateful_step_count=25, deadline=None, database=None,
        suppress_health_check=[HealthCheck.too_slow],
    ))
