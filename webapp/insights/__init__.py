"""Insights, the doctor's summary and exports, read from a person's own diary."""
from flask import Blueprint

from webapp.diary.redflags import QUESTIONS_BY_KEY

bp = Blueprint("insights", __name__, url_prefix="/diary")


@bp.app_template_filter("redflag_text")
def redflag_text(key: str) -> str:
    """A stored red-flag key as the question the person answered."""
    question = QUESTIONS_BY_KEY.get(key)
    return str(question.text) if question else key


from webapp.insights import export, views  # noqa: E402,F401 - registers the routes on bp
