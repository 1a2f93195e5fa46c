"""What templates use of the language: the switcher's languages and its return
address, and the ``when`` filter for dates and times (webapp/language/dates.py)."""
from __future__ import annotations

from flask import Flask, request

from webapp.language import choice, dates


def page_address() -> str:
    """Where the switcher returns to: this page, its query included (a page shown
    in answer to a form post returns to its own address)."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    return request.path


def languages() -> list[tuple[str, str]]:
    """Every language Steady speaks, as (code, its name in itself)."""
    return [(code, choice.NAMES[code]) for code in choice.SUPPORTED]


def init_app(app: Flask) -> None:
    """Templates can say ``languages()``, ``page_address()`` and ``value|when('date')``."""
    app.jinja_env.globals.update(languages=languages, page_address=page_address)
    app.add_template_filter(dates.show_date, "when")
