"""Friendly error pages: HTML for people, JSON for /api/ and JSON clients."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


MESSAGES = {
    400: "That request could not be understood.",
    403: "You do not have access to this page.",
    404: "We could not find that page.",
    405: "That action is not allowed here.",
    413: "That was more than we can accept in one go.",
    429: "Too many attempts. Please wait a minute, then try again.",
    500: "Something went wrong on our side. Your saved entries are safe.",
}


def _render(code: int, message: str, description: str = ""):
    if wants_json():
        return jsonify(error=message, status=code), code
    return render_template("errors/error.html", code=code, message=message, description=description), code


def handle_http(exc: HTTPException):
    code = exc.code or 500
    return _render(code, _(MESSAGES.get(code, exc.name)))


def handle_csrf(exc: CSRFError):
    return _render(
        400,
        _("This form expired or was sent from somewhere else."),
        _("Go back, reload the page and send it again. Nothing was saved."),
    )


def handle_500(exc: Exception):
    return _render(500, _(MESSAGES[500]))


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(InternalServerError, handle_500)
