"""Web Push with VAPID: the server's key pair, the subject push services need,
and one push to one device.

The private key comes from configuration (STEADY_VAPID_PRIVATE_KEY, PEM or raw
base64url) or is generated once into instance/vapid_private.pem on first use;
several app servers must share one key through configuration. The subject must
be a real mailto: or https: contact (Apple's push service refuses every push
signed with mailto:...@localhost): without one, push is "not configured", the
settings page says so, and a production start logs it."""
from __future__ import annotations

import base64
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask, current_app
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush

from webapp.config import ConfigError

log = logging.getLogger(__name__)
KEY_FILE = "vapid_private.pem"
KEYS = "steady_vapid"
LOCAL_HOSTS = re.compile(r"(^|\.)(localhost|local|localdomain|internal|invalid|test|lan|home)$")
MAILTO = re.compile(r"mailto:[^@\s/]+@([a-z0-9-]+(?:\.[a-z0-9-]+)+)", re.IGNORECASE)

ACCEPTED, GONE, FAILED = "accepted", "gone", "failed"


class Device(Protocol):
    @property
    def endpoint(self) -> str: ...
    @property
    def p256dh(self) -> str: ...
    @property
    def auth(self) -> str: ...


class PushNotConfigured(RuntimeError):
    """Push cannot be sent from this deployment; the message says what to set."""


def subject_problem(subject: str) -> str | None:
    """Why ``subject`` cannot be a VAPID subject, or None when it can."""
    if not subject:
        return "STEADY_VAPID_SUBJECT is not set (a mailto: or https: contact address)"
    if subject.lower().startswith("mailto:"):
        match = MAILTO.fullmatch(subject)
        host = match.group(1).lower() if match else ""
    elif subject.lower().startswith("https://"):
        host = (urlsplit(subject).hostname or "").lower()
        host = host if "." in host else ""
    else:
        return f"STEADY_VAPID_SUBJECT {subject!r} is not a mailto: or https: address"
    if not host or LOCAL_HOSTS.search(host) or host.replace(".", "").isdigit():
        return (f"STEADY_VAPID_SUBJECT {subject!r} is not a real public address; push "
                "services (Apple's among them) refuse localhost-style contacts")
    return None


def init_app(app: Flask) -> None:
    """At start, no network: a subject that is set must be real (refuse to start),
    a production start without one says so, and http endpoints are for tests only."""
    subject = str(app.config["VAPID_SUBJECT"] or "")
    problem = subject_problem(subject)
    if subject and problem:
        raise ConfigError(f"Refusing to start: {problem}.")
    production = app.config["ENV_NAME"] == "production"
    if production and app.config["PUSH_ALLOW_HTTP_ENDPOINTS"]:
        raise ConfigError("Refusing to start: PUSH_ALLOW_HTTP_ENDPOINTS is for tests only.")
    if production and problem:
        app.logger.warning("Reminders cannot be pushed: %s. Set it, for example "
                           "STEADY_VAPID_SUBJECT=mailto:you@your-domain.org.", problem)


def push_services(app: Flask) -> tuple[str, ...]:
    services = app.config["PUSH_SERVICES"]
    if isinstance(services, str):
        services = services.split(",")
    return tuple(s.strip().lower() for s in services if s.strip())


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _load_private(app: Flask) -> ec.EllipticCurvePrivateKey:
    configured = str(app.config["VAPID_PRIVATE_KEY"] or "").strip()
    if configured.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(configured.encode(), password=None)
    elif configured:
        raw = base64.urlsafe_b64decode(configured + "=" * (-len(configured) % 4))
        key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
    else:
        path = Path(app.instance_path) / KEY_FILE
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption())
            path.write_bytes(pem)
            path.chmod(0o600)
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise PushNotConfigured("STEADY_VAPID_PRIVATE_KEY is not a P-256 private key")
    return key


@dataclass(frozen=True)
class Keys:
    vapid: Vapid02
    public: str  # the applicationServerKey a page subscribes with (base64url)


def keys(app: Flask | None = None) -> Keys:
    """The server's VAPID key pair, loaded (or generated) once per process.
    PushNotConfigured when the configured keys are unusable or do not match."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    found: Keys | None = app.extensions.get(KEYS)
    if found is None:
        try:
            private = _load_private(app)
        except (ValueError, TypeError) as err:
            raise PushNotConfigured(f"STEADY_VAPID_PRIVATE_KEY cannot be read: {err}") from err
        public = _b64(private.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))
        given = str(app.config["VAPID_PUBLIC_KEY"] or "").strip().rstrip("=")
        if given and given != public:
            raise PushNotConfigured("STEADY_VAPID_PUBLIC_KEY does not belong to the private key")
        found = Keys(Vapid02(private_key=private), public)
        app.extensions[KEYS] = found
    return found


def ready(app: Flask | None = None) -> str | None:
    """None when pushes can be sent; otherwise what an admin must set."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    problem = subject_problem(str(app.config["VAPID_SUBJECT"] or ""))
    if problem:
        return problem
    try:
        keys(app)
    except PushNotConfigured as err:
        return str(err)
    return None


def send(subscription: Device, payload: dict[str, Any]) -> tuple[str, str]:
    """One push to one device: (ACCEPTED | GONE | FAILED, a short reason for the
    log). GONE (404/410) means the caller should delete the subscription. Never
    raises for what the network or the push service does."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    info = {"endpoint": subscription.endpoint,
            "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}}
    try:
        webpush(info, data=json.dumps(payload), vapid_private_key=keys(app).vapid,
                vapid_claims={"sub": str(app.config["VAPID_SUBJECT"])},
                timeout=float(app.config["PUSH_TIMEOUT_SECONDS"]),
                ttl=int(app.config["PUSH_TTL_SECONDS"]), headers={"Urgency": "normal"})
    except WebPushException as err:
        status = err.response.status_code if err.response is not None else None
        if status in (404, 410):
            return GONE, f"HTTP {status}"
        return FAILED, f"HTTP {status}" if status else str(err)[:120]
    except (ValueError, TypeError) as err:  # keys the encryption cannot use
        return FAILED, f"unusable keys: {type(err).__name__}"
    except requests.Timeout:
        return FAILED, "timed out"
    except requests.RequestException as err:
        return FAILED, type(err).__name__
    return ACCEPTED, "HTTP 201"
