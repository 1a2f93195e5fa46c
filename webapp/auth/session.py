"""The sign-in session, app-wide: who the session's token belongs to, how long a
therapist's session lasts, and what a page that needs an account answers to
someone who is not signed in.

A therapist's session carries when it signed in and when it was last used
(``signed_in_at``, ``seen_at``, epoch seconds from webapp.auth.clock). The loader
ends it after THERAPIST_IDLE_SECONDS without a request or THERAPIST_MAX_SECONDS
in all, and refuses a therapist session without them (one restored from a
remember-me cookie, which therapists never get). A person's session is as before:
they read only their own diary, on their own phone, and a short idle limit
would lose a half-typed entry for no gain."""
from __future__ import annotations

from typing import Any

from flask import (
    Flask,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login.utils import login_url

from webapp import db
from webapp.auth import clock, services
from webapp.auth.models import User
from webapp.extensions import login_manager

SIGNED_IN_AT, SEEN_AT, TWO_FACTOR_DONE = "signed_in_at", "seen_at", "two_factor_done"
PENDING = "two_factor_pending"  # the password was right; the code step is next
LOADING = "steady_loading_user"  # in g while load_user runs


def init_app(app: Flask) -> None:
    """Wire the login manager: the sign-in page, its message, the user loader and
    the answer for anyone not signed in."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see that page.")
    login_manager.localize_callback = str  # in the request's language, flashed as text
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)


def start(user: User, *, two_factor_done: bool) -> None:
    """Called right after login_user: stamp the session's start and last use."""
    moment = int(clock.now().timestamp())
    session[SIGNED_IN_AT] = session[SEEN_AT] = moment
    session[TWO_FACTOR_DONE] = two_factor_done


def begin_two_factor(user: User, *, remember: bool, next_url: str | None) -> Any:
    """Called by the login view once the password is right for an account with
    two-step sign-in: nothing is signed in yet, the code page asks for the rest."""
    session[PENDING] = {"uid": user.id, "token": user.session_token, "remember": remember,
                        "next": next_url or "", "at": int(clock.now().timestamp())}
    return redirect(url_for("auth.login_code"))


def load_user(token: str) -> User | None:
    """The account a session token belongs to, or None once it is revoked, or once
    a therapist's session has run past its idle or total limit."""
    setattr(g, LOADING, True)
    try:
        return _checked_user(token)
    finally:
        g.pop(LOADING, None)


def loading() -> bool:
    """True while the loader runs (the language selector then leaves the account out:
    asking for the user there would run the loader again)."""
    return bool(g.get(LOADING))


def _checked_user(token: str) -> User | None:
    user = services.load_user_for_session(db.session, token)
    if user is None or not user.is_therapist:
        return user
    config, moment = current_app.config, int(clock.now().timestamp())
    signed_in, seen = session.get(SIGNED_IN_AT), session.get(SEEN_AT)
    if not isinstance(signed_in, int) or not isinstance(seen, int):
        return _end(None)
    if moment - signed_in > config["THERAPIST_MAX_SECONDS"]:
        return _end(_("You were signed out because a therapist's session lasts at most "
                        "%(hours)d hours. Please log in again.",
                        hours=config["THERAPIST_MAX_SECONDS"] // 3600))
    if moment - seen > config["THERAPIST_IDLE_SECONDS"]:
        return _end(_("You were signed out after %(minutes)d minutes without activity. "
                        "Please log in again.",
                        minutes=config["THERAPIST_IDLE_SECONDS"] // 60))
    session[SEEN_AT] = moment
    return user


def _end(message: str | None) -> User | None:
    """Sign this session out (the loader then answers nobody)."""
    for key in ("_user_id", "_fresh", "_id", SIGNED_IN_AT, SEEN_AT, TWO_FACTOR_DONE):
        session.pop(key, None)
    session["_remember"] = "clear"  # flask-login drops a remember-me cookie
    if message:
        flash(message, "info")
    return None  # nobody: the page treats the request as signed out


def two_factor_done() -> bool:
    return bool(session.get(TWO_FACTOR_DONE))


def unauthorized() -> Any:
    """401 JSON for the API (a script cannot follow a login redirect); the usual
    flash-and-redirect to the login page for everything else."""
    if request.path.startswith("/api/"):
        return jsonify(error="login required", status=401), 401
    view = login_manager.blueprint_login_views.get(request.blueprint, login_manager.login_view)
    if not view:
        abort(401)
    if login_manager.login_message:
        message = login_manager.login_message
        if login_manager.localize_callback is not None:
            message = login_manager.localize_callback(message)
        flash(message, category=login_manager.login_message_category)
    return redirect(login_url(view, next_url=request.url))
