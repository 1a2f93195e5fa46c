"""Exercises: guided breathing and relaxation, with ratings before and after."""
from webapp.exercises import session_views  # the session routes, on the same blueprint
from webapp.exercises.views import bp

__all__ = ["bp", "session_views"]
