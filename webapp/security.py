"""Response headers and CSP, password hashing and strength, role checks."""
from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import (
    Flask,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from zxcvbn import zxcvbn

from webapp.extensions import login_manager

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = ("camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                      "interest-cohort=()")


def set_security_headers(response: Response) -> Response:
    """Headers every response carries, error pages included."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = PERMISSIONS_POLICY
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if request.endpoint == "static":
        return response  # public files; and no user lookup for each of them
    # Only a user this request already loaded: the hook itself never queries, so it
    # works when the database is away and costs no statement on public pages.
    user = g.get("_login_user")
    if user is not None and user.is_authenticated and "Cache-Control" not in response.headers:
        # Anything rendered for a signed-in person may hold their data.
        response.headers["Cache-Control"] = "no-store"
        response.vary.add("Cookie")  # beside what else it varies with (its language)
    return response


def clean_form_input() -> None:
    """What no browser sends is taken out of the query string and the form before
    any view (or the CSRF check) reads them: NUL characters (never typed, and
    PostgreSQL refuses them in text), and form parts without a name (a malformed
    multipart header leaves the name out, and a None name broke the CSRF check).
    (File contents and JSON bodies are checked by the parsers that read them.)"""
    if any("\x00" in key + value for key, value in request.args.items(multi=True)):
        request.args = _without_nul(request.args)
    if request.mimetype == "multipart/form-data" and (None in request.form
                                                      or None in request.files):
        request.form = ImmutableMultiDict(
            [(k, v) for k, v in request.form.items(multi=True) if k is not None])
        request.files = ImmutableMultiDict(
            [(k, v) for k, v in request.files.items(multi=True) if k is not None])
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data") and any(
            "\x00" in key + value for key, value in request.form.items(multi=True)):
        request.form = _without_nul(request.form)


def _without_nul(values: MultiDict[str, str]) -> ImmutableMultiDict[str, str]:
    return ImmutableMultiDict([(key.replace("\x00", ""), value.replace("\x00", ""))
                               for key, value in values.items(multi=True)])


def init_app(app: Flask) -> None:
    # First of all before-request hooks: the CSRF check (registered by an earlier
    # step) reads the form too, and must see it cleaned.
    app.before_request_funcs.setdefault(None, []).insert(0, clean_form_input)
    app.after_request(set_security_headers)


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"],
        memory_cost=cfg["ARGON2_MEMORY_KIB"],
        parallelism=cfg["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    """Argon2id hash at the configured (OWASP) parameters."""
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher().check_needs_rehash(stored_hash)


# A real hash to verify against when the account does not exist, so a wrong
# email takes as long as a wrong password.
_DUMMY: dict[tuple[int, int, int], str] = {}


def burn_time_like_a_verify(password: str) -> None:
    cfg = current_app.config
    key = (cfg["ARGON2_TIME_COST"], cfg["ARGON2_MEMORY_KIB"], cfg["ARGON2_PARALLELISM"])
    if key not in _DUMMY:
        _DUMMY[key] = hash_password("steady-timing-equaliser")
    verify_password(_DUMMY[key], password)


def N_(message: str) -> str:
    """Marks a sentence for the catalogue without translating it yet (gettext_noop)."""
    return message


# zxcvbn's feedback, which the library only has in English: marked here so
# `make messages` extracts it, and translated when shown (password_problem).
ZXCVBN_FEEDBACK = frozenset({
    N_("Use a few words, avoid common phrases."),
    N_("No need for symbols, digits, or uppercase letters."),
    N_("Add another word or two. Uncommon words are better."),
    N_("Straight rows of keys are easy to guess."),
    N_("Short keyboard patterns are easy to guess."),
    N_("Use a longer keyboard pattern with more turns."),
    N_('Repeats like "aaa" are easy to guess.'),
    N_('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
    N_("Avoid repeated words and characters."),
    N_('Sequences like "abc" or "6543" are easy to guess.'),
    N_("Avoid sequences."),
    N_("Recent years are easy to guess."),
    N_("Avoid recent years."),
    N_("Avoid years that are associated with you."),
    N_("Dates are often easy to guess."),
    N_("Avoid dates and years that are associated with you."),
    N_("This is a top-10 common password."),
    N_("This is a top-100 common password."),
    N_("This is a very common password."),
    N_("This is similar to a commonly used password."),
    N_("A word by itself is easy to guess."),
    N_("Names and surnames by themselves are easy to guess."),
    N_("Common names and surnames are easy to guess."),
    N_("Capitalization doesn't help very much."),
    N_("All-uppercase is almost as easy to guess as all-lowercase."),
    N_("Reversed words aren't much harder to guess."),
    N_("Predictable substitutions like '@' instead of 'a' don't help very much."),
})


def _feedback(sentence: str) -> str:
    return _(sentence) if sentence in ZXCVBN_FEEDBACK else sentence


def password_problem(password: str, user_inputs: list[str]) -> str | None:
    """A helpful sentence when a password is too short, too long or easy to guess."""
    cfg = current_app.config
    if len(password) < cfg["PASSWORD_MIN_LENGTH"]:
        return _("Use at least %(min)d characters.", min=cfg["PASSWORD_MIN_LENGTH"])
    if len(password) > cfg["PASSWORD_MAX_LENGTH"]:
        return _("Use at most %(max)d characters.", max=cfg["PASSWORD_MAX_LENGTH"])
    # zxcvbn refuses more than 72 characters; the first 72 decide well enough.
    result = zxcvbn(password[:72], user_inputs=[u for u in user_inputs if u])
    if result["score"] >= cfg["PASSWORD_MIN_SCORE"]:
        return None
    feedback = result.get("feedback") or {}
    hint = _feedback(feedback.get("warning") or "")
    tips = " ".join(_feedback(tip) for tip in feedback.get("suggestions") or [])
    message = _("This password is too easy to guess.")
    if hint:
        message += f" {hint.rstrip('.')}."
    message += " " + (tips or _("Try a few unrelated words together, like a short odd sentence."))
    return message.strip()


def role_required(role: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Only signed-in users with this role; others get 404 so nothing leaks."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role != role:
                abort(404)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def therapist_with_two_factor(view: Callable[..., Any]) -> Callable[..., Any]:
    """Every therapist page that shows client data: a signed-in therapist (others
    get 404) whose account has two-step sign-in on and whose session passed it;
    otherwise to the setup page (or the code step), and back here afterwards."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role != "therapist":
            abort(404)
        if not current_user.two_factor_on:
            flash(_("Turn on two-step sign-in first: it protects your clients' diaries."),
                  "info")
            target = request.path if request.method == "GET" else None
            return redirect(url_for("auth.two_factor_setup", next=target))
        if not session.get("two_factor_done"):  # a session from before it was on
            logout_user()
            flash(_("Please log in again, with your code."), "info")
            return redirect(url_for("auth.login"))
        return view(*args, **kwargs)

    wrapped.therapist_client_route = True  # type: ignore[attr-defined]  # found by the route tests
    return wrapped


NEXT_MAX_LENGTH = 1024


def is_local_path(target: object) -> bool:
    """True only for a path on this site, as a browser would read it.

    Browsers strip tabs and newlines and read a backslash as a slash, so
    "/\\evil.example" and "/<TAB>/evil.example" both leave the site: any control
    or whitespace character, any backslash, a scheme, a host or a leading "//"
    is refused."""
    if not isinstance(target, str) or not target or len(target) > NEXT_MAX_LENGTH:
        return False
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    if any(ch.isspace() or unicodedata.category(ch).startswith("C") for ch in target):
        return False
    parts = urlsplit(target)
    return not (parts.scheme or parts.netloc)


def safe_next(target: object, fallback: str | None = None) -> str:
    """A return address taken from a request: the path itself when it is local,
    otherwise the fallback (the home page by default)."""
    if is_local_path(target):
        return target  # type: ignore[return-value]
    return fallback or url_for("core.home")
