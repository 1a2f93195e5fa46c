"""Safety: one list of warning signs and the crisis path (help now, numbers by region)."""
from flask import Blueprint

bp = Blueprint("safety", __name__)
