"""Extension objects, created here and wired to the app in create_app()."""
from flask import request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def submitted_email() -> str:
    """Rate-limit key for per-account limits: the address being tried, normalised."""
    return "account:" + (request.form.get("email") or "").strip().lower()
