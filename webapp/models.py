"""Imports every feature's models so Base.metadata knows all tables (Alembic, tests)."""
from webapp.auth.models import User
from webapp.diary.models import Checkin, DoctorCheck, Entry, ScreenerState, Screening
from webapp.exercises.models import CustomPattern, ExerciseSession
from webapp.insights.summary_models import DoctorQuestion
from webapp.recovery.experiments import Adherence, Experiment
from webapp.recovery.models import CheckItem, ParkedWorry, RecoverySettings
from webapp.sharing.models import Share, TherapistCode

__all__ = ["Adherence", "CheckItem", "Checkin", "CustomPattern", "DoctorCheck", "DoctorQuestion",
           "Entry",
           "ExerciseSession", "Experiment", "ParkedWorry", "RecoverySettings", "ScreenerState",
           "Screening", "Share", "TherapistCode", "User"]
