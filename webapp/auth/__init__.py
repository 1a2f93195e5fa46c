"""Accounts: sign up, sign in, sessions that can be revoked, account settings."""
from webapp.auth import two_factor_views  # the two-step sign-in routes, on the same blueprint
from webapp.auth.views import bp

__all__ = ["bp", "two_factor_views"]
