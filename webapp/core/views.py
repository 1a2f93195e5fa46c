from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from flask.typing import ResponseReturnValue

from webapp import db
from webapp.errors import RETRY_AFTER_SECONDS
from webapp.page_cache import remembered

bp = Blueprint("core", __name__)


@bp.route("/")
@remembered
def home() -> ResponseReturnValue:
    """Anyone: what Steady is; a signed-in person's quick actions."""
    return render_template("core/home.html")


@bp.route("/healthz")
def healthz() -> ResponseReturnValue:
    """Load balancers: 200 when the database answers, 503 when it does not."""
    ok = db.ping()
    body = {"status": "ok" if ok else "error", "database": "ok" if ok else "unavailable"}
    response = jsonify(body)
    response.status_code = 200 if ok else 503
    response.headers["Cache-Control"] = "no-store"
    if not ok:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
