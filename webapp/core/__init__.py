"""The home page, the health check and the shared page furniture."""
from flask import Blueprint

bp = Blueprint("core", __name__)

from webapp.core import views  # noqa: E402,F401 - registers the routes on bp
