"""Reminder services: a person's settings, their devices' push subscriptions,
the words a reminder shows, and the test push. Each takes the session and the
acting person, queries through webapp.ownership, flushes and never commits."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from webapp.db import utcnow
from webapp.ownership import Account, owned, owned_delete, owned_record
from webapp.recovery.models import RecoverySettings
from webapp.reminders import push
from webapp.reminders.models import PushSubscription, ReminderSettings

DEVICE_WORDS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"),
                ("Macintosh", "Mac"), ("Windows", "Windows"), ("Linux", "Linux"))
BROWSER_WORDS = (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
                 ("Safari/", "Safari"))
# Where a reminder's tap leads; the worker's actions use the same pages.
PAGES = {"checkin": "/diary/checkin", "exercise": "/exercises/breathe/calm",
         "worry": "/recovery/worry", "questionnaire": "/measures/"}


def settings_for(db: Session, user: Account) -> ReminderSettings | None:
    """Anyone signed in, for themselves: their reminder settings, or None."""
    return db.scalar(owned(ReminderSettings, user))


def worry_start(db: Session, user: Account) -> str | None:
    """The owner's worry time from the recovery settings ("HH:MM"), or None."""
    minutes = db.scalar(owned(RecoverySettings, user)
                        .with_only_columns(RecoverySettings.worry_start))
    return None if minutes is None else f"{minutes // 60:02d}:{minutes % 60:02d}"


def save_settings(db: Session, user: Account, values: dict[str, Any]) -> ReminderSettings:
    """The owner only: store their parsed settings (parsing.parse_settings),
    making the row on the first save."""
    found = settings_for(db, user)
    if found is None:
        found = owned_record(ReminderSettings, user)
        db.add(found)
    for name, value in values.items():
        setattr(found, name, value)
    db.flush()
    return found


def devices(db: Session, user: Account) -> list[PushSubscription]:
    """The owner's subscribed devices, most recently seen first."""
    return list(db.scalars(owned(PushSubscription, user)
                           .order_by(PushSubscription.seen_at.desc())))


def device_label(user_agent: str) -> str:
    """"Chrome on Android": enough to tell one's own devices apart."""
    device = next((label for word, label in DEVICE_WORDS if word in user_agent), "")
    browser = next((label for word, label in BROWSER_WORDS if word in user_agent), "")
    if device and browser:
        return f"{browser}, {device}"
    return (device or browser or "")[:80]


def keep_subscription(db: Session, user: Account, values: dict[str, str],
                      user_agent: str = "") -> tuple[PushSubscription, bool]:
    """The owner, from their device's page: store its subscription (parsed by
    parsing.parse_subscription), or refresh the row this device already has
    (same endpoint): (row, created). Safe when two tabs send it at once."""
    query = owned(PushSubscription, user).where(PushSubscription.endpoint == values["endpoint"])
    found = db.scalar(query)
    created = found is None
    if found is None:
        found = owned_record(PushSubscription, user, endpoint=values["endpoint"],
                             p256dh=values["p256dh"], auth=values["auth"])
        try:
            with db.begin_nested():
                db.add(found)
                db.flush()
        except IntegrityError:
            found = db.scalar(query)
            created = False
            if found is None:
                raise
    found.p256dh, found.auth = values["p256dh"], values["auth"]
    found.device = device_label(user_agent) or found.device
    found.seen_at = utcnow()
    db.flush()
    return found, created


def drop_subscription(db: Session, user: Account, endpoint: str) -> int:
    """The owner, from their device: forget this device's subscription. Returns
    how many rows went (0 when it was not theirs or already gone)."""
    result = db.execute(owned_delete(PushSubscription, user)
                        .where(PushSubscription.endpoint == endpoint))
    db.flush()
    return int(getattr(result, "rowcount", 0) or 0)


def count_devices(db: Session, user: Account) -> int:
    return db.scalar(owned(PushSubscription, user).with_only_columns(func.count())) or 0


def payload(kind: str, wording: str) -> dict[str, Any]:
    """What a reminder shows on the lock screen: never a symptom word, and only
    "Steady" when the person chose the plainer wording."""
    generic = {"checkin": _("Time for your check-in"),
               "exercise": _("Time for a few calm minutes"),
               "worry": _("Your worry time is here"),
               "questionnaire": _("A short questionnaire is waiting"),
               "test": _("Reminders work on this device")}
    plain = wording == "plain"
    message = {"title": _("Steady"), "body": "" if plain else generic.get(kind, ""),
               "tag": f"steady-{kind}", "url": PAGES.get(kind, "/")}
    if not plain:
        message["actions"] = [{"action": "checkin", "title": _("Check in")},
                              {"action": "breathe", "title": _("Breathe")}]
    return message


@dataclass(frozen=True)
class Target:
    """A device to push to, read out of the database so the network calls hold
    no transaction (SQLite would keep its write lock through a slow push)."""

    id: int
    endpoint: str
    p256dh: str
    auth: str


@dataclass(frozen=True)
class Outcome:
    accepted: int = 0
    failed: int = 0
    gone: tuple[int, ...] = ()  # ids of subscriptions the push service says are gone


def targets(db: Session, user: Account) -> list[Target]:
    """The owner's devices, as plain values to push to."""
    return [Target(d.id, d.endpoint, d.p256dh, d.auth) for d in devices(db, user)]


def push_all(user: Account, to: list[Target], message: dict[str, Any]) -> Outcome:
    """Send ``message`` to each device in ``to`` (no database work). Logs each
    failure with its reason; never raises for what a push service does."""
    accepted, failed, gone = 0, 0, []
    for device in to:
        result, reason = push.send(device, message)
        if result == push.ACCEPTED:
            accepted += 1
        elif result == push.GONE:
            gone.append(device.id)
            push.log.info("subscription %s of user %s is gone (%s): removed",
                          device.id, user.id, reason)
        else:
            failed += 1
            push.log.warning("push to subscription %s of user %s failed: %s",
                             device.id, user.id, reason)
    return Outcome(accepted, failed, tuple(gone))


def forget(db: Session, user: Account, ids: tuple[int, ...]) -> None:
    """The owner's subscriptions the push service answered 404 or 410 for: deleted."""
    if ids:
        db.execute(owned_delete(PushSubscription, user).where(PushSubscription.id.in_(ids)))
        db.flush()


def send_test(db: Session, user: Account) -> Outcome:
    """The owner: a test reminder to each of their devices, in their wording.
    The reading transaction ends before the pushes; gone devices are deleted."""
    found = settings_for(db, user)
    message = payload("test", found.wording if found else "generic")
    to = targets(db, user)
    db.rollback()  # nothing written yet: hold no lock while the push services answer
    outcome = push_all(user, to, message)
    forget(db, user, outcome.gone)
    return outcome
