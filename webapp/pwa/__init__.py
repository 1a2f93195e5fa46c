"""The installable, offline shell: manifest, service worker, offline and install pages."""
from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from webapp.pwa import precache

bp = Blueprint("pwa", __name__)


@bp.record_once
def _at_app_start(state: BlueprintSetupState) -> None:
    precache.init_app(state.app)


from webapp.pwa import views  # noqa: E402,F401 - registers the routes on bp
