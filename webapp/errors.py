"""Friendly error pages: HTML for people, JSON for /api/ and JSON clients."""
from __future__ import annotations

from contextlib import suppress

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException, InternalServerError

from webapp.db import describe_failure
from webapp.extensions import login_manager

# The database cannot be reached, is restarting, or (SQLite) stayed locked past the
# busy timeout: nothing the request did was wrong, so the answer is "try again soon".
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeoutError)
RETRY_AFTER_SECONDS = 30


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    accepted = request.accept_mimetypes
    return best == "application/json" and accepted[best] > accepted["text/html"]


MESSAGES = {
    400: _l("That request could not be understood."),
    403: _l("You do not have access to this page."),
    404: _l("We could not find that page."),
    405: _l("That action is not allowed here."),
    413: _l("That was more than we can accept in one go."),
    429: _l("Too many attempts. Please wait a minute, then try again."),
    500: _l("Something went wrong on our side. Your saved entries are safe."),
    503: _l("Steady is taking a short break."),
}
# Any other status (werkzeug's own names for them are English only).
OTHER = _l("That request could not be completed.")


def _render(code: int, message: str, description: str = "") -> tuple[Response | str, int]:
    if wants_json():
        return jsonify(error=message, status=code), code
    context = {"code": code, "message": message, "description": description}
    try:
        return render_template("errors/error.html", **context), code
    except DATABASE_UNAVAILABLE as exc:  # the page shell asked for the signed-in user
        _log_unavailable(exc)
        _forget_database_state()
        return render_template("errors/error.html", **context), code


def handle_http(exc: HTTPException) -> ResponseReturnValue:
    code = exc.code or 500
    return _render(code, str(MESSAGES.get(code, OTHER)))


def handle_csrf(exc: CSRFError) -> ResponseReturnValue:
    return _render(
        400,
        _("This form expired or was sent from somewhere else."),
        _("Go back, reload the page and send it again. Nothing was saved."),
    )


def handle_500(exc: Exception) -> ResponseReturnValue:
    original = getattr(exc, "original_exception", None)
    if isinstance(original, DATABASE_UNAVAILABLE):
        return handle_database_unavailable(original)
    return _render(500, str(MESSAGES[500]))


def _forget_database_state() -> None:
    """Answer as if signed out and drop the session without touching the database
    again, so rendering the error page (and the response hooks) needs no query."""
    g._login_user = login_manager.anonymous_user()
    session = g.pop("db_session", None)
    if session is not None:
        with suppress(Exception):  # the connection is already gone
            session.invalidate()


def _log_unavailable(exc: Exception) -> None:
    current_app.logger.warning("database unavailable on %s %s: %s", request.method,
                               request.path, describe_failure(exc))


def handle_database_unavailable(exc: Exception) -> ResponseReturnValue:
    """A calm 503 that asks the phone to retry; one log line, no traceback."""
    _log_unavailable(exc)
    _forget_database_state()
    body, code = _render(
        503, str(MESSAGES[503]),
        _("We cannot reach your diary for a moment. Nothing you saved is lost, and anything "
          "waiting on this phone stays there until we are back. Please try again in a minute."))
    return body, code, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def init_app(app: Flask) -> None:
    for exc_class in DATABASE_UNAVAILABLE:
        app.register_error_handler(exc_class, handle_database_unavailable)
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(InternalServerError, handle_500)
