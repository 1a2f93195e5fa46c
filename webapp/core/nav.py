"""The bottom navigation: a tab only appears once its page exists."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user


@dataclass(frozen=True)
class Tab:
    endpoint: str
    label: object
    icon: str
    prefix: str
    role: str | None = None  # shown only to this role, when set
    public: bool = True  # shown to people who are not signed in


TABS = (
    Tab("learn.index", _l("Learn"), "book", "/learn"),
    Tab("diary.timeline", _l("Diary"), "notebook", "/diary", role="person"),
    Tab("exercises.index", _l("Exercises"), "wind", "/exercises"),
    Tab("sharing.index", _l("Share"), "share", "/share", role="person", public=False),
    Tab("sharing.clients", _l("Clients"), "people", "/clients", role="therapist",
        public=False),
)


def nav_tabs() -> list[dict[str, object]]:
    tabs = []
    role = current_user.role if current_user.is_authenticated else None
    for tab in TABS:
        if tab.endpoint not in current_app.view_functions:
            continue
        if tab.role and role and tab.role != role:
            continue
        if role is None and not tab.public:
            continue
        tabs.append({
            "url": url_for(tab.endpoint),
            "label": tab.label,
            "icon": tab.icon,
            "current": request.path.startswith(tab.prefix),
        })
    return tabs


def inject() -> dict[str, object]:
    return {"nav_tabs": nav_tabs}
