"""Reminder parsers: the settings form (also the import) and a browser's push
subscription (the JSON the page sends). Each returns clean values or raises
ValidationFailed with a message per field, so nothing odd reaches the database
or the scheduler, and a refused form keeps what was typed."""
from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from cryptography.hazmat.primitives.asymmetric import ec
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.reminders.models import WORDINGS
from webapp.validation import Parser, ValidationFailed, many_texts, one_text

CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)(?::[0-5]\d(?:\.\d+)?)?")
EXERCISE_MAX = 3
ENDPOINT_MAX = 1024
WEEKDAYS = {"0": _l("Monday"), "1": _l("Tuesday"), "2": _l("Wednesday"), "3": _l("Thursday"),
            "4": _l("Friday"), "5": _l("Saturday"), "6": _l("Sunday")}
WORDING_LABELS = {"generic": _l("“Time for your check-in”"), "plain": _l("Only “Steady”")}


@cache
def zones() -> frozenset[str]:
    return frozenset(available_timezones())


def clock_or_none(raw: str) -> str | None:
    """"HH:MM" for a 24-hour time ("7:05", "07:05:00" too), or None."""
    match = CLOCK.fullmatch(raw.strip())
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else None


def _flag(data: Mapping[str, Any], name: str) -> bool:
    value = data.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return value is True or value in ("y", "on", "true", "1")


def parse_settings(data: Mapping[str, Any]) -> dict[str, Any]:
    """The reminder settings form (and an imported item): clean column values,
    or ValidationFailed naming each field to fix."""
    p = Parser(data)
    zone = p.text("timezone", _l("Enter a time zone such as Europe/Madrid."))
    if zone is not None:
        if zone in zones():
            p.clean["timezone"] = zone
        else:
            p.fail("timezone", _("“%(zone)s” is not a time zone Steady knows. Enter one like "
                                 "Europe/Madrid or America/New_York.", zone=zone[:64]))
    p.clean["checkin_on"] = _flag(data, "checkin_on")
    raw = p.text("checkin_at", _l("Enter a time like 20:30."))
    if raw is not None:
        at = clock_or_none(raw) if raw else None
        if at is None and (raw or p.clean["checkin_on"]):
            p.fail("checkin_at", _("Enter a time like 20:30 (24-hour clock)."))
        p.clean["checkin_at"] = at or "20:30"
    times = many_texts(data, "exercise_times")
    if times is None:
        p.fail("exercise_times", _("Enter each time like 08:00."))
    else:
        clocks = [clock_or_none(t) for t in times]
        if None in clocks:
            p.fail("exercise_times", _("Enter each time like 08:00 (24-hour clock)."))
        elif len(clocks) > EXERCISE_MAX:
            p.fail("exercise_times", _("Choose at most %(n)d times.", n=EXERCISE_MAX))
        else:
            p.clean["exercise_times"] = ",".join(sorted(set(c for c in clocks if c)))
    p.clean["worry_on"] = _flag(data, "worry_on")
    days = many_texts(data, "quiet_days")
    if days is None or any(d not in WEEKDAYS for d in days):
        p.fail("quiet_days", _("Choose quiet days from the list."))
    else:
        p.clean["quiet_days"] = "".join(sorted(set(days)))
    wording = one_text(data, "wording") or "generic"
    if wording not in WORDINGS:
        p.fail("wording", _("Choose one of the wordings."))
    p.clean["wording"] = wording
    return p.done()


# Push subscriptions ------------------------------------------------------------------

def _b64url(raw: Any) -> bytes | None:
    if not isinstance(raw, str) or not raw or len(raw) > 200:
        return None
    try:
        return base64.urlsafe_b64decode(raw.strip() + "=" * (-len(raw.strip()) % 4))
    except (binascii.Error, ValueError):
        return None


def _public_key_ok(raw: bytes | None) -> bool:
    if raw is None or len(raw) != 65 or raw[0] != 4:
        return False
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError:
        return False
    return True


def _host_allowed(host: str, services: Sequence[str]) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return False  # a push service has a name; an address could be inside our network
    return any(host == s or host.endswith("." + s) for s in services)


def _endpoint(raw: Any, services: Sequence[str], allow_http: bool) -> str | None:
    if not isinstance(raw, str) or not raw or len(raw) > ENDPOINT_MAX:
        return None
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if allow_http and parts.scheme in ("http", "https") and host:
        return raw  # tests aim pushes at a fake push service on this machine
    if parts.scheme != "https" or parts.username or parts.password or port not in (None, 443):
        return None
    return raw if _host_allowed(host, services) else None


def parse_subscription(data: Any, services: Sequence[str], *,
                       allow_http: bool = False) -> dict[str, str]:
    """A PushSubscription's JSON (``endpoint``, ``keys.p256dh``, ``keys.auth``):
    the endpoint must be https on a known push service, p256dh a P-256 public key
    and auth 16 bytes, all base64url. ValidationFailed otherwise."""
    if not isinstance(data, Mapping):
        raise ValidationFailed({"subscription": _("Send the subscription as a JSON object.")})
    errors: dict[str, str] = {}
    endpoint = _endpoint(data.get("endpoint"), services, allow_http)
    if endpoint is None:
        errors["endpoint"] = _("This is not the address of a push service Steady sends to.")
    found = data.get("keys")
    keys: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    p256dh, auth = keys.get("p256dh"), keys.get("auth")
    if not _public_key_ok(_b64url(p256dh)):
        errors["p256dh"] = _("The subscription's key is not a valid P-256 public key.")
    secret = _b64url(auth)
    if secret is None or len(secret) != 16:
        errors["auth"] = _("The subscription's auth secret is not 16 bytes of base64url.")
    if errors:
        raise ValidationFailed(errors)
    return {"endpoint": str(endpoint), "p256dh": str(p256dh).strip().rstrip("="),
            "auth": str(auth).strip().rstrip("=")}
