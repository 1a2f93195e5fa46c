"""Safety: one list of warning signs and the crisis path (help now, numbers by region)."""
from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from webapp.safety import signs

bp = Blueprint("safety", __name__)


@bp.record_once
def _check_signs(state: BlueprintSetupState) -> None:
    signs.init_app(state.app)
