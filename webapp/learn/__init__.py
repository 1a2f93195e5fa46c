"""Learn: sourced articles about anxiety twitching, rendered once at app start."""
from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from webapp.learn import library

bp = Blueprint("learn", __name__, url_prefix="/learn")


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    library.init_app(state.app)
    state.app.extensions.setdefault("steady_offline_urls", []).append(library.offline_urls)


from webapp.learn import views  # noqa: E402,F401 - registers the routes on bp
