"""The diary: twitches, daily check-ins, the red-flag screener and the timeline."""
from flask import Blueprint

bp = Blueprint("diary", __name__, url_prefix="/diary")


@bp.record_once
def _register(state) -> None:
    from webapp.diary import demo, sync

    state.app.extensions.setdefault("steady_demo_fillers", []).append(demo.fill)
    sync.register(state.app)


from webapp.diary import checkin_views, screener_views, templating, views  # noqa: E402,F401 - routes

templating.init_blueprint(bp)
