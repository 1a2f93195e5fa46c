"""Answers say their language: ``Content-Language``, and ``Vary: Accept-Language,
Cookie`` wherever the words followed the request's language, public pages too, so
neither a proxy nor the phone's HTTP cache hands one language's page to someone
reading the other. Static files, the service worker and anything else that never
translated a word carry neither."""
from __future__ import annotations

from flask import Flask, Response, g

from webapp.language import choice


def say_language(response: Response) -> Response:
    """After every request: the headers above, when the language was chosen."""
    if not g.get(choice.CHOSEN):
        return response
    response.vary.update(("Accept-Language", "Cookie"))
    # The locale Flask-Babel settled on, read without asking again: after a failed
    # choice (the database away) there is none, and this hook must not query.
    locale = getattr(g.get("_flask_babel"), "babel_locale", None)
    if locale is not None and "Content-Language" not in response.headers:
        response.headers["Content-Language"] = str(locale)
    return response


def init_app(app: Flask) -> None:
    """The headers, after every request."""
    app.after_request(say_language)
