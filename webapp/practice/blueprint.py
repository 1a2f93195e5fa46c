"""The practice blueprint, shared by the person's side (views) and the
therapist's side (client_views)."""
from flask import Blueprint

bp = Blueprint("practice", __name__)
