"""Account views. Each commits at most once."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from webapp import db
from webapp.auth import services
from webapp.auth import session as signin
from webapp.auth.forms import (
    DeleteAccountForm,
    LoginForm,
    PasswordForm,
    ProfileForm,
    RegisterForm,
    add_error,
    entered,
)
from webapp.extensions import (
    configured,
    failed_login,
    limiter,
    signed_in_user,
    submitted_email,
)
from webapp.security import password_problem, safe_next

bp = Blueprint("auth", __name__)

LOGIN_FAILED = _l("That email and password do not match an account. Check both and try again.")
DEMO_REFUSED = _l("The demo accounts only work on a copy of Steady running on your own computer.")


def _register(role: str, template: str) -> ResponseReturnValue:
    form = RegisterForm()
    if form.validate_on_submit():
        problem = password_problem(entered(form.password),
                                   [entered(form.email), entered(form.display_name)])
        if problem:
            add_error(form.password, problem)
        else:
            try:
                user = services.register(
                    db.session, email=entered(form.email), password=entered(form.password),
                    display_name=entered(form.display_name), timezone=form.timezone.data,
                    role=role, language=str(get_locale() or "en"),
                )
            except services.AccountError as err:
                add_error(getattr(form, err.field), str(err))
            else:
                db.session.commit()
                login_user(user)
                signin.start(user, two_factor_done=False)
                flash(_("Welcome to Steady, %(name)s.", name=user.display_name), "success")
                return redirect(url_for("core.home"))
    return render_template(template, form=form), 422 if form.errors else 200


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(configured("RATELIMIT_REGISTER"), methods=["POST"])
def register() -> ResponseReturnValue:
    """Anyone: create a person's account and sign in."""
    return _register("person", "auth/register.html")


@bp.route("/therapist/register", methods=["GET", "POST"])
@limiter.limit(configured("RATELIMIT_REGISTER"), methods=["POST"])
def register_therapist() -> ResponseReturnValue:
    """Anyone: create a therapist's account and sign in."""
    return _register("therapist", "auth/register_therapist.html")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(configured("RATELIMIT_LOGIN"), methods=["POST"], deduct_when=failed_login)
@limiter.limit(configured("RATELIMIT_LOGIN_ACCOUNT"), methods=["POST"], key_func=submitted_email,
               deduct_when=failed_login)
def login() -> ResponseReturnValue:
    """Anyone: sign in. The limits above run before any password hashing and count
    failed attempts only."""
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        demo_refused = (current_app.config["ENV_NAME"] == "production"
                        and services.is_demo_account(entered(form.email)))
        user = None if demo_refused else services.authenticate(db.session, entered(form.email),
                                                               entered(form.password))
        if demo_refused:
            add_error(form.email, str(DEMO_REFUSED))
        elif user is None:
            add_error(form.password, str(LOGIN_FAILED))
        else:
            db.session.commit()  # a rehashed password, if its parameters were old
            if user.two_factor_on:
                return signin.begin_two_factor(user, remember=bool(form.remember.data),
                                               next_url=form.next.data)
            # Therapists are never remembered: their sessions end after hours (auth/session.py).
            login_user(user, remember=bool(form.remember.data) and not user.is_therapist)
            signin.start(user, two_factor_done=False)
            return redirect(safe_next(form.next.data))
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


@bp.route("/logout", methods=["POST"])
def logout() -> ResponseReturnValue:
    """Signed-in user: end this and every other session of theirs."""
    if current_user.is_authenticated:
        services.end_all_sessions(db.session, current_user._get_current_object())
        db.session.commit()
    logout_user()
    flash(_("You are logged out."), "success")
    response = redirect(url_for("core.home"))
    # The HTTP cache may hold private pages; the service worker drops its own caches.
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account() -> ResponseReturnValue:
    """Signed-in user: their name and time zone."""
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        services.update_profile(db.session, current_user, display_name=entered(form.display_name),
                                timezone=form.timezone.data)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form), 422 if form.errors else 200


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit(configured("RATELIMIT_PASSWORD_CHECK"), methods=["POST"], key_func=signed_in_user)
def change_password() -> ResponseReturnValue:
    """Signed-in user: change their password; other sessions end, this one stays."""
    form = PasswordForm()
    if form.validate_on_submit():
        problem = password_problem(entered(form.new_password), [current_user.email])
        if problem:
            add_error(form.new_password, problem)
        else:
            try:
                services.change_password(db.session, current_user,
                                         entered(form.current_password),
                                         entered(form.new_password))
            except services.AccountError as err:
                add_error(getattr(form, err.field), str(err))
            else:
                db.session.commit()
                login_user(current_user._get_current_object())  # re-issue with the new version
                flash(_("Your password is changed. Other devices are signed out."), "success")
                return redirect(url_for("auth.account"))
    return render_template("auth/password.html", form=form), 422 if form.errors else 200


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
@limiter.limit(configured("RATELIMIT_PASSWORD_CHECK"), methods=["POST"], key_func=signed_in_user)
def delete_account() -> ResponseReturnValue:
    """Signed-in user: delete the account and every row they own, after their password."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            services.delete_account(db.session, current_user._get_current_object(),
                                    entered(form.password))
        except services.AccountError as err:
            add_error(form.password, str(err))
        else:
            db.session.commit()
            logout_user()
            flash(_("Your account and everything in it are deleted."), "success")
            response = redirect(url_for("core.home"))
            response.headers["Clear-Site-Data"] = '"cache"'
            return response
    return render_template("auth/delete.html", form=form), 422 if form.errors else 200
