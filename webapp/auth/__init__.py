"""Accounts: sign up, sign in, sessions that can be revoked, account settings."""
from flask import Blueprint

bp = Blueprint("auth", __name__)

from webapp.auth import views  # noqa: E402,F401 - registers the routes on bp
