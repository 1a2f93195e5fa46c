"""The web app manifest: what a phone needs to install Steady to its home screen."""
from __future__ import annotations

from typing import Any, NamedTuple

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.core.templating import static_url

# The light theme of static/css/app.css: --accent and --bg.
THEME_COLOR = "#2f6f6a"
BACKGROUND_COLOR = "#f6f8f7"
START_URL = "/?source=pwa"


class Icon(NamedTuple):
    filename: str
    size: int
    purpose: str


ICONS = (
    Icon("icons/icon-192.png", 192, "any"),
    Icon("icons/icon-512.png", 512, "any"),
    Icon("icons/icon-maskable-192.png", 192, "maskable"),
    Icon("icons/icon-maskable-512.png", 512, "maskable"),
)
# Linked from every page's <head> (templates/_pwa_head.html), so precached too.
PAGE_ICONS = ("icons/favicon-32.png", "icons/apple-touch-icon-180.png")


class Shortcut(NamedTuple):
    name: object
    description: object
    url: str
    icon: str


# Fixed paths the Diary and Exercises rooms serve; a long-press on the home
# screen icon jumps straight to them.
SHORTCUTS = (
    Shortcut(_l("Log a twitch"), _l("Note a twitch in three taps"), "/diary/new",
             "icons/shortcut-log-96.png"),
    Shortcut(_l("Daily check-in"), _l("How today is going, in 30 seconds"),
             "/diary/checkin", "icons/shortcut-checkin-96.png"),
    Shortcut(_l("Breathe now"), _l("A calm breathing exercise"), "/exercises/breathe/calm",
             "icons/shortcut-breathe-96.png"),
)


def _png(filename: str, size: int) -> dict[str, str]:
    return {"src": static_url(filename), "sizes": f"{size}x{size}", "type": "image/png"}


def build() -> dict[str, Any]:
    """The manifest as a dict; call inside a request (URLs and language come from it)."""
    return {
        "id": "/",
        "name": _("Steady"),
        "short_name": _("Steady"),
        "description": _("Calm, sourced help for muscle twitching from anxiety and stress: "
                         "learn, keep a diary, breathe. Works offline."),
        "lang": str(get_locale() or "en"),
        "dir": "ltr",
        "start_url": START_URL,
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "categories": ["health", "lifestyle", "medical"],
        "icons": [{**_png(icon.filename, icon.size), "purpose": icon.purpose} for icon in ICONS],
        "shortcuts": [
            {
                "name": str(shortcut.name),
                "short_name": str(shortcut.name),
                "description": str(shortcut.description),
                "url": shortcut.url,
                "icons": [_png(shortcut.icon, 96)],
            }
            for shortcut in SHORTCUTS
        ],
    }
