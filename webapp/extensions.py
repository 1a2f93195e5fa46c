"""Extension objects, created here and wired to the app in create_app()."""
from collections.abc import Callable

from flask import Flask, Response, current_app, request
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_wtf import CSRFProtect

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
compress = Compress()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def submitted_email() -> str:
    """Rate-limit key for per-account limits: the address being tried, normalised."""
    return "account:" + (request.form.get("email") or "").strip().lower()


def signed_in_user() -> str:
    """Rate-limit key for per-account limits on signed-in actions (the address
    for anyone else). The id, not the session id, so a new login starts no fresh count."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return "ip:" + get_remote_address()


def configured(name: str) -> Callable[[], str]:
    """A limit read from the app's config at request time (tests and deployments set it)."""
    return lambda: current_app.config[name]


def counters_are_shared(app: Flask) -> bool:
    """True when every process serving the app counts rate limits in one store
    (memory:// lives inside a single process)."""
    if not app.config["RATELIMIT_ENABLED"]:
        return True
    return not app.config["RATELIMIT_STORAGE_URI"].startswith("memory://")


def failed_login(response: Response) -> bool:
    """Only failed sign-ins use up a limit: a clinic of people signing in from one
    address is never locked out, while guessing at any account still is."""
    return response.status_code != 302
