"""The access-control matrix for every therapist route, from the URL map: the
owner, another person, the therapist with the share, with it ended, revoked or
narrowed, another therapist, a therapist without two-step sign-in, and someone
signed out. Only the therapist with an active share reads anything, and only
the parts shared."""
import re
from datetime import timedelta

import pytest

from tests.fixtures.accounts import post_form
from tests.sharing.support import change_share, share, signed_in, today
from tests.sharing.test_access_log import therapist_routes
from webapp.db import utcnow

MARK = "ROBIN-PRIVATE-NOTE"


def url_for_rule(rule, share_id):
    return re.sub(r"<(?:int:)?share_id>", str(share_id), rule.rule)


@pytest.fixture
def world(app, make_user):
    pair = share(app, make_user, name="Robin", notes="y")
    saved = post_form(pair.person_client, "/diary/new", {
        "uuid": "7d7c5b0e-2222-4a4a-8b8b-000000000002",
        "occurred_at": today().isoformat() + "T08:00", "areas": ["calf:left"], "note": MARK})
    assert saved.status_code == 302
    actors = {
        "owner": pair.person_client,
        "other_person": signed_in(app, make_user()),
        "therapist": pair.therapist_client,
        "other_therapist": signed_in(app, make_user(role="therapist")),
        "no_two_factor": signed_in(app, make_user(role="therapist", two_factor=False)),
        "signed_out": app.test_client(),
    }
    return pair, actors


def expected(actor, rule, state):
    """What a GET answers: a status, or a (status, location start)."""
    has_share = "share_id" in rule.arguments
    if actor == "signed_out":
        return (302, "/login")
    if actor == "no_two_factor":
        return (302, "/account/two-factor")
    if actor in ("owner", "other_person"):
        return 404
    if not has_share:
        return 200
    if actor == "other_therapist" or state == "revoked":
        return 404
    return 410 if state == "ended" else 200


@pytest.mark.parametrize("state", ["active", "narrow", "ended", "revoked"])
def test_every_therapist_route_answers_only_the_therapist_with_an_active_share(app, world,
                                                                                state):
    pair, actors = world
    if state == "narrow":
        change_share(app, pair.share_id, share_notes=False, share_checkins=False)
    elif state == "ended":
        change_share(app, pair.share_id, ends_on=today() - timedelta(days=1))
    elif state == "revoked":
        change_share(app, pair.share_id, revoked_at=utcnow())
    rules = therapist_routes(app)
    assert {r.endpoint for r in rules} >= {"sharing.clients", "sharing.client",
                                           "sharing.client_safety", "sharing.alerts_seen",
                                           "sharing.set_last_session"}
    for rule in rules:
        url = url_for_rule(rule, pair.share_id)
        for actor, client in actors.items():
            if "GET" in rule.methods:
                response = client.get(url)
                want = expected(actor, rule, state)
                if isinstance(want, tuple):
                    assert response.status_code == want[0], (actor, url, state)
                    assert response.headers["Location"].startswith(want[1]), (actor, url)
                else:
                    assert response.status_code == want, (actor, url, state)
                body = response.get_data(as_text=True)
                shows_notes = actor == "therapist" and state == "active"
                assert (MARK in body) == (shows_notes and rule.endpoint == "sharing.client"), (
                    actor, url, state)
            else:
                token = client.get("/api/csrf").get_json()["token"]
                response = client.post(url, data={"csrf_token": token,
                                                  "last_session_on": "2099-01-01"})
                assert response.status_code < 500
                if actor in ("owner", "other_person", "other_therapist") and \
                        "share_id" in rule.arguments:
                    assert response.status_code == 404, (actor, url)
                if actor == "signed_out":
                    assert "/login" in response.headers["Location"]
