"""Questionnaires (PHQ-4, GAD-7, PHQ-9): taking them, scores and reliable change,
therapist schedules and item-9 alerts."""
from webapp.measures import client_views  # its routes are on bp too
from webapp.measures.views import bp

__all__ = ["bp", "client_views"]
