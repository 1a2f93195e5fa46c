"""The diary: twitches, daily check-ins, the red-flag screener and the timeline."""
from flask import Blueprint

bp = Blueprint("diary", __name__, url_prefix="/diary")


@bp.record_once
def _register(state) -> None:
    state.app.extensions.setdefault("steady_demo_fillers", []).append(demo.fill)
    state.app.extensions.setdefault("steady_offline_urls", []).append(offline_views.offline_urls)
    sync.register(state.app)


from webapp.diary import (  # noqa: E402,F401 - the modules below import bp and add routes
    checkin_views,
    demo,
    doctor_check_views,
    offline_views,
    screener_views,
    sync,
    templating,
    views,
)

offline_bp = offline_views.offline_bp
templating.init_blueprint(bp)
