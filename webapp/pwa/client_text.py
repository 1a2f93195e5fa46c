"""The words the offline scripts show, in the request's language.

The outbox's scripts and the service worker build some text themselves (a queued
save's page, "2 entries waiting to sync", the discard question), so they cannot
take it from a template. The server says it for them, through the catalogue like
every other string: pages carry it in ``<meta name="steady-text">`` (templates/
_pwa_head.html), and the worker in its settings (``self.STEADY.text``, precache.py).

A sentence with a number comes as its plural forms by CLDR category (``one``,
``other``, and ``few`` or ``many`` where the language has them), with ``%(count)s``
for the number; the scripts pick a form with ``Intl.PluralRules``."""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from babel import Locale
from flask import Flask
from flask_babel import force_locale, get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from webapp.core.translations import once_per_catalogue
from webapp.language.choice import SUPPORTED

COUNT = "%(count)s"  # left in place for the scripts to fill


@lru_cache(maxsize=32)
def _samples(locale: str) -> tuple[tuple[str, int], ...]:
    """One count for each plural category the language uses for whole numbers, and
    always an ``other`` (in Polish only fractions are "other": it gets the form of 5)."""
    rule = Locale.parse(locale).plural_form
    found: dict[str, int] = {}
    for n in range(1000):
        found.setdefault(rule(n), n)
    found.setdefault("other", 5)
    return tuple(found.items())


def plural(say: Callable[[int], str]) -> dict[str, str]:
    """``say(n)`` (an ngettext call) for a count of each plural category."""
    return {category: say(n) for category, n in _samples(str(get_locale() or "en"))}


def outbox_text() -> dict[str, Any]:
    """What the outbox's scripts on a page show (static/js/outbox/); the words of
    the log-out question only where there is a log-out button. Every page carries
    them: made once per catalogue (and signed in or not), then reused."""
    signed_in = bool(current_user.is_authenticated)
    words: dict[str, Any] = once_per_catalogue(
        ("outbox", signed_in), lambda: _outbox_words(signed_in=signed_in))
    return words


def _outbox_words(*, signed_in: bool) -> dict[str, Any]:
    words: dict[str, Any] = {
        "tooLarge": _("This is too large to send. Shorten the note, then try again."),
        "saved": _("Saved on this phone — waiting to sync"),
        "notSaved": _("This could not be kept on the phone. Please try again."),
        "waiting": plural(lambda n: ngettext(
            "%(count)s entry waiting to sync (oldest %(ago)s)",
            "%(count)s entries waiting to sync (oldest %(ago)s)", n, count=COUNT,
            ago="%(ago)s")),
        "login": plural(lambda n: ngettext(
            "Log in to sync %(count)s entry", "Log in to sync %(count)s entries", n,
            count=COUNT)),
        "justNow": _("just now"),
        "minutesAgo": plural(lambda n: ngettext(
            "%(count)s minute ago", "%(count)s minutes ago", n, count=COUNT)),
        "hoursAgo": plural(lambda n: ngettext(
            "%(count)s hour ago", "%(count)s hours ago", n, count=COUNT)),
        "daysAgo": plural(lambda n: ngettext(
            "%(count)s day ago", "%(count)s days ago", n, count=COUNT)),
        "badge": _("waiting to sync"),
        "syncing": _("Syncing…"),
        "offline": _("You are offline. They will sync when you are back online."),
        "retry": _("Steady could not be reached just now. Trying again soon."),
        "kinds": {"entry": _("Twitch"), "checkin": _("Check-in"),
                  "exercise_session": _("Exercise"),
                  "adherence": _("Experiment: kept to the plan?"),
                  "check": _("Check or urge"), "worry": _("Parked worry")},
        "other": _("Entry"),
        "edit": _("Edit"),
        "discard": _("Discard"),
        "confirmDiscard": _("Discard this? It was never saved to your diary."),
        "yesDiscard": _("Yes, discard it"),
        "keep": _("Keep it"),
        "saveFix": _("Save and sync"),
        "cancel": _("Cancel"),
        "listHint": _("Separate several with commas."),
        "yours": _("Yours"),
        "theSavedOne": _("The saved one"),
        "keepMine": _("Keep mine"),
        "keepSaved": _("Keep the saved one"),
        "discarded": _("Discarded."),
        "sending": _("Sending it again…"),
        "keptSaved": _("Kept the saved version."),
    }
    if signed_in:
        words.update(logout_text())
    return words


def logout_text() -> dict[str, Any]:
    """What logging out asks when this phone still holds unsynced items."""
    return {
        "notSynced": plural(lambda n: ngettext(
            "%(count)s entry is not synced yet.", "%(count)s entries are not synced yet.", n,
            count=COUNT)),
        "syncFirst": _("Sync now, then log out"),
        "logOutAnyway": _("Log out anyway (delete them from this phone)"),
        "stay": _("Stay logged in"),
        "stillWaiting": _("They could not all be synced. Try again later, or log out anyway."),
    }


def worker_text() -> dict[str, Any]:
    """What the service worker says when it keeps a form post offline (the page it
    answers with), and the outbox's words it shares with the pages."""
    return {
        "lang": str(get_locale() or "en"),
        "steady": _("Steady"),
        "savedTitle": _("Saved on this phone"),
        "savedOffline": _("Saved on this phone. It will sync when you are back online."),
        "lostTitle": _("Not saved yet"),
        "lost": _("You are offline and this could not be kept on the phone. Go back: what you "
                  "entered is still in the form. Send it again when you are back online."),
        "diary": _("Back to your diary"),
        "home": _("Home"),
        "tooLarge": _("This is too large to send. Shorten the note, then try again."),
    }


def worker_texts() -> dict[str, dict[str, Any]]:
    """worker_text() in every language Steady speaks. The worker says the words of
    the language of the pages it last saw (static/js/sw.js), so its script is the
    same whoever fetches it, and a language switch is never a new version of it."""
    texts = {}
    for language in SUPPORTED:
        with force_locale(language):
            texts[language] = worker_text()
    return texts


def init_app(app: Flask) -> None:
    """Templates can say ``outbox_text()`` (templates/_pwa_head.html puts it on every page)."""
    app.jinja_env.globals.update(outbox_text=outbox_text)
