"""Sharing a diary read-only with a therapist: the person's side (/share) and
the therapist's side (/clients). The person chooses what, and can stop at once."""
from webapp.sharing import client_views, person_views  # the two sides' routes
from webapp.sharing.blueprint import bp

__all__ = ["bp", "client_views", "person_views"]
