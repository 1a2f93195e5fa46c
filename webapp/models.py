"""Imports every feature's models so Base.metadata knows all tables (Alembic, tests)."""
from webapp.auth.models import User
from webapp.diary.models import Checkin, DoctorCheck, Entry, ScreenerState, Screening
from webapp.exercises.models import CustomPattern, ExerciseSession
from webapp.insights.summary_models import DoctorQuestion
from webapp.measures.models import MeasureAlert, MeasureResponse, MeasureSchedule
from webapp.recovery.experiments import Adherence, Experiment
from webapp.recovery.models import CheckItem, ParkedWorry, RecoverySettings
from webapp.reminders.models import PushSubscription, ReminderSent, ReminderSettings
from webapp.sharing.models import Share, TherapistCode

__all__ = ["Adherence", "CheckItem", "Checkin", "CustomPattern", "DoctorCheck", "DoctorQuestion",
           "Entry",
           "ExerciseSession", "Experiment", "MeasureAlert", "MeasureResponse", "MeasureSchedule",
           "ParkedWorry", "PushSubscription", "RecoverySettings", "ReminderSent",
           "ReminderSettings", "ScreenerState",
           "Screening", "Share", "TherapistCode", "User"]
