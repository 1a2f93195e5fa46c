"""Accounts: sign up, sign in, sessions that can be revoked, account settings."""
from webapp.auth.views import bp

__all__ = ["bp"]
