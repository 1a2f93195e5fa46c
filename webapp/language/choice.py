"""Which language a request speaks: a signed-in person's stored choice, else the
language cookie this phone keeps, else the best match for the browser's
Accept-Language, else English. URLs are the same in every language.

Flask-Babel calls ``for_request`` at most once per request (the first time a word
is translated) and keeps the answer; a request that never translates a word
never asks, so its answer does not depend on the language (webapp/language/headers.py)."""
from __future__ import annotations

from flask import current_app, g, has_request_context, request
from flask_login import current_user
from werkzeug.wrappers import Response

from webapp.auth import session as signin

SUPPORTED = ("en", "es")  # the first is the default
# Each language's name in that language, so anyone can find their own: never translated.
NAMES = {"en": "English", "es": "Español"}
COOKIE = "steady_lang"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
CHOSEN = "steady_language_chosen"  # set in g once the request's language was chosen


def supported(value: object) -> str | None:
    """``value`` when it names a language Steady speaks (exactly: "es", not "ES"), else None."""
    return value if isinstance(value, str) and value in SUPPORTED else None


def for_request() -> str | None:
    """Flask-Babel's locale selector (Flask-Babel only): this request's language.
    None outside a request (a CLI command), which means the default, English."""
    if not has_request_context():
        return None
    g.setdefault(CHOSEN, True)
    return (_account_language() or supported(request.cookies.get(COOKIE))
            or request.accept_languages.best_match(SUPPORTED) or SUPPORTED[0])


def _account_language() -> str | None:
    # While the session's loader runs (it may translate a sign-out message) the user
    # is not known yet, and asking for them would run the loader a second time.
    if signin.loading():
        return None
    user = current_user  # the signed-in user, loaded once per request with the language
    return supported(user.language) if user.is_authenticated else None


def remember_on_device(response: Response, language: str) -> None:
    """Set the language cookie on ``response`` (the switcher's view): a year, this
    site only, never read by scripts, secure wherever the session cookie is."""
    response.set_cookie(COOKIE, language, max_age=COOKIE_MAX_AGE, path="/", samesite="Lax",
                        httponly=True,
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))
