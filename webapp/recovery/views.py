"""Recovery pages (/recovery). Signed-in people only; each view commits once."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("recovery", __name__, url_prefix="/recovery")
