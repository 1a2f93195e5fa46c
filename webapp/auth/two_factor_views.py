"""Two-step sign-in pages: the code after the password, and the setup page any
signed-in account has (required for therapists before any client data)."""
from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from webapp import db
from webapp.auth import clock, services
from webapp.auth import session as signin
from webapp.auth import two_factor as tf
from webapp.auth.forms import CodeForm, TurnOffForm, add_error, entered
from webapp.auth.models import User
from webapp.auth.views import bp
from webapp.extensions import configured, failed_login, limiter, signed_in_user
from webapp.security import safe_next

PENDING = signin.PENDING


def _pending_user() -> tuple[User, dict[str, Any]] | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    age = int(clock.now().timestamp()) - int(pending.get("at", 0))
    if age > current_app.config["TWO_FACTOR_PENDING_SECONDS"]:
        session.pop(PENDING, None)
        return None
    user = services.load_user_for_session(db.session, str(pending.get("token", "")))
    if user is None or user.id != pending.get("uid"):
        return None
    return user, pending


def pending_account() -> str:
    """Rate-limit key for the code step: the account whose password was given."""
    pending = session.get(PENDING)
    return f"2fa:{pending.get('uid')}" if isinstance(pending, dict) else "2fa:none"


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(configured("RATELIMIT_LOGIN"), methods=["POST"], deduct_when=failed_login)
@limiter.limit(configured("RATELIMIT_TWO_FACTOR"), methods=["POST"], key_func=pending_account,
               deduct_when=failed_login)
def login_code() -> ResponseReturnValue:
    """Anyone who has just given a right password for an account with two-step
    sign-in: the code (or a recovery code) that completes it. Until then nobody is
    signed in. Wrong or reused codes are rate-limited per account and address."""
    found = _pending_user()
    if found is None:
        flash(_("Please log in again: the code step timed out."), "info")
        return redirect(url_for("auth.login"))
    user, pending = found
    form = CodeForm()
    if form.validate_on_submit():
        try:
            used = tf.verify(db.session, user, entered(form.code), clock.now())
        except tf.TwoFactorError as err:
            add_error(form.code, str(err))
        else:
            db.session.commit()
            session.pop(PENDING, None)
            login_user(user, remember=bool(pending.get("remember")) and not user.is_therapist)
            signin.start(user, two_factor_done=True)
            if used == "recovery":
                flash(_("You used a recovery code; %(n)d left. You can make new ones on the "
                        "two-step sign-in page.", n=tf.recovery_left(db.session, user)), "info")
            return redirect(safe_next(pending.get("next")))
    hint = None
    if current_app.config["ENV_NAME"] != "production" and services.is_demo_account(user.email):
        hint = tf.code_at(user.two_factor.secret, clock.now()) if user.two_factor else None
    return render_template("auth/login_code.html", form=form,
                           demo_hint=hint), 422 if form.errors else 200


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
@limiter.limit(configured("RATELIMIT_TWO_FACTOR"), methods=["POST"], key_func=signed_in_user,
               deduct_when=lambda response: response.status_code == 422)
def two_factor_setup() -> ResponseReturnValue:
    """Signed-in user: turn two-step sign-in on (QR code, secret, a code to confirm),
    then see 10 recovery codes once. When it is on: its status and the ways to make
    new recovery codes or (a person only) turn it off."""
    user: User = current_user._get_current_object()
    next_url = request.values.get("next") or ""
    if user.two_factor_on:
        return render_template("auth/two_factor_on.html", form=CodeForm(prefix="new"),
                               off_form=TurnOffForm(prefix="off"),
                               left=tf.recovery_left(db.session, user))
    record = tf.setup_for(db.session, user)
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = tf.confirm(db.session, user, entered(form.code), clock.now())
        except tf.TwoFactorError as err:
            add_error(form.code, str(err))
        else:
            services.end_all_sessions(db.session, user)  # other devices sign in again, with a code
            db.session.commit()
            login_user(user)
            session[signin.TWO_FACTOR_DONE] = True
            return render_template("auth/two_factor_codes.html", codes=codes,
                                   next_url=safe_next(next_url, url_for("auth.account")))
    db.session.commit()  # the secret, kept until confirmed, so the QR code stays the same
    return render_template("auth/two_factor_setup.html", form=form, secret=record.secret,
                           next_url=next_url), 422 if form.errors else 200


@bp.route("/account/two-factor/qr.svg")
@login_required
def two_factor_qr() -> ResponseReturnValue:
    """Signed-in user setting up two-step sign-in: the QR code of their secret, as
    an SVG (an image the CSP allows), never cached. 404 once it is on."""
    record = current_user.two_factor
    if record is None or record.enabled_at is not None:
        abort(404)
    svg = tf.qr_svg(tf.provisioning_uri(current_user, record.secret))
    return svg, 200, {"Content-Type": "image/svg+xml", "Cache-Control": "no-store"}


@bp.route("/account/two-factor/recovery-codes", methods=["POST"])
@login_required
@limiter.limit(configured("RATELIMIT_TWO_FACTOR"), methods=["POST"], key_func=signed_in_user,
               deduct_when=lambda response: response.status_code == 422)
def two_factor_new_codes() -> ResponseReturnValue:
    """Signed-in user with two-step sign-in on, with a current code: 10 new
    recovery codes, shown once; the old ones stop working."""
    user: User = current_user._get_current_object()
    if not user.two_factor_on:
        return redirect(url_for("auth.two_factor_setup"))
    form = CodeForm(prefix="new")
    if form.validate_on_submit():
        try:
            tf.verify(db.session, user, entered(form.code), clock.now())
        except tf.TwoFactorError as err:
            add_error(form.code, str(err))
        else:
            codes = tf.new_recovery_codes(db.session, user)
            db.session.commit()
            return render_template("auth/two_factor_codes.html", codes=codes,
                                   next_url=url_for("auth.account"))
    return render_template("auth/two_factor_on.html", form=form,
                           off_form=TurnOffForm(prefix="off", formdata=None),
                           left=tf.recovery_left(db.session, user)), 422


@bp.route("/account/two-factor/off", methods=["POST"])
@login_required
@limiter.limit(configured("RATELIMIT_PASSWORD_CHECK"), methods=["POST"], key_func=signed_in_user)
def two_factor_off() -> ResponseReturnValue:
    """A person with two-step sign-in on, with their password and a code: turn it
    off. Refused for therapists, who need it."""
    user: User = current_user._get_current_object()
    if not user.two_factor_on:
        return redirect(url_for("auth.two_factor_setup"))
    form = TurnOffForm(prefix="off")
    if form.validate_on_submit():
        try:
            tf.turn_off(db.session, user, entered(form.password), entered(form.code), clock.now())
        except tf.TwoFactorError as err:
            add_error(form.code, str(err))
        else:
            db.session.commit()
            flash(_("Two-step sign-in is off. Your password alone signs you in."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/two_factor_on.html", form=CodeForm(prefix="new", formdata=None),
                           off_form=form, left=tf.recovery_left(db.session, user)), 422
