"""Safety: one list of warning signs and the crisis path (help now, numbers by region)."""
from webapp.safety.views import bp

__all__ = ["bp"]
