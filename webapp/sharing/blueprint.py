"""The sharing blueprint, shared by its two sides: the person's (person_views)
and the therapist's (client_views)."""
from flask import Blueprint

bp = Blueprint("sharing", __name__)
