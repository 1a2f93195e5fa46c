"""Reminder fixtures: a local fake push service, a browser's push keys, a
server VAPID key, and a second person whose reminders must never be sent or
touched by anything the test's person does."""
from __future__ import annotations

import base64
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask
from flask.testing import FlaskClient

from webapp import db
from webapp.reminders import services
from webapp.reminders.models import PushSubscription

SUBJECT = "mailto:reminders@steady-app.org"
SERVER_KEY = ec.generate_private_key(ec.SECP256R1()).private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
    serialization.NoEncryption()).decode()


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@dataclass
class FakePushService:
    """An HTTP server on 127.0.0.1 that records each push and answers with
    ``answers[name]`` for /push/<name>: a status code, or "hang"."""

    port: int = 0
    answers: dict[str, Any] = field(default_factory=dict)
    received: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/push/{name}"

    def to(self, name: str) -> list[dict[str, Any]]:
        with self.lock:
            return [r for r in self.received if r["path"] == f"/push/{name}"]


def _handler(service: FakePushService) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server protocol
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            with service.lock:
                service.received.append({"path": self.path, "headers": headers, "body": body})
            answer = service.answers.get(self.path.rsplit("/", 1)[-1], 201)
            if answer == "hang":
                time.sleep(2.5)
                answer = 201
            self.send_response(int(answer))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def push_service() -> Iterator[FakePushService]:
    service = FakePushService()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(service))
    server.daemon_threads = True
    service.port = server.server_address[1]
    # A short poll: shutdown() waits for the loop to look up (0.5 s by default, a
    # fifth of every reminder test's time).
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01},
                              daemon=True)
    thread.start()
    yield service
    server.shutdown()
    server.server_close()


@dataclass
class Device:
    """A browser's side of a subscription: its keys, to decrypt what arrives."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes

    @property
    def p256dh(self) -> str:
        return b64(self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))

    def json(self) -> dict[str, Any]:
        return {"endpoint": self.endpoint, "expirationTime": None,
                "keys": {"p256dh": self.p256dh, "auth": b64(self.auth)}}


@pytest.fixture
def make_device(push_service: FakePushService) -> Callable[[str], Device]:
    def _make(name: str) -> Device:
        return Device(push_service.url(name), ec.generate_private_key(ec.SECP256R1()),
                      os.urandom(16))

    return _make


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"VAPID_SUBJECT": SUBJECT, "VAPID_PRIVATE_KEY": SERVER_KEY,
            "PUSH_ALLOW_HTTP_ENDPOINTS": True, "PUSH_TIMEOUT_SECONDS": 1}


def api(client: FlaskClient, method: str, url: str, body: Any) -> Any:
    token = client.get("/api/csrf").get_json()["token"]
    return client.open(url, method=method, json=body, headers={"X-CSRFToken": token})


@pytest.fixture
def other(app: Flask, stranger: Any, make_device: Callable[[str], Device]) -> Any:
    """The stranger, with a check-in reminder at 07:15 New York time and a device
    at /push/stranger: nothing the test's person does may push to it."""
    device = make_device("stranger")
    with app.app_context():
        services.save_settings(db.session, stranger, {
            "timezone": "America/New_York", "checkin_on": True, "checkin_at": "07:15",
            "exercise_times": "", "worry_on": False, "quiet_days": "", "wording": "generic"})
        db.session.add(PushSubscription(user_id=stranger.id, endpoint=device.endpoint,
                                        p256dh=device.p256dh, auth=b64(device.auth)))
        db.session.commit()
    stranger.device = device
    return stranger


def stranger_rows(app: Flask, user: Any) -> tuple[Any, ...]:
    """The stranger's reminder rows, to compare before and after."""
    from sqlalchemy import select

    from webapp.reminders.models import ReminderSent, ReminderSettings

    with app.app_context():
        rows = []
        for model in (ReminderSettings, PushSubscription, ReminderSent):
            found = db.session.scalars(select(model).where(model.user_id == user.id)).all()
            rows.append(sorted(repr(sorted((k, str(v)) for k, v in vars(r).items()
                                           if not k.startswith("_"))) for r in found))
        return tuple(map(tuple, rows))
