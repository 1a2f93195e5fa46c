"""Imports every feature's models so Base.metadata knows all tables (Alembic, tests)."""
from webapp.auth.models import User
from webapp.diary.models import Checkin, Entry, Screening
from webapp.exercises.models import CustomPattern, ExerciseSession
from webapp.sharing.models import Share, TherapistCode

__all__ = ["Checkin", "CustomPattern", "Entry", "ExerciseSession", "Screening", "Share",
           "TherapistCode", "User"]
