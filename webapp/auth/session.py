"""The sign-in session, app-wide: who the session's token belongs to, and what
a page that needs an account answers to someone who is not signed in."""
from __future__ import annotations

from typing import Any

from flask import Flask, abort, flash, jsonify, redirect, request
from flask_babel import lazy_gettext as _l
from flask_login.utils import login_url

from webapp import db
from webapp.auth import services
from webapp.auth.models import User
from webapp.extensions import login_manager


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


def load_user(token: str) -> User | None:
    """The account a session token belongs to, or None once it is revoked."""
    return services.load_user_for_session(db.session, token)


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
