"""Push subscriptions from the page and the "send a test" button, against a
fake push service on 127.0.0.1: stored once per device, refused clearly when
malformed or foreign, deleted on 410, and a payload the device can decrypt."""
from __future__ import annotations

import base64
import json
from typing import Any

import http_ece
import pytest
from sqlalchemy import func, select

from tests.fixtures.accounts import post_form
from tests.reminders.conftest import api, b64, stranger_rows
from webapp import db
from webapp.reminders.models import PushSubscription

URL = "/api/push/subscription"


def subscriptions(app: Any, user: Any) -> list[PushSubscription]:
    with app.app_context():
        return list(db.session.scalars(select(PushSubscription).where(
            PushSubscription.user_id == user.id)))


def decrypt(device: Any, body: bytes) -> dict[str, Any]:
    plain = http_ece.decrypt(body, private_key=device.private_key, auth_secret=device.auth,
                             version="aes128gcm")
    return json.loads(plain)


def test_a_device_is_stored_once_and_refreshed(app, client, person, other, make_device):
    before = stranger_rows(app, other)
    device = make_device("phone")
    first = api(client, "POST", URL, device.json())
    assert first.status_code == 201 and first.get_json()["status"] == "created"
    again = api(client, "POST", URL, device.json())
    assert again.status_code == 200 and again.get_json()["status"] == "updated"
    assert len(subscriptions(app, person)) == 1
    api(client, "POST", URL, make_device("laptop").json())
    assert len(subscriptions(app, person)) == 2
    assert stranger_rows(app, other) == before


def _broken(device: Any) -> list[tuple[str, Any]]:
    good = device.json()
    keys = good["keys"]
    not_on_curve = b64(b"\x04" + b"\x01" * 64)
    return [
        ("not json", None),
        ("a list", [good]),
        ("no keys", {"endpoint": good["endpoint"]}),
        ("short auth", {**good, "keys": {**keys, "auth": b64(b"x" * 8)}}),
        ("auth not base64", {**good, "keys": {**keys, "auth": "!!!!"}}),
        ("point off the curve", {**good, "keys": {**keys, "p256dh": not_on_curve}}),
        ("p256dh a number", {**good, "keys": {**keys, "p256dh": 12}}),
        ("endpoint a list", {**good, "endpoint": [good["endpoint"]]}),
        ("endpoint huge", {**good, "endpoint": "https://fcm.googleapis.com/" + "a" * 2000}),
    ]


def test_malformed_subscriptions_get_a_clear_400(app, client, person, other, make_device):
    device = make_device("phone")
    for what, body in _broken(device):
        if body is None:
            token = client.get("/api/csrf").get_json()["token"]
            response = client.post(URL, data="{not json", content_type="application/json",
                                   headers={"X-CSRFToken": token})
        else:
            response = api(client, "POST", URL, body)
        assert response.status_code == 400, what
        assert response.get_json()["error"] == "That subscription cannot be used.", what
    assert subscriptions(app, person) == []


@pytest.mark.parametrize("endpoint", [
    "http://fcm.googleapis.com/fcm/send/abc",  # not https
    "https://evil.example.com/push/abc",  # not a push service
    "https://fcm.googleapis.com.evil.example/abc",
    "https://10.0.0.5/push/abc",  # an address inside the network
    "https://user:pw@fcm.googleapis.com/fcm/send/abc",
    "https://fcm.googleapis.com:8443/fcm/send/abc",
    "javascript:alert(1)",
])
def test_foreign_endpoints_are_refused(app, client, person, other, make_device, endpoint):
    app.config["PUSH_ALLOW_HTTP_ENDPOINTS"] = False
    response = api(client, "POST", URL, {**make_device("x").json(), "endpoint": endpoint})
    assert response.status_code == 400
    assert "endpoint" in response.get_json()["fields"]


def test_real_push_services_are_accepted(app, client, person, other, make_device):
    app.config["PUSH_ALLOW_HTTP_ENDPOINTS"] = False
    for endpoint in ("https://fcm.googleapis.com/fcm/send/abc:def",
                     "https://web.push.apple.com/QGx1bs",
                     "https://updates.push.services.mozilla.com/wpush/v2/gAAA"):
        response = api(client, "POST", URL, {**make_device("x").json(), "endpoint": endpoint})
        assert response.status_code == 201, endpoint


