"""Reminders: settings per person in their own time zone, Web Push to each of
their devices, the scheduler command for cron, and a calendar file instead."""
from webapp.reminders.views import bp

__all__ = ["bp"]
