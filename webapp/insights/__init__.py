"""Insights, the doctor's summary and exports, read from a person's own diary."""
from flask import Blueprint

from webapp.diary.redflags import sign_text

bp = Blueprint("insights", __name__, url_prefix="/diary")


@bp.app_template_filter("redflag_text")
def redflag_text(key: str) -> str:
    """A stored red-flag key as the warning sign it stands for."""
    return sign_text(key)


from webapp.insights import export, views  # noqa: E402,F401 - registers the routes on bp
