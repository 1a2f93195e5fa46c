"""Sharing a diary read-only with a therapist: the person's side (/share) and
the therapist's side (/clients). The person chooses what, and can stop at once."""
from flask import Blueprint

bp = Blueprint("sharing", __name__)

from webapp.sharing import client_views, person_views  # noqa: E402,F401 - registers routes
