"""Safety: one list of warning signs and the crisis path (help now, numbers by region)."""
from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from webapp.safety import crisis, signs

bp = Blueprint("safety", __name__)


@bp.record_once
def _check_signs(state: BlueprintSetupState) -> None:
    signs.init_app(state.app)


@bp.record_once
def _load_crisis_lines(state: BlueprintSetupState) -> None:
    crisis.init_app(state.app)


from webapp.safety import views  # noqa: E402,F401 - registers the help-now routes on bp