def test_writes_need_the_csrf_header_and_an_account(app, client, person, make_device):
    response = client.post(URL, json=make_device("phone").json())
    assert response.status_code == 400
    assert subscriptions(app, person) == []
    signed_out = app.test_client()
    assert signed_out.post(URL, json=make_device("phone").json()).status_code == 401


def test_unsubscribe_removes_only_this_persons_device(app, client, person, other, make_device):
    before = stranger_rows(app, other)
    device = make_device("phone")
    api(client, "POST", URL, device.json())
    gone = api(client, "DELETE", URL, {"endpoint": other.device.endpoint})
    assert gone.get_json()["status"] == "absent"
    assert stranger_rows(app, other) == before
    assert api(client, "DELETE", URL, {"endpoint": device.endpoint}).get_json()["status"] == \
        "removed"
    assert subscriptions(app, person) == []
    assert api(client, "DELETE", URL, {"nothing": 1}).status_code == 400


def send_test(client: Any) -> str:
    response = post_form(client, "/settings/reminders/test", {},
                         form_page="/settings/reminders", follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_send_a_test_reports_acceptance_and_decrypts(app, client, person, other, make_device,
                                                      push_service):
    before = stranger_rows(app, other)
    device = make_device("phone")
    api(client, "POST", URL, device.json())
    html = send_test(client)
    assert "The push service accepted it" in html
    [request] = push_service.to("phone")
    assert request["headers"]["content-encoding"] == "aes128gcm"
    assert request["headers"]["authorization"].startswith("vapid t=")
    message = decrypt(device, request["body"])
    assert message["title"] == "Steady"
    assert message["body"] == "Reminders work on this device"
    assert [a["action"] for a in message["actions"]] == ["checkin", "breathe"]
    assert push_service.to("stranger") == []
    assert stranger_rows(app, other) == before


def test_vapid_token_names_the_subject(app, client, person, other, make_device, push_service):
    api(client, "POST", URL, make_device("phone").json())
    send_test(client)
    token = push_service.to("phone")[0]["headers"]["authorization"].split("t=")[1].split(",")[0]
    claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    assert claims["sub"] == "mailto:reminders@steady-app.org"
    assert claims["aud"] == f"http://127.0.0.1:{push_service.port}"


def test_plain_wording_says_only_steady(app, client, person, other, make_device, push_service):
    post_form(client, "/settings/reminders", {"timezone": "UTC", "wording": "plain"})
    device = make_device("phone")
    api(client, "POST", URL, device.json())
    send_test(client)
    message = decrypt(device, push_service.to("phone")[0]["body"])
    assert (message["title"], message["body"]) == ("Steady", "")
    assert "actions" not in message


def test_410_removes_the_subscription(app, client, person, other, make_device, push_service):
    api(client, "POST", URL, make_device("old").json())
    push_service.answers["old"] = 410
    assert "had expired and was removed" in send_test(client)
    assert subscriptions(app, person) == []
    assert len(subscriptions(app, other)) == 1


@pytest.mark.parametrize("answer", [500, 503, 429, "hang"])
def test_a_failing_push_service_is_reported_not_a_500(app, client, person, other, make_device,
                                                      push_service, answer):
    api(client, "POST", URL, make_device("busy").json())
    push_service.answers["busy"] = answer
    assert "did not accept the test" in send_test(client)
    assert len(subscriptions(app, person)) == 1


def test_no_device_yet(client, person, other):
    assert "No device gets reminders yet" in send_test(client)


def test_not_configured_says_so(app, client, person, other, make_device, push_service):
    api(client, "POST", URL, make_device("phone").json())
    app.config["VAPID_SUBJECT"] = ""
    assert "not set up on this server" in send_test(client)
    assert push_service.received == []


def test_subscriptions_go_with_the_account(app, client, person, other, make_device):
    api(client, "POST", URL, make_device("phone").json())
    response = post_form(client, "/account/delete", {"password": person.plain_password})
    assert response.status_code in (302, 200)
    with app.app_context():
        left = db.session.scalar(select(func.count()).select_from(PushSubscription))
    assert left == 1  # the stranger's
