"""Imports every feature's models so Base.metadata knows all tables (Alembic, tests)."""
from webapp.auth.models import User

__all__ = ["User"]
