"""Everything a person owns can leave (the JSON export) and come back (the import)."""
from flask import Blueprint
from flask.blueprints import BlueprintSetupState

bp = Blueprint("portability", __name__, url_prefix="/account")


@bp.record_once
def _register_builtin_types(state: BlueprintSetupState) -> None:
    records.register(state.app)


from webapp.portability import records, views  # noqa: F401 - views add routes to bp
