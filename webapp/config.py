"""Configuration layers: defaults -> instance/config.py -> STEADY_* and plain env -> test_config."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

WEAK_SECRETS = {"", "dev", "change-me", "changeme", "secret", "development"}


class Defaults:
    """Values every deployment starts from; anything here can be overridden."""

    ENV_NAME = "development"  # "production" turns on the strict checks
    SQLALCHEMY_DATABASE_URI = ""  # filled with instance/steady.sqlite3 when empty
    SQLALCHEMY_ECHO = False
    SQLITE_BUSY_TIMEOUT_MS = 5000
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # forced on in production
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 14
    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead; a phone form may sit open for hours
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN = "20 per minute;100 per hour"  # failed sign-ins per address
    RATELIMIT_LOGIN_ACCOUNT = "5 per minute;20 per hour"  # failed sign-ins per account
    RATELIMIT_REGISTER = "5 per minute;30 per hour"
    RATELIMIT_PASSWORD_CHECK = "5 per minute;20 per hour"
    RATELIMIT_SYNC = "120 per minute"
    RATELIMIT_TWO_FACTOR = "5 per minute;20 per hour"  # wrong second-step codes
    # Therapist sessions (they read other people's diaries): ended after this long
    # without a request, and this long after signing in, whatever happens.
    THERAPIST_IDLE_SECONDS = 30 * 60
    THERAPIST_MAX_SECONDS = 12 * 60 * 60
    TWO_FACTOR_PENDING_SECONDS = 5 * 60  # between the password and the code
    CLOCK = None  # a callable returning aware UTC now, for tests; None: the real clock
    PROXY_FIX_X_FOR = 0  # number of trusted proxies in front of the app
    PROXY_FIX_X_PROTO = 0
    ARGON2_TIME_COST = 2
    ARGON2_MEMORY_KIB = 19 * 1024
    ARGON2_PARALLELISM = 1
    PASSWORD_MIN_LENGTH = 10
    PASSWORD_MAX_LENGTH = 256
    PASSWORD_MIN_SCORE = 3  # zxcvbn 0-4
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    DEFAULT_TIMEZONE = "UTC"
    PWA_PRIVATE_PREFIXES = ("/diary",)
    # Pages, JSON, the worker and exports go out compressed (static files are
    # compressed once in webapp/core/assets.py). Brotli level 4 costs about what
    # gzip 6 does and is smaller; zstd is left to a proxy.
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_BR_LEVEL = 4
    COMPRESS_LEVEL = 6
    COMPRESS_MIN_SIZE = 500
    COMPRESS_STREAMS = True  # the CSV and JSON exports, chunk by chunk
    COMPRESS_ALGORITHM_STREAMING = ["br", "deflate"]  # the library streams no gzip
    COMPRESS_MIMETYPES = ["text/html", "text/css", "text/javascript", "application/javascript",
                          "application/json", "application/manifest+json", "image/svg+xml",
                          "text/csv", "text/calendar", "text/plain"]
    # Web Push (webapp/reminders/push.py): keys from here or made once into instance/.
    VAPID_PRIVATE_KEY = ""  # PEM, or the raw 32-byte key in base64url
    VAPID_PUBLIC_KEY = ""  # optional: checked against the private key when given
    VAPID_SUBJECT = ""  # a real mailto: or https: contact; push services refuse localhost
    PUSH_TIMEOUT_SECONDS = 10
    PUSH_TTL_SECONDS = 4 * 60 * 60  # a reminder older than this is not worth delivering
    PUSH_SERVICES = ("fcm.googleapis.com", "android.googleapis.com", "push.apple.com",
                     "push.services.mozilla.com", "notify.windows.com")
    PUSH_ALLOW_HTTP_ENDPOINTS = False  # tests only: a fake push service on 127.0.0.1
    # Pages kept per process for a person opening them again (webapp/page_cache.py);
    # 0 builds every page every time.
    PAGE_CACHE_SIZE = 256
    REMINDER_GRACE_MINUTES = 30  # a run later than this after the time skips the reminder
    TESTING = False


ENV_KEYS = {
    # plain names honoured because deploy tooling and the README use them
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "SECRET_KEY": "SECRET_KEY",
    "RATELIMIT_STORAGE_URI": "RATELIMIT_STORAGE_URI",
}


def _coerce(value: str) -> Any:
    lowered = value.lower()
    if lowered in {"true", "false"}:
        return lowered == "true"
    if value.isdigit():
        return int(value)
    return value


def _normalise_db_url(url: str) -> str:
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _local_secret(instance: Path) -> str:
    """A secret generated once into instance/ for local runs, never for production."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


class ConfigError(RuntimeError):
    """Raised when the app would start in an unsafe configuration."""


def load(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill app.config from each layer in turn, then derive and check."""
    app.config.from_object(Defaults)
    app.config["SECRET_KEY"] = ""
    app.config.from_pyfile("config.py", silent=True)
    for env_name, key in ENV_KEYS.items():
        if os.environ.get(env_name):
            app.config[key] = os.environ[env_name]
    app.config.from_prefixed_env("STEADY", loads=_coerce)
    if test_config:
        app.config.update(test_config)

    instance = Path(app.instance_path)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        instance.mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'steady.sqlite3'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_db_url(app.config["SQLALCHEMY_DATABASE_URI"])

    production = app.config["ENV_NAME"] == "production"
    if production:
        if app.config["SECRET_KEY"] in WEAK_SECRETS or len(app.config["SECRET_KEY"]) < 32:
            raise ConfigError(
                "Refusing to start in production without a real SECRET_KEY: set the "
                "SECRET_KEY environment variable to at least 32 random characters "
                "(for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    elif not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _local_secret(instance)
