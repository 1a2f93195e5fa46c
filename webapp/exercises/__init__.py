"""Exercises: guided breathing and relaxation, with ratings before and after."""
from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from webapp.exercises.offline import offline_assets, offline_urls

bp = Blueprint("exercises", __name__, url_prefix="/exercises")


@bp.record_once
def _offer_offline_pages(state: BlueprintSetupState) -> None:
    state.app.extensions.setdefault("steady_offline_urls", []).append(offline_urls)
    state.app.extensions.setdefault("steady_offline_assets", []).append(offline_assets)


from webapp.exercises import session_views, views  # noqa: E402,F401 - registers the routes on bp
